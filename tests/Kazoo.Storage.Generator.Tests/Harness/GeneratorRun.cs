using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>What one run of the generator produced, and the compilation that includes its output.</summary>
internal sealed class GeneratorRun
{
    private readonly Lazy<ImmutableArray<Diagnostic>> _compilationDiagnostics;

    public GeneratorRun(GeneratorRunResult result, Compilation outputCompilation, ImmutableArray<Diagnostic> driverDiagnostics)
    {
        Result = result;
        OutputCompilation = outputCompilation;
        GeneratorDiagnostics = driverDiagnostics;
        Sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        _compilationDiagnostics = new(() => WithNullableWarnings(outputCompilation, result).GetDiagnostics());
    }

    /// <summary>The schema generator's own result: generated sources, exception, tracked steps.</summary>
    public GeneratorRunResult Result { get; }

    /// <summary>The input compilation plus the generated sources.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>What the driver reported: the generator's diagnostics and, if it threw, CS8785.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Generated source text by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>
    /// Every diagnostic of the output compilation (computed on first use: binding takes a moment), with the generated files'
    /// <c>#nullable enable annotations</c> turned into <c>#nullable enable</c>: consumers' builds skip the flow analysis of
    /// generated code, the tests do not, so a nullable warning in generated code still fails them.
    /// </summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => _compilationDiagnostics.Value;

    private static Compilation WithNullableWarnings(Compilation compilation, GeneratorRunResult result)
    {
        foreach (var generated in result.GeneratedSources)
        {
            var text = generated.SourceText.ToString();
            Assert.Contains("\n#nullable enable annotations\n", text);
            var checkedText = text.Replace("\n#nullable enable annotations\n", "\n#nullable enable\n", StringComparison.Ordinal);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == generated.SyntaxTree.FilePath);
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(checkedText, generated.SourceText.Encoding)));
        }

        return compilation;
    }

    /// <summary>The hint names of the generated types (not the JSON context, not a schema file's validation nodes).</summary>
    public IReadOnlyList<string> TypeHints()
        => Sources.Keys.Where(hint => !hint.StartsWith(GeneratorHarness.ContextName + ".", StringComparison.Ordinal)).ToList();

    /// <summary>The runs of one tracked step (a <c>SchemaGenerator.Steps</c> name).</summary>
    public ImmutableArray<IncrementalGeneratorRunStep> TrackedSteps(string stepName)
        => Result.TrackedSteps.TryGetValue(stepName, out var steps) ? steps : ImmutableArray<IncrementalGeneratorRunStep>.Empty;

    /// <summary>The output reasons of one tracked step, over all its runs.</summary>
    public IReadOnlyList<IncrementalStepRunReason> OutputReasons(string stepName)
        => TrackedSteps(stepName).SelectMany(step => step.Outputs).Select(output => output.Reason).ToList();
}
