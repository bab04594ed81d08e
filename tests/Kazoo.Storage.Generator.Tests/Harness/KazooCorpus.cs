namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// Kazoo's 777 Crossbar schemas, read in place from the corpora folder beside the repository
/// (<c>../shared/corpus/kazoo-crossbar-schemas</c> from its root). A test that needs them skips with the reason when the
/// folder is missing, and fails instead under <c>KAZOO_REQUIRE_ALL_TESTS=1</c> (CI).
/// </summary>
internal static class KazooCorpus
{
    public static string? Directory { get; } = Find();

    /// <summary>Every corpus schema, in file-name order; skips (or fails in CI) when the corpus is not there.</summary>
    public static IReadOnlyList<SchemaSource> All()
    {
        if (Directory is null)
        {
            const string Reason = "Kazoo's Crossbar schemas are not beside the repository (../shared/corpus/kazoo-crossbar-schemas)";
            if (Environment.GetEnvironmentVariable("KAZOO_REQUIRE_ALL_TESTS") == "1")
            {
                Assert.Fail(Reason + "; KAZOO_REQUIRE_ALL_TESTS=1 turns this skip into a failure");
            }

            Assert.Skip(Reason);
        }

        return System.IO.Directory.GetFiles(Directory!, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new SchemaSource(path, File.ReadAllText(path)))
            .ToList();
    }

    private static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sdk.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "corpus", "kazoo-crossbar-schemas"));
                return System.IO.Directory.Exists(corpus) ? corpus : null;
            }
        }

        return null;
    }
}
