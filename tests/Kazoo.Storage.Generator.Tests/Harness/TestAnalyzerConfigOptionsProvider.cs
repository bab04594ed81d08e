using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// What MSBuild would give the compiler for a project with <c>&lt;KazooSchema Include="…" /&gt;</c> items: global
/// <c>build_property.*</c> options, and per-file <c>build_metadata.AdditionalFiles.*</c> options looked up by path.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly IReadOnlyDictionary<string, AnalyzerConfigOptions> _byPath;

    public TestAnalyzerConfigOptionsProvider(AnalyzerConfigOptions globalOptions, IReadOnlyDictionary<string, AnalyzerConfigOptions> byPath)
    {
        GlobalOptions = globalOptions;
        _byPath = byPath;
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryAnalyzerConfigOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => _byPath.TryGetValue(textFile.Path, out var options) ? options : DictionaryAnalyzerConfigOptions.Empty;
}
