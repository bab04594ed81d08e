using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>
/// References made by <c>Locate</c> (no backend id) read and delete by name; a pointer's bucket and media link are used
/// where they are safe; Kazoo's settings probe (spec §6.1) passes through the handler.
/// </summary>
public sealed class LocateAndProbeTests : GcsTestContext
{
    [Fact]
    public async Task Locate_touches_nothing_and_names_the_object_and_its_bucket()
    {
        var located = Handler.Locate(Backend(), Voicemail());

        Assert.Equal("google_storage", located.HandlerKind);
        Assert.Equal(VoicemailId + "_message.mp3", located.ObjectName);
        Assert.Null(located.BackendId);
        Assert.Equal(Bucket, located.Metadata["bucket"]);
        Assert.Equal(OAuthDocId, located.Metadata["oauth_doc_id"]);
        Assert.Empty(Storage.Requests);
        Assert.Equal(0, Google.OAuth.Grants);
    }

    [Fact]
    public async Task A_located_reference_reads_the_live_object_by_name_and_deletes_it()
    {
        using var content = Bytes(4096);
        await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);
        var located = Handler.Locate(Backend(), Voicemail());

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), located));
        await Handler.DeleteAsync(Backend(), located, Cancel);

        Assert.Empty(Storage.Objects);
        Assert.Equal(
            [
                $"GET /storage/v1/b/{Bucket}/o/{VoicemailId}_message.mp3?alt=media",
                $"DELETE /storage/v1/b/{Bucket}/o/{VoicemailId}_message.mp3",
            ],
            Storage.Requests.Skip(1));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_pointers_bucket_wins_over_the_settings_bucket_it_was_not_written_to()
    {
        Storage.AddBucket("kazoo-archive");
        using var content = Bytes(300);
        var stored = await Handler.PutAsync(Backend(bucket: "kazoo-archive"), Voicemail(), content, "audio/mpeg", Cancel);

        // The plan moved to another bucket since: the attachment is still where it was written.
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored with { BackendId = null }));
        await Handler.DeleteAsync(Backend(), stored, Cancel);

        Assert.Empty(Storage.Objects);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_media_link_on_another_host_is_not_followed_and_the_object_is_read_by_name()
    {
        using var content = Bytes(300);
        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);
        var elsewhere = Loopback.ClosedUrl($"download/storage/v1/b/{Bucket}/o/{stored.ObjectName}?alt=media");

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored with { BackendId = elsewhere.AbsoluteUri }));

        Assert.Contains($"GET /storage/v1/b/{Bucket}/o/{stored.ObjectName}?alt=media", Storage.Requests);
        Assert.Contains(Logs.Lines, line => line.Contains("not on the configured API host", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task The_probe_writes_reads_back_and_removes_its_test_file()
    {
        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), AccountId, Clock, Cancel);

        Assert.True(result.Success, result.Failure?.Message);
        Assert.EndsWith("_test_credentials_file.txt", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.Equal("multipart", Assert.Single(Storage.Uploads).Kind);
        Assert.Contains(Storage.Requests, r => r.StartsWith("GET /download/storage/v1/b/", StringComparison.Ordinal));
        Assert.Contains(Storage.Requests, r => r.StartsWith("DELETE /storage/v1/b/", StringComparison.Ordinal));
        Assert.Empty(Storage.Objects);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_probe_reports_a_refused_upload_as_Kazoos_invalid_error()
    {
        Storage.FailUploads = (403, "Access denied.", "forbidden");

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), AccountId, Clock, Cancel);

        Assert.False(result.Success);
        var error = result.Failure!.ToValidationError(AttachmentId);
        Assert.Equal(403, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("Access denied.", error.Detail.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_probe_reports_a_token_failure_as_oauth_failure()
    {
        Google.OAuth.Revoke(RefreshToken);

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), null, Clock, Cancel);

        OAuthFailure.Verify(result.Failure!, AttachmentId, Secrets);
        Assert.Empty(Storage.Requests);
    }
}
