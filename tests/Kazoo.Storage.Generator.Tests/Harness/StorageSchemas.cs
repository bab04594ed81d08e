namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>Kazoo's 16 storage schemas (the repository's <c>schemas/storage*.json</c>, copied next to the tests).</summary>
internal static class StorageSchemas
{
    public const int Count = 16;

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>Every storage schema, in file-name order.</summary>
    public static IReadOnlyList<SchemaSource> All()
        => System.IO.Directory.GetFiles(Directory, "storage*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new SchemaSource(path, File.ReadAllText(path)))
            .ToList();

    /// <summary>The schema whose file (and <c>_id</c>) is <paramref name="id"/>.</summary>
    public static SchemaSource Get(string id) => All().Single(s => Path.GetFileNameWithoutExtension(s.Path) == id);

    /// <summary>Every storage schema, with <paramref name="id"/>'s replaced by <paramref name="replacement"/>.</summary>
    public static IReadOnlyList<SchemaSource> AllWith(string id, Func<SchemaSource, SchemaSource> replacement)
        => All().Select(s => Path.GetFileNameWithoutExtension(s.Path) == id ? replacement(s) : s).ToList();
}
