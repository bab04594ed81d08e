using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>Graph failures as Kazoo's <c>invalid</c> error (spec §3.3), and the settings probe (spec §6.1) through the handler.</summary>
public sealed class ErrorAndProbeTests : OneDriveTestContext
{
    [Fact]
    public async Task A_Graph_error_becomes_Kazoos_invalid_error_with_Graphs_body_and_message()
    {
        Graph.FailUploads = (403, "accessDenied", "Access denied");

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));
        var error = failure.ToValidationError(AttachmentId);

        Assert.Equal("onedrive", failure.HandlerKind);
        Assert.Equal("attachments." + AttachmentId, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(403, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("Access denied", error.Detail.GetProperty("message").GetString());
        var body = error.Detail.GetProperty("error_body");
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal("accessDenied", body.GetProperty("error").GetProperty("code").GetString());
        Assert.True(body.GetProperty("error").GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Theory]
    [InlineData(true, false, "return_id_missing")]
    [InlineData(false, true, "return_drive_missing")]
    [InlineData(true, true, "return_info_missing")]
    public async Task An_answer_without_the_item_or_drive_id_fails_with_Kazoos_reason(bool omitId, bool omitDriveId, string reason)
    {
        Graph.OmitFromAnswers = (omitId, omitDriveId);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal(reason, failure.Reason);
        var body = failure.ErrorBody!.Value;
        Assert.Equal("/drive/root:", body.GetProperty("parentReference").GetProperty("path").GetString());
        Assert.False(body.TryGetProperty("@microsoft.graph.downloadUrl", out _), "The download URL is a credential.");
    }

    [Fact]
    public async Task An_unreachable_Graph_is_a_socket_error()
    {
        var handler = CreateHandler(new OneDriveAttachmentHandlerOptions { GraphBaseUri = TestSupport.Loopback.ClosedUrl("v1.0/") });

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Socket error: econnrefused", failure.Reason);
    }

    [Fact]
    public async Task The_probe_writes_reads_back_and_removes_its_test_file()
    {
        var backend = Backend(path: "kazoo");

        var result = await AttachmentProbe.ProbeAsync(Handler, backend, AccountId, Clock, Cancel);

        Assert.True(result.Success, result.Failure?.Message);
        Assert.StartsWith("kazoo/", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.EndsWith("_test_credentials_file.txt", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.Matches("^PUT /v1.0/me/drive/root:/kazoo/[0-9a-f]{32}_[0-9a-f]{32}_test_credentials_file.txt:/content$", GraphRequests[0]);
        Assert.StartsWith("GET /v1.0/drives/", GraphRequests[1], StringComparison.Ordinal);
        Assert.StartsWith("DELETE /v1.0/drives/", GraphRequests[2], StringComparison.Ordinal);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_probe_reports_a_full_drive_as_invalid_with_Graphs_status_and_message()
    {
        Graph.FailUploads = (507, "quotaLimitReached", "Insufficient Space Available");

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), AccountId, Clock, Cancel);

        Assert.False(result.Success);
        var error = result.Failure!.ToValidationError(AttachmentId);
        Assert.Equal(507, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("Insufficient Space Available", error.Detail.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_probe_reports_a_token_failure_as_oauth_failure_and_reaches_no_Graph()
    {
        Microsoft.Identity.Revoke(RefreshToken);

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), null, Clock, Cancel);

        OAuthFailure.Verify(result.Failure!, AttachmentId, Secrets);
        Assert.Empty(Graph.Requests);
    }
}
