namespace Kazoo.Storage.Tests.Models;

/// <summary>The example storage documents shipped beside the tests (seed page, spec §2.4, and one with every backend).</summary>
internal static class ExampleDocuments
{
    public static readonly string[] Names =
    [
        "seed-get-account-storage.json",
        "spec-get-account-storage.json",
        "spec-put-http-backend.json",
        "every-backend.json",
    ];

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", name));
}
