using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>
/// Dropbox's failures become Kazoo's <c>invalid</c> error with Dropbox's <c>error_summary</c> (spec §7.6) or its plain-text
/// message; 429 and 5xx are retried (honouring <c>Retry-After</c>), and a lost append answer is recovered through
/// Dropbox's <c>incorrect_offset</c>.
/// </summary>
public sealed class ErrorAndRetryTests : DropboxTestContext
{
    [Fact]
    public async Task A_409_becomes_Kazoos_invalid_error_with_the_error_summary_and_Dropboxs_body()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.OpenReadAsync(Backend(), new StoredAttachment("dropbox", "x") { BackendId = "id:nope" }, Cancel));

        var error = failure.ToValidationError(AttachmentId);

        Assert.Equal("attachments." + AttachmentId, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(409, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("path/not_found/..", error.Detail.GetProperty("message").GetString());
        var body = error.Detail.GetProperty("error_body");
        Assert.Equal("path/not_found/..", body.GetProperty("error_summary").GetString());
        Assert.Equal("not_found", body.GetProperty("error").GetProperty("path").GetProperty(".tag").GetString());
        Assert.Equal("dropbox", failure.HandlerKind);
        Assert.Equal("The dropbox backend failed (409): path/not_found/..", failure.Message);
    }

    [Fact]
    public async Task A_plain_text_400_is_reported_with_its_text_as_the_reason()
    {
        const string Text = "Error in call to API function \"files/upload\": HTTP header \"Dropbox-API-Arg\": path: 'x' did not match pattern";
        Dropbox.Fail("files/upload", new DropboxFault(400, Text, "text/plain; charset=utf-8"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(400, failure.ErrorCode);
        Assert.Equal(Text, failure.Reason);
        Assert.Equal(JsonValueKind.String, failure.ErrorBody!.Value.ValueKind);
        Assert.Single(Dropbox.Calls);
    }

    [Fact]
    public async Task A_full_Dropbox_is_reported_as_it_comes_and_not_retried()
    {
        Dropbox.Fail("files/upload", DropboxFault.InsufficientSpace());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal((409, "path/insufficient_space/.."), (failure.ErrorCode, failure.Reason));
        Assert.Single(Dropbox.Calls);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_Dropbox_asks_for()
    {
        Dropbox.Fail("files/upload", DropboxFault.TooManyRequests(1));
        using var content = Bytes(5000);
        var watch = Stopwatch.StartNew();

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(10));
        Assert.Equal(["files/upload", "files/upload"], Functions());
        Assert.Equal(content.ToArray(), Dropbox.FindById(stored.BackendId!)!.Content);
        Assert.Contains(Logs.Lines, line => line.Contains("Dropbox files/upload failed (429 too_many_requests/..); retry 1 in 00:00:01", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_MaxRetryAfter_is_reported_at_once()
    {
        Dropbox.Fail("files/download", DropboxFault.TooManyRequests(300));
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), stored, Cancel));

        Assert.Equal(429, failure.ErrorCode);
        Assert.Equal("too_many_requests/..", failure.Reason);
        Assert.Equal(300, failure.ErrorBody!.Value.GetProperty("error").GetProperty("retry_after").GetInt32());
        Assert.Equal(["files/upload", "files/download"], Functions());
    }

    [Fact]
    public async Task A_seekable_single_call_upload_that_met_a_503_is_sent_again_from_its_start()
    {
        Dropbox.Fail("files/upload", DropboxFault.ServiceUnavailable());
        using var content = Bytes(300_000);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(["files/upload", "files/upload"], Functions());
        Assert.Equal(content.ToArray(), Dropbox.FindById(stored.BackendId!)!.Content);
        Assert.Equal(300_000, stored.Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_failing_append_is_sent_again_and_the_upload_completes()
    {
        Dropbox.Fail("files/upload_session/append_v2", DropboxFault.ServiceUnavailable());

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(MiB + 10), "audio/mpeg", Cancel);

        var session = Assert.Single(Dropbox.Sessions.Values);
        Assert.Equal([("start", 0L, 262144), ("append_v2", 262144L, 262144), ("append_v2", 524288L, 262144), ("append_v2", 786432L, 262144), ("finish", 1048576L, 10)], session.Calls);
        Assert.Equal(6, Dropbox.Calls.Count);
        Assert.Equal(GeneratedStream.Sha256(MiB + 10), SHA256.HashData(Dropbox.FindById(stored.BackendId!)!.Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task An_append_whose_answer_was_lost_moves_on_to_Dropboxs_correct_offset()
    {
        Dropbox.Fail("files/upload_session/append_v2", DropboxFault.ServiceUnavailable(afterProcessing: true));

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(MiB + 10), "audio/mpeg", Cancel);

        var session = Assert.Single(Dropbox.Sessions.Values);
        Assert.Equal(
            [("start", 0L, 262144), ("append_v2", 262144L, 262144), ("append_v2", 262144L, 262144), ("append_v2", 524288L, 262144), ("append_v2", 786432L, 262144), ("finish", 1048576L, 10)],
            session.Calls);
        Assert.Equal(GeneratedStream.Sha256(MiB + 10), SHA256.HashData(Dropbox.FindById(stored.BackendId!)!.Content));
        Assert.Contains(Logs.Lines, line => line.Contains("Dropbox already held the chunk sent at offset 262144 (correct_offset 524288)", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_service_that_keeps_failing_is_reported_after_the_retries()
    {
        for (var i = 0; i < 4; i++)
        {
            Dropbox.Fail("files/delete_v2", DropboxFault.ServiceUnavailable());
        }

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal((503, "upstream unavailable"), (failure.ErrorCode, failure.Reason));
        Assert.Equal(4, Functions().Length);
    }

    [Fact]
    public async Task An_answer_whose_content_hash_differs_from_what_was_sent_fails_the_upload()
    {
        Dropbox.Fail("files/upload", new DropboxFault(200, """{"name": "x", "id": "id:corrupt", "size": 10, "content_hash": "0000000000000000000000000000000000000000000000000000000000000000"}"""));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.StartsWith("content_hash mismatch: Dropbox stored 0000000000000000000000000000000000000000000000000000000000000000 for /", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_answer_without_an_id_fails_as_Kazoo_requires_one()
    {
        Dropbox.Fail("files/upload", new DropboxFault(200, """{"name": "x"}"""));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal("Dropbox's answer to files/upload has no file id", failure.Reason);
    }

    [Fact]
    public async Task An_unreachable_Dropbox_is_a_socket_error()
    {
        var options = SmallOptions();
        options.ContentBaseUri = Loopback.ClosedUrl();
        options.MaxRetries = 1;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => CreateHandler(options).PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Socket error: econnrefused", failure.Reason);
        Assert.Equal(2, Logs.Lines.Count(line => line.Contains("failed before an answer: Socket error: econnrefused", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_request_that_outlives_the_timeout_is_reported_as_timeout()
    {
        await using var silent = await Testing.LoopbackServer.StartAsync(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted), Cancel);
        var options = SmallOptions();
        options.ContentBaseUri = silent.BaseAddress;
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        options.MaxRetries = 0;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => CreateHandler(options).OpenReadAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal((500, "Socket error: timeout"), (failure.ErrorCode, failure.Reason));
    }
}
