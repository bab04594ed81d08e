using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Kazoo.Storage.Serialization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>An AdditionalFiles item whose text lives in memory, as the compiler hands it to a generator.</summary>
public sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>
/// What MSBuild hands the compiler for <c>&lt;KazooSchema Include="…" /&gt;</c> items (see the generator's build props
/// and targets): the global <c>build_property.*</c> options, and <c>build_metadata.AdditionalFiles.KazooSchema=true</c>
/// for every additional file, with <c>GenerateTypes="false"</c> on the files a predicate picks.
/// </summary>
public sealed class KazooSchemaOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions s_schemaFile = SchemaFile("");
    private static readonly DictionaryOptions s_validatorOnlyFile = SchemaFile("false");

    private readonly Func<string, bool>? _validatorOnly;

    /// <param name="namespace">The generated types' namespace.</param>
    /// <param name="contextName">The JSON entry point's name.</param>
    /// <param name="validatorOnly">Which schema files (by path) have <c>GenerateTypes="false"</c>; none when null.</param>
    public KazooSchemaOptionsProvider(string @namespace, string contextName, Func<string, bool>? validatorOnly = null)
    {
        _validatorOnly = validatorOnly;
        GlobalOptions = new DictionaryOptions(new Dictionary<string, string>
        {
            ["build_property.KazooSchemaNamespace"] = @namespace,
            ["build_property.KazooSchemaJsonContext"] = contextName,
            ["build_property.RootNamespace"] = "Kazoo.Storage.Generator.Benchmarks.Consumer",
        });
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _validatorOnly?.Invoke(textFile.Path) == true ? s_validatorOnlyFile : s_schemaFile;

    private static DictionaryOptions SchemaFile(string generateTypes) => new(new Dictionary<string, string>
    {
        ["build_metadata.AdditionalFiles.KazooSchema"] = "true",
        ["build_metadata.AdditionalFiles.KazooTypeName"] = "",
        ["build_metadata.AdditionalFiles.KazooGenerateTypes"] = generateTypes,
    });

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = new Dictionary<string, string>(values, KeyComparer);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}

/// <summary>
/// The consuming project's compilation, as the generator sees it: one small C# file, the running runtime's framework
/// assemblies and Kazoo.Storage.dll (the runtime types the generator looks for). Metadata references are made once per
/// process, as a compiler server keeps them.
/// </summary>
public static class ConsumerCompilation
{
    public const string Namespace = "Kazoo.Storage.Generator.Benchmarks.Generated";
    public const string ContextName = "BenchmarkSchemaJson";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>A new compilation (no cached semantic state).</summary>
    public static CSharpCompilation Create() => CSharpCompilation.Create(
        "Consumer",
        [CSharpSyntaxTree.ParseText("namespace Consumer; public static class Marker { }", ParseOptions, "Consumer.cs")],
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// A new driver over these schema files, with step tracking off (as in the compiler); the files
    /// <paramref name="validatorOnly"/> picks by path have <c>GenerateTypes="false"</c>.
    /// </summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> schemas, Func<string, bool>? validatorOnly = null) => CSharpGeneratorDriver.Create(
        [new SchemaGenerator().AsSourceGenerator()],
        schemas,
        ParseOptions,
        new KazooSchemaOptionsProvider(Namespace, ContextName, validatorOnly),
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Append(typeof(JsonExtensionData).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
