using System.Text.RegularExpressions;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// Kazoo's own 777 Crossbar schemas, all in one compilation as a consumer adds them: the generator does not fail and
/// says where every problem is. (That the output compiles and works is the packaging tests' consumer build.)
/// </summary>
public sealed partial class KazooCorpusTests
{
    private static readonly Lazy<GeneratorRun> s_run = new(() => GeneratorHarness.Run(KazooCorpus.All()));

    [Fact]
    public void Every_corpus_schema_is_read_without_a_generator_failure()
    {
        var failures = s_run.Value.GeneratorDiagnostics.Where(d => d.Id is "KZS010" or "CS8785").ToList();

        Assert.True(failures.Count == 0, failures.Describe());
        Assert.Null(s_run.Value.Result.Exception);
    }

    [Fact]
    public void Every_generator_diagnostic_on_the_corpus_is_located_in_a_schema_file()
    {
        var unlocated = s_run.Value.GeneratorDiagnostics
            .Where(d => d.Id.StartsWith("KZS", StringComparison.Ordinal) && d.Id != "KZS009")
            .Where(d => !d.Location.IsInSource && d.Location.Kind != LocationKind.ExternalFile)
            .ToList();

        Assert.True(unlocated.Count == 0, unlocated.Describe());
    }

    [Fact]
    public void Corpus_gets_no_error_diagnostic_and_more_than_seven_hundred_types()
    {
        var errors = s_run.Value.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Error);

        Assert.True(errors.Count == 0, errors.Describe());
        Assert.True(s_run.Value.TypeHints().Count > 700, s_run.Value.TypeHints().Count + " types");
    }

    [Fact]
    public void With_every_other_file_validator_only_the_types_are_a_closed_subset_of_the_full_runs_and_the_same()
    {
        var partial = GeneratorHarness.Run(KazooCorpus.All().Select((schema, i) => i % 2 == 0 ? schema : schema with { GenerateTypes = "false" }));
        var full = s_run.Value;

        Assert.Null(partial.Result.Exception);
        var errors = partial.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Error);
        Assert.True(errors.Count == 0, errors.Describe());
        var types = partial.TypeHints().ToHashSet(StringComparer.Ordinal);
        Assert.InRange(types.Count, 1, full.TypeHints().Count - 1);

        // Every type is the full run's type of that name, byte for byte; so is every file's validator.
        Assert.All(partial.Sources.Where(s => s.Key != GeneratorHarness.ContextName + ".g.cs"), source => Assert.Equal(full.Sources[source.Key], source.Value));

        // Closed: every generated type a generated type names is generated too.
        var generatedNames = full.TypeHints().Select(hint => hint[..^".g.cs".Length]).ToHashSet(StringComparer.Ordinal);
        var typeName = new Regex("global::" + Regex.Escape(GeneratorHarness.Namespace) + @"\.(\w+)", RegexOptions.CultureInvariant);
        var uses = types.SelectMany(hint => typeName.Matches(partial.Sources[hint]).Select(m => (hint, name: m.Groups[1].Value))).ToList();
        Assert.Contains(uses, use => generatedNames.Contains(use.name) && use.hint != use.name + ".g.cs"); // something to check: a type naming another
        var missing = uses
            .Where(use => generatedNames.Contains(use.name) && !types.Contains(use.name + ".g.cs"))
            .Select(use => use.hint + " names " + use.name)
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }
}
