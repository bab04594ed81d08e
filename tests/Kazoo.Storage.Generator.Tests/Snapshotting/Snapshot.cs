using System.Runtime.CompilerServices;

namespace Kazoo.Storage.Generator.Tests.Snapshotting;

/// <summary>
/// Snapshot assertions for a test: the snapshots live in a <c>Snapshots/</c> folder next to the calling test's source
/// file (found through <see cref="CallerFilePathAttribute"/>, so it works from the build output), named
/// <c>{Class}.{Method}#{name}.verified.cs</c>, where the class is the source file's name.
/// </summary>
internal static class Snapshot
{
    /// <summary>Compares one snapshot, e.g. one generated file by its hint name.</summary>
    public static void Verify(string content, string name, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
        => StoreFor(sourceFile).Verify(SnapshotStore.Stem(Prefix(sourceFile, method), name), content);

    /// <summary>Compares every snapshot of a test at once (one per name), and fails for verified files left without content.</summary>
    public static void VerifyAll(IEnumerable<(string Name, string Content)> items, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
        => StoreFor(sourceFile).VerifyAll(Prefix(sourceFile, method), items);

    private static string Prefix(string sourceFile, string method) => Path.GetFileNameWithoutExtension(sourceFile) + "." + method;

    private static SnapshotStore StoreFor(string sourceFile)
    {
        var sourceDirectory = Path.GetDirectoryName(sourceFile);
        if (string.IsNullOrEmpty(sourceDirectory) || !Directory.Exists(sourceDirectory))
        {
            // Happens when the compiler maps source paths (deterministic source paths); the csproj turns that off.
            throw new InvalidOperationException(
                $"The test source folder '{sourceDirectory}' does not exist here, so the snapshots cannot be found. Build the tests without deterministic source paths.");
        }

        return new SnapshotStore(Path.Combine(sourceDirectory, "Snapshots"), SnapshotStore.AcceptRequested);
    }
}
