using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// Kazoo's own 777 Crossbar schemas, all in one compilation as a consumer adds them: the generator does not fail and
/// says where every problem is. (That the output compiles and works is the packaging tests' consumer build.)
/// </summary>
public sealed class KazooCorpusTests
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
}
