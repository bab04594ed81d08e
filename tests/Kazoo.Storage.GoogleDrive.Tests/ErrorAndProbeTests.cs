using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Drive failures as Kazoo's <c>invalid</c> error (spec §3.3), and the settings probe (spec §6.1) through the handler.</summary>
public sealed class ErrorAndProbeTests : DriveTestContext
{
    [Fact]
    public async Task A_Drive_error_becomes_Kazoos_invalid_error_with_Drives_body_and_message()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.OpenReadAsync(Backend(), new StoredAttachment("google_drive", "x") { BackendId = "1nope" }, Cancel));

        var error = failure.ToValidationError(AttachmentId);

        Assert.Equal("attachments." + AttachmentId, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(404, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("File not found: 1nope.", error.Detail.GetProperty("message").GetString());
        var body = error.Detail.GetProperty("error_body");
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal(404, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("notFound", body.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal("google_drive", failure.HandlerKind);
    }

    [Fact]
    public async Task The_probe_writes_reads_back_and_removes_its_test_file()
    {
        var backend = Backend(folderPath: "kazoo");

        var result = await AttachmentProbe.ProbeAsync(Handler, backend, AccountId, Clock, Cancel);

        Assert.True(result.Success, result.Failure?.Message);
        Assert.EndsWith("_test_credentials_file.txt", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.StartsWith("kazoo/", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.Equal([("multipart", Google.Drive.Items.Single(i => i.IsFolder).Id)], Google.Drive.Uploads);
        Assert.DoesNotContain(Google.Drive.Items, item => !item.IsFolder);
        Assert.Contains(Google.Drive.Requests, r => r.StartsWith("GET /drive/v3/files/", StringComparison.Ordinal) && r.EndsWith("?alt=media", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task The_probe_reports_a_full_Drive_as_invalid_with_403()
    {
        Google.Drive.FailUploadsInto["*"] = (403, "The user's Drive storage quota has been exceeded.");

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), AccountId, Clock, Cancel);

        Assert.False(result.Success);
        var error = result.Failure!.ToValidationError(AttachmentId);
        Assert.Equal(403, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("The user's Drive storage quota has been exceeded.", error.Detail.GetProperty("message").GetString());
        Assert.Equal("storageQuotaExceeded", error.Detail.GetProperty("error_body").GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_probe_reports_a_token_failure_as_oauth_failure()
    {
        Google.OAuth.Revoke(RefreshToken);

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), null, Clock, Cancel);

        OAuthFailure.Verify(result.Failure!, AttachmentId, Secrets);
        Assert.Empty(Google.Drive.Requests);
    }
}
