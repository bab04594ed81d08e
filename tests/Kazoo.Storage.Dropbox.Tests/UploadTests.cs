using System.Diagnostics;
using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>One <c>files/upload</c> call for small content, upload sessions for large or long unknown-length content, and what a second store of the same attachment does.</summary>
public sealed class UploadTests : DropboxTestContext
{
    [Fact]
    public async Task Small_content_goes_up_in_one_upload_call_and_the_pointer_is_Dropboxs_answer()
    {
        using var content = Bytes(100_000);
        var expected = content.ToArray();

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(["files/upload"], Functions());
        var call = Dropbox.Calls.Single();
        Assert.Equal(("content", "POST", "application/octet-stream", 100_000L), (call.Host, call.Method, call.ContentType, call.ContentLength));
        var file = Dropbox.Find("/" + stored.ObjectName)!;
        Assert.Equal(expected, file.Content);
        Assert.Equal(file.Id, stored.BackendId);
        Assert.StartsWith("id:", stored.BackendId, StringComparison.Ordinal);
        Assert.Equal("dropbox", stored.HandlerKind);
        Assert.Equal(100_000, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.Equal("single", stored.Metadata["upload"]);
        Assert.Equal(OAuthDocId, stored.Metadata["oauth_doc_id"]);
        Assert.Equal(DropboxContentHash.Of(expected), stored.Metadata["content_hash"]);
        Assert.Equal("100000", stored.Metadata["size"]);
        Assert.Equal(file.Rev, stored.Metadata["rev"]);
        Assert.Equal(file.PathLower, stored.Metadata["path_lower"]);
        Assert.True(content.CanRead, "The caller's stream stays open.");
        Assert.Equal(expected, await ReadAllAsync(Backend(), stored));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_forward_only_stream_that_ends_within_its_first_chunk_goes_up_in_one_call()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(200 * KiB), "audio/mpeg", Cancel);

        Assert.Equal(["files/upload"], Functions());
        Assert.Equal("single", stored.Metadata["upload"]);
        Assert.Equal(GeneratedStream.Sha256(200 * KiB), SHA256.HashData(Dropbox.FindById(stored.BackendId!)!.Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_forward_only_stream_longer_than_a_chunk_goes_through_a_session_at_the_right_offsets()
    {
        const long Length = 3 * MiB + 100;
        Dropbox.MaxRequestBytes = Options.ChunkSize;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(Length), "audio/mpeg", Cancel);

        var session = Assert.Single(Dropbox.Sessions.Values);
        const int Chunk = 256 * KiB;
        var expected = new List<(string, long, int)> { ("start", 0, Chunk) };
        for (var i = 1; i < 12; i++)
        {
            expected.Add(("append_v2", i * (long)Chunk, Chunk));
        }

        expected.Add(("finish", 12L * Chunk, 100));
        Assert.Equal(expected, session.Calls);
        Assert.Equal(["files/upload_session/start", .. Enumerable.Repeat("files/upload_session/append_v2", 11), "files/upload_session/finish"], Functions());
        Assert.Equal("session", stored.Metadata["upload"]);
        Assert.Equal(Length, stored.Length);
        await using var download = await Handler.OpenReadAsync(Backend(), stored, Cancel);
        Assert.Equal(GeneratedStream.Sha256(Length), await SHA256.HashDataAsync(download, Cancel));
        AssertNoViolations();
    }

    [Fact]
    public async Task Seekable_content_above_the_threshold_goes_through_a_session_and_a_full_last_chunk_is_the_finish()
    {
        using var content = Bytes(5 * 256 * KiB);
        Dropbox.MaxRequestBytes = Options.ChunkSize;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(
            [("start", 0L, 262144), ("append_v2", 262144L, 262144), ("append_v2", 524288L, 262144), ("append_v2", 786432L, 262144), ("finish", 1048576L, 262144)],
            Assert.Single(Dropbox.Sessions.Values).Calls);
        Assert.Equal(content.ToArray(), Dropbox.FindById(stored.BackendId!)!.Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task Seekable_content_at_the_threshold_is_still_one_call()
    {
        using var content = Bytes(MiB);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(["files/upload"], Functions());
        Assert.Equal(MiB, Dropbox.FindById(stored.BackendId!)!.Content.Length);
    }

    [Fact]
    public async Task Empty_content_is_an_empty_file_either_way()
    {
        var fromForwardOnly = await Handler.PutAsync(Backend(), Voicemail(name: "a.mp3"), new GeneratedStream(0), "audio/mpeg", Cancel);
        using var empty = new MemoryStream();
        var fromSeekable = await Handler.PutAsync(Backend(), Voicemail(name: "b.mp3"), empty, "audio/mpeg", Cancel);

        Assert.Equal(["files/upload", "files/upload"], Functions());
        Assert.Empty(Dropbox.FindById(fromForwardOnly.BackendId!)!.Content);
        Assert.Empty(Dropbox.FindById(fromSeekable.BackendId!)!.Content);
        Assert.Equal(0, fromSeekable.Length);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", fromSeekable.Metadata["content_hash"]);
        AssertNoViolations();
    }

    [Fact]
    public async Task Twenty_MiB_from_a_forward_only_stream_in_4_MiB_chunks_comes_back_identical()
    {
        const long Length = 20L * MiB;
        var options = SmallOptions();
        options.ChunkSize = 4 * MiB;
        var handler = CreateHandler(options);
        Dropbox.MaxRequestBytes = 4 * MiB;
        var watch = Stopwatch.StartNew();

        var stored = await handler.PutAsync(Backend(), Voicemail(name: "call.wav"), new GeneratedStream(Length, seed: 42), "audio/wav", Cancel);
        var uploaded = watch.Elapsed;

        Assert.Equal([0L, 4L * MiB, 8L * MiB, 12L * MiB, 16L * MiB], Assert.Single(Dropbox.Sessions.Values).Calls.Select(c => c.Offset));
        watch.Restart();
        await using var download = await handler.OpenReadAsync(Backend(), stored, Cancel);
        var hash = await SHA256.HashDataAsync(download, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"20 MiB over loopback: upload {uploaded.TotalMilliseconds:F0} ms, download+hash {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(GeneratedStream.Sha256(Length, seed: 42), hash);
        Assert.Equal(DropboxContentHash.Of(Dropbox.FindById(stored.BackendId!)!.Content), stored.Metadata["content_hash"]);
        AssertNoViolations();
    }

    [Fact]
    public async Task Storing_the_same_attachment_again_overwrites_it_and_keeps_its_id()
    {
        var first = await Handler.PutAsync(Backend(), Voicemail(), Bytes(1000, seed: 1), "audio/mpeg", Cancel);
        using var second = Bytes(1500, seed: 2);

        var again = await Handler.PutAsync(Backend(), Voicemail(), second, "audio/mpeg", Cancel);

        Assert.Equal(first.BackendId, again.BackendId);
        Assert.NotEqual(first.Metadata["rev"], again.Metadata["rev"]);
        Assert.Equal(second.ToArray(), await ReadAllAsync(Backend(), Handler.Locate(Backend(), Voicemail())));
        Assert.Single(Dropbox.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task With_Kazoos_add_mode_a_second_different_store_is_Dropboxs_conflict_and_the_first_file_stays()
    {
        var options = SmallOptions();
        options.OverwriteExisting = false;
        var handler = CreateHandler(options);
        using var original = Bytes(1000, seed: 1);
        await handler.PutAsync(Backend(), Voicemail(), original, "audio/mpeg", Cancel);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(1000, seed: 2), "audio/mpeg", Cancel));

        Assert.Equal(409, failure.ErrorCode);
        Assert.Equal("path/conflict/file/..", failure.Reason);
        Assert.Equal($$"""{"path":"/{{VoicemailId}}_message.mp3"}""", Dropbox.Calls.Last().Arg);
        Assert.Equal(original.ToArray(), Assert.Single(Dropbox.Files).Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task With_Kazoos_add_mode_a_session_upload_over_an_existing_file_fails_at_finish()
    {
        var options = SmallOptions();
        options.OverwriteExisting = false;
        var handler = CreateHandler(options);
        await handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB), "audio/mpeg", Cancel));

        Assert.Equal("path/conflict/file/..", failure.Reason);
        Assert.Equal("files/upload_session/finish", Functions()[^1]);
        Assert.Equal("path", failure.ErrorBody!.Value.GetProperty("error").GetProperty(".tag").GetString());
        AssertNoViolations();
    }

    [Fact]
    public async Task A_file_whose_ancestor_is_a_file_is_Dropboxs_conflict()
    {
        await Handler.PutAsync(Backend(), new AttachmentLocation("db", "kazoo", "x") { AccountId = AccountId }, Bytes(10), "audio/mpeg", Cancel);
        var blocked = Backend(extra: ("path", "kazoo_x"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(blocked, Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal("path/conflict/file_ancestor/..", failure.Reason);
    }
}
