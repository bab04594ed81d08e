using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>
/// <see cref="IAttachmentHandler"/>'s contract against the fake Drive: a located attachment (no file id) is found by its name
/// in its folder, or in root where Kazoo's fallback upload put it, and the caller's failing stream is its own failure.
/// </summary>
public sealed class ContractTests : DriveTestContext
{
    [Fact]
    public async Task The_handler_meets_the_contract_in_a_folder()
    {
        await AttachmentHandlerContract.VerifyAsync(Handler, Backend(folderPath: "kazoo/voicemail"), "contract.mp3", Cancel);

        AssertNoViolations();
    }

    [Fact]
    public async Task A_located_attachment_that_the_fallback_put_in_root_is_found_there_read_and_deleted()
    {
        var folder = Google.Drive.AddFolder("broken");
        Google.Drive.FailUploadsInto[folder.Id] = (500, "Backend Error");
        var backend = Backend(folderId: folder.Id);
        using var content = Bytes(50_000);
        var stored = await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);
        Assert.Equal("root", stored.Metadata["parent_id"]);

        var located = Handler.Locate(backend, Voicemail());

        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, located));
        await Handler.DeleteAsync(backend, located, Cancel);
        Assert.Null(Google.Drive.Find(stored.BackendId!));
        Assert.Contains(Google.Drive.Queries, q => q.StartsWith($"'{folder.Id}' in parents", StringComparison.Ordinal));
        Assert.Contains(Google.Drive.Queries, q => q.StartsWith("'root' in parents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_content_stream_that_fails_in_a_multipart_upload_is_its_own_failure_and_nothing_is_retried()
    {
        var folder = Google.Drive.AddFolder("voicemail");
        var breaking = new BreakingStream(Bytes(50_000).ToArray(), failAt: 20_000);

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(folderId: folder.Id), Voicemail(), breaking, "audio/mpeg", Cancel));

        Assert.Equal("the caller's disk went away", failure.Message);
        Assert.DoesNotContain(Google.Drive.Items, i => !i.IsFolder);
        Assert.DoesNotContain(Google.Drive.Uploads, u => u.ParentId == "root");
    }

    /// <summary>A seekable stream (so the upload is multipart, and a retry could rewind it) that fails midway.</summary>
    private sealed class BreakingStream(byte[] content, int failAt) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= failAt ? throw new IOException("the caller's disk went away") : base.Read(buffer, offset, Math.Min(count, failAt - (int)Position));

        public override int Read(Span<byte> buffer)
        {
            var bytes = new byte[buffer.Length];
            var read = Read(bytes, 0, bytes.Length);
            bytes.AsSpan(0, read).CopyTo(buffer);
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    }
}
