using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Validation;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Conformance;

/// <summary>
/// Generates every conformance group's schema files in as few generator runs as possible (one, unless file names
/// clash), compiles and loads each run's output, and keeps what each group ended up with: its validators, or why it has
/// none. A run whose output does not compile or load is split in halves until the failure is down to single groups, so
/// one broken group does not take the others' verdicts with it.
/// </summary>
public sealed class ConformanceSuite : IDisposable
{
    private readonly List<AssemblyLoadContext> _contexts = new();
    private readonly Dictionary<ConformanceGroup, GroupOutcome> _outcomes = new();
    private readonly List<Diagnostic> _generatorErrors = new();
    private readonly List<Diagnostic> _compilationProblems = new();

    public ConformanceSuite()
    {
        foreach (var batch in ConformanceData.Batches)
        {
            Generate(batch, whole: true);
        }
    }

    /// <summary>Error diagnostics of the generator, over every batch run as a whole.</summary>
    internal IReadOnlyList<Diagnostic> GeneratorErrors => _generatorErrors;

    /// <summary>Errors and warnings of compiling every batch's output as a whole.</summary>
    internal IReadOnlyList<Diagnostic> CompilationProblems => _compilationProblems;

    internal GroupOutcome Outcome(ConformanceGroup group) => _outcomes[group];

    private void Generate(IReadOnlyList<ConformanceGroup> groups, bool whole)
    {
        var files = groups.SelectMany(g => g.AllFiles).Distinct().ToList();
        var run = GeneratorHarness.Run(files.Select(f => f.Source));
        var paths = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var errors = run.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Error);
        using var image = new MemoryStream();
        var emit = run.OutputCompilation.Emit(image);
        if (whole)
        {
            _generatorErrors.AddRange(errors);
            _compilationProblems.AddRange(emit.Diagnostics.AtLeast(DiagnosticSeverity.Warning));
        }

        string? failure = null;
        SchemaSet? schemas = null;
        if (run.Result.Exception is { } exception)
        {
            failure = "the generator threw " + exception.GetType().Name + ": " + exception.Message;
        }
        else if (errors.FirstOrDefault(d => !paths.Contains(d.Location.GetLineSpan().Path)) is { } unplaced)
        {
            failure = "the generator reported " + unplaced;
        }
        else if (!emit.Success)
        {
            var compileErrors = emit.Diagnostics.AtLeast(DiagnosticSeverity.Error);
            failure = "the generated code does not compile (" + compileErrors.Count + " errors), first: "
                + string.Join(" | ", compileErrors.Take(3).Select(d => d.ToString()));
        }
        else
        {
            (schemas, failure) = Load(image);
        }

        if (failure is not null && groups.Count > 1)
        {
            Generate(groups.Take(groups.Count / 2).ToList(), whole: false);
            Generate(groups.Skip(groups.Count / 2).ToList(), whole: false);
            return;
        }

        foreach (var group in groups)
        {
            var own = group.AllFiles.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var diagnostics = run.GeneratorDiagnostics.Where(d => own.Contains(d.Location.GetLineSpan().Path)).ToImmutableArray();
            _outcomes[group] = new GroupOutcome(schemas, failure, diagnostics);
        }
    }

    /// <summary>Loads an emitted output into its own collectible context and reads its <c>Schemas</c>.</summary>
    private (SchemaSet? Schemas, string? Failure) Load(MemoryStream image)
    {
        image.Position = 0;
        var context = new AssemblyLoadContext("conformance-" + _contexts.Count, isCollectible: true);
        _contexts.Add(context);
        try
        {
            var type = context.LoadFromStream(image).GetType(GeneratorHarness.Namespace + "." + GeneratorHarness.ContextName, throwOnError: true)!;
            var schemas = (SchemaSet)type.GetProperty("Schemas", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            return (schemas, null);
        }
        catch (Exception ex)
        {
            var inner = ex;
            while (inner is TargetInvocationException or TypeInitializationException && inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            return (null, "the generated schema set does not load: " + inner.GetType().Name + ": " + inner.Message);
        }
    }

    public void Dispose()
    {
        foreach (var context in _contexts)
        {
            context.Unload();
        }
    }
}

/// <summary>
/// What one group got: the schema set holding its validator (null when there is none), why it has none, and the
/// generator's diagnostics located in its files.
/// </summary>
internal sealed record GroupOutcome(SchemaSet? Schemas, string? Failure, ImmutableArray<Diagnostic> Diagnostics);
