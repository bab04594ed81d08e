using Xunit.Sdk;

namespace Kazoo.Storage.Generator.Tests.Snapshotting;

public sealed class SnapshotStoreTests : IDisposable
{
    private const string Prefix = "SomeTests.Some_method";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kazoo-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Snapshot_file_names_follow_Verify_SourceGenerators()
    {
        var store = new SnapshotStore(_directory, accept: false);

        Assert.Equal(Path.Combine(_directory, "SomeTests.Some_method#Thing.g.verified.cs"), store.VerifiedPath(SnapshotStore.Stem(Prefix, "Thing.g.cs")));
        Assert.Equal(Path.Combine(_directory, "SomeTests.Some_method#Thing.g.received.cs"), store.ReceivedPath(SnapshotStore.Stem(Prefix, "Thing.g.cs")));
    }

    [Fact]
    public void Matching_content_passes_and_removes_a_stale_received_file()
    {
        var store = new SnapshotStore(_directory, accept: false);
        var stem = SnapshotStore.Stem(Prefix, "A.g.cs");
        Write(store.VerifiedPath(stem), "class A\n{\n}\n");
        Write(store.ReceivedPath(stem), "class Old\n");

        store.Verify(stem, "class A\r\n{\r\n}\r\n");

        Assert.False(File.Exists(store.ReceivedPath(stem)));
    }

    [Fact]
    public void Different_content_fails_and_writes_the_received_file()
    {
        var store = new SnapshotStore(_directory, accept: false);
        var stem = SnapshotStore.Stem(Prefix, "A.g.cs");
        Write(store.VerifiedPath(stem), "class A\n{\n}\n");

        var failure = Assert.Throws<FailException>(() => store.Verify(stem, "class B\r\n{\r\n}\r\n"));

        Assert.Equal("class B\n{\n}\n", File.ReadAllText(store.ReceivedPath(stem)));
        Assert.Equal("class A\n{\n}\n", File.ReadAllText(store.VerifiedPath(stem)));
        Assert.Contains("line 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains(SnapshotStore.AcceptVariable + "=1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("rename", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_verified_file_fails_and_writes_the_received_file()
    {
        var store = new SnapshotStore(_directory, accept: false);
        var stem = SnapshotStore.Stem(Prefix, "A.g.cs");

        var failure = Assert.Throws<FailException>(() => store.Verify(stem, "class A\n"));

        Assert.Equal("class A\n", File.ReadAllText(store.ReceivedPath(stem)));
        Assert.False(File.Exists(store.VerifiedPath(stem)));
        Assert.Contains("No verified snapshot", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepting_writes_the_verified_file_with_LF_and_removes_the_received_file()
    {
        var store = new SnapshotStore(_directory, accept: true);
        var stem = SnapshotStore.Stem(Prefix, "A.g.cs");
        Write(store.VerifiedPath(stem), "class Old\n");
        Write(store.ReceivedPath(stem), "class Old\n");

        store.Verify(stem, "class A\r\n{\r\n}\r\n");

        Assert.Equal("class A\n{\n}\n", File.ReadAllText(store.VerifiedPath(stem)));
        Assert.False(File.Exists(store.ReceivedPath(stem)));
    }

    [Fact]
    public void Verifying_a_set_fails_for_a_verified_file_that_has_no_content_any_more()
    {
        var store = new SnapshotStore(_directory, accept: false);
        Write(store.VerifiedPath(SnapshotStore.Stem(Prefix, "A.g.cs")), "class A\n");
        Write(store.VerifiedPath(SnapshotStore.Stem(Prefix, "Gone.g.cs")), "class Gone\n");

        var failure = Assert.Throws<FailException>(() => store.VerifyAll(Prefix, new[] { ("A.g.cs", "class A\n") }));

        Assert.Contains("Gone.g", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepting_a_set_deletes_verified_files_that_have_no_content_any_more()
    {
        var store = new SnapshotStore(_directory, accept: true);
        var gone = store.VerifiedPath(SnapshotStore.Stem(Prefix, "Gone.g.cs"));
        var otherTest = store.VerifiedPath(SnapshotStore.Stem("SomeTests.Other_method", "Gone.g.cs"));
        Write(gone, "class Gone\n");
        Write(otherTest, "class Gone\n");

        store.VerifyAll(Prefix, new[] { ("A.g.cs", "class A\n") });

        Assert.False(File.Exists(gone));
        Assert.True(File.Exists(otherTest));
        Assert.Equal("class A\n", File.ReadAllText(store.VerifiedPath(SnapshotStore.Stem(Prefix, "A.g.cs"))));
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
