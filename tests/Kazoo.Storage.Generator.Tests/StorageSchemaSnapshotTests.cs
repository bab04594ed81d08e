using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Generator.Tests.Snapshotting;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// The generated source for Kazoo's storage schemas, file by file, against the committed snapshots in
/// <c>Snapshots/</c>. After an intended generator change, rerun with <c>KAZOO_ACCEPT_SNAPSHOTS=1</c> and review the diff.
/// </summary>
public sealed class StorageSchemaSnapshotTests
{
    [Fact]
    public void Storage_schemas_generate_the_verified_sources()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All());

        Assert.NotEmpty(run.Sources);
        Snapshot.VerifyAll(run.Sources.Select(source => (source.Key, source.Value)));
    }
}
