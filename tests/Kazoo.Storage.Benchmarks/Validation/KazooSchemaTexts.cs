using System.Reflection;
using System.Text.Json;

namespace Kazoo.Storage.Benchmarks.Validation;

/// <summary>
/// Kazoo's 16 storage schemas (the repository's <c>schemas/storage*.json</c>), embedded in the assembly so that
/// BenchmarkDotNet's generated runner and the test app find them without file paths. Keyed by each file's <c>_id</c>.
/// </summary>
public static class KazooSchemaTexts
{
    private const string ResourcePrefix = "KazooSchemas/";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_all = new(Load);

    /// <summary>Schema id (Kazoo's <c>_id</c>) → the file's JSON text.</summary>
    public static IReadOnlyDictionary<string, string> All => s_all.Value;

    private static IReadOnlyDictionary<string, string> Load()
    {
        var assembly = typeof(KazooSchemaTexts).Assembly;
        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            using var document = JsonDocument.Parse(text);
            var id = document.RootElement.GetProperty("_id").GetString()!;
            texts.Add(id, text);
        }

        if (texts.Count != 16)
        {
            throw new InvalidOperationException($"Expected Kazoo's 16 storage schemas as embedded resources, found {texts.Count}.");
        }

        return texts;
    }
}
