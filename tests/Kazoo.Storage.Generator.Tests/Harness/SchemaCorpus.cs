using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// The broken and unusual schema files under <c>Corpus/</c> (copied next to the tests) and their one-line expectations
/// (<c>Corpus/expectations.json</c>). Each file runs through the generator together with the 16 storage schemas; runs
/// are cached per file, since several tests look at the same run.
/// </summary>
internal static class SchemaCorpus
{
    public const string None = "none";
    public const string ManifestName = "expectations.json";

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static readonly Lazy<IReadOnlyDictionary<string, CorpusExpectation>> s_expectations = new(LoadExpectations);
    private static readonly ConcurrentDictionary<string, Lazy<GeneratorRun>> s_runs = new(StringComparer.Ordinal);
    private static readonly Lazy<GeneratorRun> s_storageOnly = new(() => GeneratorHarness.Run(StorageSchemas.All()));

    /// <summary>Every expectation, by corpus file name.</summary>
    public static IReadOnlyDictionary<string, CorpusExpectation> Expectations => s_expectations.Value;

    /// <summary>The corpus's schema files (every <c>*.json</c> but the manifest), by name.</summary>
    public static IReadOnlyList<string> Files()
        => System.IO.Directory.GetFiles(Directory, "*.json")
            .Select(Path.GetFileName)
            .Where(name => name != ManifestName)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>
    /// A corpus file's source as the compiler would hand it over: read with encoding detection, so a UTF-8 byte order
    /// mark is not part of the text (as <c>AdditionalText.GetText()</c> decodes files).
    /// </summary>
    public static SchemaSource Source(string file) => new(PathOf(file), File.ReadAllText(PathOf(file)));

    /// <summary>The generator run of the storage schemas alone: what every corpus run must still produce.</summary>
    public static GeneratorRun StorageOnly => s_storageOnly.Value;

    /// <summary>The (cached) run of one corpus file, its companions, and the 16 storage schemas.</summary>
    public static GeneratorRun Run(string file) => s_runs.GetOrAdd(file, name => new Lazy<GeneratorRun>(() =>
        GeneratorHarness.Run(StorageSchemas.All()
            .Append(Source(name))
            .Concat(Expectations[name].With.Select(Source))))).Value;

    /// <summary>File names of the cases whose expectation matches, as xunit theory data.</summary>
    public static TheoryData<string> Cases(Func<CorpusExpectation, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (var (file, expectation) in Expectations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (predicate(expectation))
            {
                data.Add(file);
            }
        }

        return data;
    }

    private static IReadOnlyDictionary<string, CorpusExpectation> LoadExpectations()
    {
        using var stream = File.OpenRead(Path.Combine(Directory, ManifestName));
        var manifest = JsonSerializer.Deserialize<Manifest>(stream)
                       ?? throw new InvalidOperationException(ManifestName + " is empty.");
        return manifest.Cases.ToDictionary(p => p.Key, p => p.Value with { File = p.Key }, StringComparer.Ordinal);
    }

    private sealed record Manifest([property: JsonPropertyName("cases")] Dictionary<string, CorpusExpectation> Cases);
}

/// <summary>What one corpus file should produce.</summary>
/// <param name="Expect">A diagnostic id (<c>KZS001</c>…<c>KZS011</c>), or <c>none</c> for an unusual but valid schema.</param>
/// <param name="Line">The 1-based line of the diagnostic, as an editor shows it.</param>
/// <param name="Why">The one-line reason.</param>
/// <param name="WithFiles">Companion corpus files run together with this one.</param>
/// <param name="Message">Text the diagnostic's message must contain (e.g. the unresolved id).</param>
/// <param name="TypeHints">Generated files (hint names) that must be there.</param>
internal sealed record CorpusExpectation(
    [property: JsonPropertyName("expect")] string Expect,
    [property: JsonPropertyName("line")] int? Line,
    [property: JsonPropertyName("why")] string Why,
    [property: JsonPropertyName("with")] IReadOnlyList<string>? WithFiles,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("types")] IReadOnlyList<string>? TypeHints)
{
    [JsonIgnore]
    public string File { get; init; } = "";

    [JsonIgnore]
    public bool IsValid => Expect == SchemaCorpus.None;

    [JsonIgnore]
    public IReadOnlyList<string> With => WithFiles ?? Array.Empty<string>();

    [JsonIgnore]
    public IReadOnlyList<string> Types => TypeHints ?? Array.Empty<string>();

    /// <summary>The files this case hands to the generator besides the storage schemas.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Paths => new[] { File }.Concat(With).Select(SchemaCorpus.PathOf).ToList();

    public override string ToString() => File + " → " + (IsValid ? "no diagnostic" : Expect + " at line " + Line) + " (" + Why + ")";
}
