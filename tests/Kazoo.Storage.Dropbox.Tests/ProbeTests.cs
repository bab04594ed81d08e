using Kazoo.Storage.Attachments;
using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>Kazoo's settings probe (spec §6.1) through the handler, against the fake.</summary>
public sealed class ProbeTests : DropboxTestContext
{
    [Fact]
    public async Task The_probe_writes_reads_back_and_removes_its_test_file_in_the_accounts_MODB_path()
    {
        var backend = Backend(fieldList: DbThenName());

        var result = await AttachmentProbe.ProbeAsync(Handler, backend, AccountId, Clock, Cancel);

        Assert.True(result.Success, result.Failure?.Message);
        Assert.StartsWith("account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.EndsWith("_test_credentials_file.txt", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.Equal(["files/upload", "files/download", "files/delete_v2"], Functions());
        Assert.Empty(Dropbox.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_probe_reports_a_full_Dropbox_as_invalid_with_409()
    {
        Dropbox.Fail("files/upload", DropboxFault.InsufficientSpace());

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), AccountId, Clock, Cancel);

        var error = result.Failure!.ToValidationError(AttachmentId);
        Assert.Equal(409, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("path/insufficient_space/..", error.Detail.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_probe_reports_a_revoked_refresh_token_as_oauth_failure_without_calling_Dropbox()
    {
        Dropbox.Revoke(RefreshToken);

        var result = await AttachmentProbe.ProbeAsync(Handler, Backend(), null, Clock, Cancel);

        OAuthFailure.Verify(result.Failure!, AttachmentId, Secrets);
        Assert.Empty(Dropbox.Calls);
    }
}
