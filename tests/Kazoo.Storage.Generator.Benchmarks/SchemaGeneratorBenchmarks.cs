using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>
/// A first ("cold") generator run: a new <see cref="GeneratorDriver"/> and a new consumer compilation, so nothing is
/// cached from an earlier run; JIT is warm after BenchmarkDotNet's warm-up (run with <c>--strategy ColdStart</c> to include
/// it, see README.md). Timed: <c>RunGenerators</c> over Kazoo's 16 storage schemas or the 800-file synthetic corpus.
/// The generator does not run in <c>[GlobalSetup]</c> (that would warm the JIT before a ColdStart measurement); the last
/// run's output is checked in <c>[GlobalCleanup]</c> instead, which fails the benchmark when the check fails.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class ColdGenerationBenchmarks
{
    private IReadOnlyList<InMemoryAdditionalText> _storage = [];
    private IReadOnlyList<InMemoryAdditionalText> _corpus800 = [];
    private GeneratorDriver? _last;

    [GlobalSetup]
    public void Setup()
    {
        _storage = SchemaCorpora.Storage();
        _corpus800 = SchemaCorpora.Synthetic(800);
        _ = ConsumerCompilation.References; // the compiler host's metadata, loaded once per process
    }

    [Benchmark(Description = "Cold-Storage16")]
    public GeneratorDriver ColdStorage16() => _last = Run(_storage);

    [Benchmark(Description = "Cold-Corpus800")]
    public GeneratorDriver ColdCorpus800() => _last = Run(_corpus800);

    [GlobalCleanup(Target = nameof(ColdStorage16))]
    public void CheckStorage() => SchemaCorpora.Check("storage", _last ?? throw new InvalidOperationException("No run."), minimumSources: 20);

    [GlobalCleanup(Target = nameof(ColdCorpus800))]
    public void CheckCorpus() => SchemaCorpora.Check("corpus800", _last ?? throw new InvalidOperationException("No run."), minimumSources: 800);

    private static GeneratorDriver Run(IReadOnlyList<InMemoryAdditionalText> schemas) =>
        ConsumerCompilation.CreateDriver(schemas).RunGenerators(ConsumerCompilation.Create());
}

/// <summary>
/// A one-file edit: the driver has run once on the corpus (in the untimed iteration setup), one AdditionalText is
/// replaced with an edited copy (a new property and a changed description in one <c>.member</c> schema, or in
/// <c>storage.plan.database.attachment</c>), and only the second run is timed, as an IDE or a compiler server reruns a
/// generator after a save.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[InvocationCount(1, unrollFactor: 1)]
public class OneFileEditBenchmarks
{
    private IReadOnlyList<InMemoryAdditionalText> _storage = [];
    private IReadOnlyList<InMemoryAdditionalText> _corpus800 = [];
    private InMemoryAdditionalText _storageOriginal = null!;
    private InMemoryAdditionalText _storageEdited = null!;
    private InMemoryAdditionalText _corpusOriginal = null!;
    private InMemoryAdditionalText _corpusEdited = null!;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _storage = SchemaCorpora.Storage();
        _corpus800 = SchemaCorpora.Synthetic(800);

        _storageOriginal = _storage.Single(t => t.Path.EndsWith("/storage.plan.database.attachment.json", StringComparison.Ordinal));
        _storageEdited = new InMemoryAdditionalText(_storageOriginal.Path, _storageOriginal.GetText().ToString()
            .Replace("\"stub\": {", "\"priority\": {\n            \"description\": \"Order among handlers\",\n            \"minimum\": 0,\n            \"type\": \"integer\"\n        },\n        \"stub\": {", StringComparison.Ordinal));
        if (_storageEdited.GetText().ToString() == _storageOriginal.GetText().ToString())
        {
            throw new InvalidOperationException("The storage edit changed nothing.");
        }

        var memberPath = "/corpus/" + SyntheticKazooCorpus.MemberId(50) + ".json";
        _corpusOriginal = _corpus800.Single(t => t.Path == memberPath);
        _corpusEdited = new InMemoryAdditionalText(memberPath, SyntheticKazooCorpus.EditMember(_corpusOriginal.GetText().ToString()));

        // The edit must change the output (a new member in one record), and the edited run must build cleanly.
        foreach (var (name, schemas, original, edited) in new[] { ("storage", _storage, _storageOriginal, _storageEdited), ("corpus800", _corpus800, _corpusOriginal, _corpusEdited) })
        {
            var compilation = ConsumerCompilation.Create();
            var first = ConsumerCompilation.CreateDriver(schemas).RunGenerators(compilation);
            var second = first.ReplaceAdditionalText(original, edited).RunGenerators(compilation);
            SchemaCorpora.Check(name + " (edited)", second, minimumSources: schemas.Count);
            var before = first.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString());
            var after = second.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString());
            if (before.SequenceEqual(after))
            {
                throw new InvalidOperationException($"{name}: the edit did not change the generated code.");
            }
        }
    }

    [IterationSetup(Target = nameof(EditStorage16))]
    public void FirstRunStorage() => FirstRun(_storage);

    [IterationSetup(Target = nameof(EditCorpus800))]
    public void FirstRunCorpus() => FirstRun(_corpus800);

    [Benchmark(Description = "Edit-Storage16")]
    public GeneratorDriver EditStorage16() => _driver.ReplaceAdditionalText(_storageOriginal, _storageEdited).RunGenerators(_compilation);

    [Benchmark(Description = "Edit-Corpus800")]
    public GeneratorDriver EditCorpus800() => _driver.ReplaceAdditionalText(_corpusOriginal, _corpusEdited).RunGenerators(_compilation);

    private void FirstRun(IReadOnlyList<InMemoryAdditionalText> schemas)
    {
        // The same compilation serves both runs, as when only an additional file changed.
        _compilation = ConsumerCompilation.Create();
        _driver = ConsumerCompilation.CreateDriver(schemas).RunGenerators(_compilation);
    }
}
