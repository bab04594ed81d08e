using System.Globalization;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// Every broken or unusual schema of <c>Corpus/</c>, each run with the 16 storage schemas: its expected diagnostic is
/// reported at its file and line (or none at all for a valid one), the generator never crashes, the storage types still
/// generate unchanged, and the output compiles (valid schemas: without a single warning).
/// Expectations live in <c>Corpus/expectations.json</c>, one line per file.
/// </summary>
public sealed class SchemaCorpusTests
{
    private static readonly string[] s_crashIds = { "CS8785", "AD0001", "KZS010" };

    public static TheoryData<string> AllCases => SchemaCorpus.Cases(_ => true);

    public static TheoryData<string> DiagnosticCases => SchemaCorpus.Cases(e => !e.IsValid);

    public static TheoryData<string> ValidCases => SchemaCorpus.Cases(e => e.IsValid);

    public static TheoryData<string> CasesWithTypes => SchemaCorpus.Cases(e => e.Types.Count > 0);

    [Fact]
    public void Corpus_has_at_least_30_files_and_each_has_exactly_one_expectation()
    {
        var files = SchemaCorpus.Files();

        Assert.True(files.Count >= 30, "only " + files.Count + " corpus files");
        Assert.Equal(files, SchemaCorpus.Expectations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_expectation_is_a_known_diagnostic_with_a_line_or_none()
    {
        var known = Enumerable.Range(1, 11).Select(i => "KZS" + i.ToString("000", CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var expectation in SchemaCorpus.Expectations.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(expectation.Why), expectation.File + ": no 'why'");
            Assert.All(expectation.With, companion => Assert.Contains(companion, SchemaCorpus.Expectations.Keys));
            if (expectation.IsValid)
            {
                Assert.Null(expectation.Line);
            }
            else
            {
                Assert.True(known.Contains(expectation.Expect), expectation.File + ": unknown id " + expectation.Expect);
                Assert.True(expectation.Line is > 0, expectation.File + ": no line");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DiagnosticCases))]
    public void Expected_diagnostic_is_reported_at_its_file_and_line(string file)
    {
        var expectation = SchemaCorpus.Expectations[file];
        var run = SchemaCorpus.Run(file);
        var path = SchemaCorpus.PathOf(file);
        var inFile = run.GeneratorDiagnostics.Where(d => d.Location.GetLineSpan().Path == path).ToList();

        var match = inFile.FirstOrDefault(d => d.Id == expectation.Expect && Line(d) == expectation.Line);

        Assert.True(match is not null, $"{expectation}: expected {expectation.Expect} at {file}:{expectation.Line}; observed in the file: {Describe(inFile)}");
        Assert.Equal(DiagnosticDescriptors.ById(expectation.Expect).DefaultSeverity, match.Severity);
        if (expectation.Message is { } text)
        {
            var message = match.GetMessage(CultureInfo.InvariantCulture);
            Assert.True(message.Contains(text, StringComparison.Ordinal), $"{file}: the {match.Id} message should contain {text}: {message}");
        }
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_file_gets_no_diagnostic(string file)
    {
        var expectation = SchemaCorpus.Expectations[file];
        var run = SchemaCorpus.Run(file);

        var inFiles = run.GeneratorDiagnostics.Where(d => expectation.Paths.Contains(d.Location.GetLineSpan().Path)).ToList();

        Assert.True(inFiles.Count == 0, $"{expectation}: expected no diagnostic; observed: {Describe(inFiles)}");
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Generator_does_not_crash(string file)
    {
        var run = SchemaCorpus.Run(file);

        var crashes = run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics).Where(d => s_crashIds.Contains(d.Id)).ToList();

        Assert.True(run.Result.Exception is null, file + ": the generator threw " + run.Result.Exception);
        Assert.True(crashes.Count == 0, file + ": " + crashes.Describe());
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Storage_types_are_still_generated_unchanged(string file)
    {
        var storage = SchemaCorpus.StorageOnly.Sources.Where(s => s.Key != GeneratorHarness.ContextName + ".g.cs").ToList();
        var run = SchemaCorpus.Run(file);

        var missing = storage.Where(s => !run.Sources.ContainsKey(s.Key)).Select(s => s.Key).ToList();
        var changed = storage.Where(s => run.Sources.TryGetValue(s.Key, out var text) && text != s.Value).Select(s => s.Key).ToList();

        Assert.True(missing.Count == 0, file + ": storage types no longer generated: " + string.Join(", ", missing));
        Assert.True(changed.Count == 0, file + ": storage types generated differently: " + string.Join(", ", changed));
        Assert.Contains(GeneratorHarness.ContextName + ".g.cs", run.Sources.Keys);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Generated_code_compiles_without_errors(string file)
    {
        var run = SchemaCorpus.Run(file);

        var errors = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Error);
        var warnings = run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        if (warnings.Count > 0)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(file + ": the generated code compiles with warnings: " + warnings.Describe());
        }

        Assert.True(errors.Count == 0, $"{SchemaCorpus.Expectations[file]}: the generated code does not compile: {errors.Describe()}");
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_file_generates_code_that_compiles_without_warnings(string file)
    {
        var run = SchemaCorpus.Run(file);

        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);

        Assert.True(problems.Count == 0, $"{SchemaCorpus.Expectations[file]}: {problems.Describe()}");
    }

    [Theory]
    [MemberData(nameof(CasesWithTypes))]
    public void Expected_types_are_generated(string file)
    {
        var expectation = SchemaCorpus.Expectations[file];
        var run = SchemaCorpus.Run(file);

        var missing = expectation.Types.Where(hint => !run.Sources.ContainsKey(hint)).ToList();

        Assert.True(missing.Count == 0, $"{expectation}: not generated: {string.Join(", ", missing)}; generated besides the storage types: "
                                        + string.Join(", ", run.Sources.Keys.Where(k => !k.StartsWith("Storage", StringComparison.Ordinal))));
    }

    private static int Line(Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;

    private static string Describe(IReadOnlyCollection<Diagnostic> diagnostics) => diagnostics.Count == 0
        ? "(none)"
        : string.Join("; ", diagnostics.Select(d => d.Id + " at line " + Line(d) + ": " + d.GetMessage(CultureInfo.InvariantCulture)));
}
