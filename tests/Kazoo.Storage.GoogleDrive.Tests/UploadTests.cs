using System.Diagnostics;
using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Multipart uploads for small content, resumable sessions for large or unknown-length content, and Kazoo's retry into root.</summary>
public sealed class UploadTests : DriveTestContext
{
    [Fact]
    public async Task Small_content_goes_up_as_one_multipart_related_request()
    {
        using var content = Bytes(100_000);
        var expected = content.ToArray();

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal([("multipart", "root")], Google.Drive.Uploads);
        Assert.Empty(Google.Drive.Sessions);
        var file = Google.Drive.Find(stored.BackendId!)!;
        Assert.Equal(expected, file.Content);
        Assert.Equal("audio/mpeg", file.MimeType);
        Assert.Equal("google_drive", stored.HandlerKind);
        Assert.Equal(100_000, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.Equal("multipart", stored.Metadata["upload"]);
        Assert.Equal(OAuthDocId, stored.Metadata["oauth_doc_id"]);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(expected)), stored.Metadata["md5Checksum"]);
        Assert.True(content.CanRead, "The caller's stream stays open.");
        Assert.Equal(expected, await ReadAllAsync(Backend(), stored));
        AssertNoViolations();
    }

    [Fact]
    public async Task Twenty_MiB_from_a_stream_goes_up_resumably_in_chunks_and_comes_back_identical()
    {
        const long Length = 20L * MiB;
        var handler = CreateHandler(new GoogleDriveAttachmentHandlerOptions
        {
            DriveBaseUri = Google.BaseUri,
            UploadBaseUri = Google.BaseUri,
            ChunkSize = 4 * MiB,
        });
        var watch = Stopwatch.StartNew();

        var stored = await handler.PutAsync(Backend(folderPath: "kazoo/recordings"), Voicemail(name: "call.wav"), new GeneratedStream(Length), "audio/wav", Cancel);
        var uploaded = watch.Elapsed;

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.Null(session.DeclaredLength);
        Assert.Equal(
            [
                "bytes 0-4194303/*",
                "bytes 4194304-8388607/*",
                "bytes 8388608-12582911/*",
                "bytes 12582912-16777215/*",
                "bytes 16777216-20971519/20971520",
            ],
            session.ContentRanges);
        Assert.Equal("resumable", stored.Metadata["upload"]);
        Assert.Equal(Length, stored.Length);

        watch.Restart();
        await using var download = await handler.OpenReadAsync(Backend(), stored, Cancel);
        var hash = await SHA256.HashDataAsync(download, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"20 MiB over loopback: upload {uploaded.TotalMilliseconds:F0} ms, download+hash {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(GeneratedStream.Sha256(Length), hash);
        AssertNoViolations();
    }

    [Fact]
    public async Task Seekable_content_above_the_threshold_declares_its_length_in_every_chunk()
    {
        using var content = Bytes(2 * MiB + MiB / 2);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.Equal(2_621_440, session.DeclaredLength);
        Assert.Equal(["bytes 0-1048575/2621440", "bytes 1048576-2097151/2621440", "bytes 2097152-2621439/2621440"], session.ContentRanges);
        Assert.Equal(content.ToArray(), Google.Drive.Find(stored.BackendId!)!.Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task Content_of_an_exact_number_of_chunks_ends_with_a_full_last_chunk()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB), "audio/mpeg", Cancel);

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.Equal(["bytes 0-1048575/*", "bytes 1048576-2097151/2097152"], session.ContentRanges);
        Assert.Equal(GeneratedStream.Sha256(2 * MiB), SHA256.HashData(Google.Drive.Find(stored.BackendId!)!.Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task Empty_content_of_unknown_length_completes_with_a_zero_total()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(0), "audio/mpeg", Cancel);

        Assert.Equal(["bytes */0"], Assert.Single(Google.Drive.Sessions.Values).ContentRanges);
        Assert.Empty(Google.Drive.Find(stored.BackendId!)!.Content);
        Assert.Equal(0, stored.Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_chunk_failing_with_503_is_resumed_from_what_Drive_kept()
    {
        Google.Drive.FailChunkOnce = 1;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel);

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.Equal(["bytes 0-1048575/*", "bytes 1048576-2097151/*", "bytes */*", "bytes 1048576-2097151/*", "bytes 2097152-3145727/3145728"], session.ContentRanges);
        Assert.Equal(GeneratedStream.Sha256(3 * MiB), SHA256.HashData(Google.Drive.Find(stored.BackendId!)!.Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_session_that_keeps_failing_gives_up_after_the_resume_attempts_and_is_cancelled()
    {
        Google.Drive.FailEveryChunk = true;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel));

        Assert.Equal(503, failure.ErrorCode);
        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.Equal(
            ["bytes 0-1048575/*", "bytes */*", "bytes 0-1048575/*", "bytes */*", "bytes 0-1048575/*", "bytes */*", "bytes 0-1048575/*"],
            session.ContentRanges);
        Assert.True(session.Cancelled);
        Assert.Equal([("resumable", "root")], Google.Drive.Uploads);
    }

    [Fact]
    public async Task A_content_type_that_is_not_a_MIME_type_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "not a type", Cancel));

        Assert.Empty(Google.Drive.Requests);
    }

    [Fact]
    public async Task A_chunk_Drive_kept_only_in_part_is_continued_from_the_first_byte_it_lacks()
    {
        Google.Drive.KeepHalfOfChunk = 0;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB + 100), "audio/mpeg", Cancel);

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.Equal(["bytes 0-1048575/*", "bytes 524288-1572863/*", "bytes 1572864-2097251/2097252"], session.ContentRanges);
        Assert.Equal(GeneratedStream.Sha256(2 * MiB + 100), SHA256.HashData(Google.Drive.Find(stored.BackendId!)!.Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_multipart_upload_into_a_failing_folder_is_retried_once_into_root()
    {
        var folder = Google.Drive.AddFolder("broken");
        Google.Drive.FailUploadsInto[folder.Id] = (500, "Backend Error");
        using var content = Bytes(50_000);

        var stored = await Handler.PutAsync(Backend(folderId: folder.Id), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal([("multipart", folder.Id), ("multipart", "root")], Google.Drive.Uploads);
        Assert.Equal("root", stored.Metadata["parent_id"]);
        Assert.Equal(content.ToArray(), Google.Drive.Find(stored.BackendId!)!.Content);
        Assert.Equal(50_000, stored.Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_resumable_upload_of_a_forward_only_stream_is_retried_into_root_when_the_session_is_refused()
    {
        Google.Drive.FailUploadsInto[Google.Drive.AddFolder("kazoo").Id] = (404, "File not found: kazoo.");

        var stored = await Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel);

        Assert.Equal("root", Google.Drive.Find(stored.BackendId!)!.ParentId);
        Assert.Equal(2, Google.Drive.Uploads.Count);
        Assert.Equal(GeneratedStream.Sha256(3 * MiB), SHA256.HashData(Google.Drive.Find(stored.BackendId!)!.Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task An_upload_into_root_that_fails_is_not_retried()
    {
        Google.Drive.FailUploadsInto["*"] = (403, "The user's Drive storage quota has been exceeded.");

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal("The user's Drive storage quota has been exceeded.", failure.Reason);
        Assert.Single(Google.Drive.Uploads);
    }

    [Fact]
    public async Task When_the_retry_into_root_fails_too_its_failure_is_reported()
    {
        var folder = Google.Drive.AddFolder("kazoo");
        Google.Drive.FailUploadsInto[folder.Id] = (500, "Backend Error");
        Google.Drive.FailUploadsInto["root"] = (403, "The user's Drive storage quota has been exceeded.");

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(folderId: folder.Id), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal([("multipart", folder.Id), ("multipart", "root")], Google.Drive.Uploads);
    }
}
