using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>
/// Bearer tokens per <c>oauth_doc_id</c> from the core's <see cref="OAuthTokenRegistry"/> (refreshed at the fake's token
/// endpoint), token failures as Kazoo's <c>oauth_failure</c> (401), Dropbox's own 401s, and no secret anywhere.
/// </summary>
public sealed class TokenTests : DropboxTestContext
{
    [Fact]
    public async Task A_refresh_token_gives_a_token_that_is_reused_until_it_expires_then_refreshed()
    {
        await Handler.PutAsync(Backend(), Voicemail(name: "a.mp3"), Bytes(10), "audio/mpeg", Cancel);
        await Handler.PutAsync(Backend(), Voicemail(name: "b.mp3"), Bytes(10), "audio/mpeg", Cancel);
        Assert.Equal(1, Dropbox.Grants);

        Clock.Advance(Dropbox.TokenLifetime);
        await Handler.PutAsync(Backend(), Voicemail(name: "c.mp3"), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(2, Dropbox.Grants);
        Assert.Equal(0, Dropbox.Unauthorized);
        Assert.Equal(3, Dropbox.Files.Count);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_long_session_upload_takes_a_fresh_token_when_the_first_expires_between_chunks()
    {
        Dropbox.TokenLifetime = TimeSpan.FromMinutes(10);
        var stream = new GeneratedStream(MiB + 1)
        {
            // Time passes while the third chunk is read: the token the first calls used has expired by the next call.
            OnRead = total =>
            {
                if (total == (2 * 256 * KiB) + 1)
                {
                    Clock.Advance(TimeSpan.FromMinutes(11));
                }
            },
        };

        var stored = await Handler.PutAsync(Backend(), Voicemail(), stream, "audio/mpeg", Cancel);

        Assert.Equal(MiB + 1, Dropbox.FindById(stored.BackendId!)!.Content.Length);
        Assert.Equal(2, Dropbox.Grants);
        Assert.Equal(0, Dropbox.Unauthorized);
        AssertNoViolations();
    }

    [Fact]
    public async Task An_oauth_doc_id_without_a_credential_is_oauth_failure_with_401_and_nothing_reaches_Dropbox()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(oauthDocId: "00000000000000000000000000000000"), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(failure, AttachmentId, Secrets));
        Assert.Empty(Dropbox.Calls);
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_oauth_failure_for_reads_and_deletes_too()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);
        Dropbox.Revoke(RefreshToken);
        Clock.Advance(Dropbox.TokenLifetime);
        var callsBefore = Dropbox.Calls.Count;

        var read = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), stored, Cancel));
        var delete = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), stored, Cancel));

        Assert.Equal("invalid_grant", Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(read, AttachmentId, Secrets)).Error);
        OAuthFailure.Verify(delete, AttachmentId, Secrets);
        Assert.Equal(callsBefore, Dropbox.Calls.Count);
    }

    [Fact]
    public async Task A_failing_custom_token_source_is_oauth_failure()
    {
        Tokens.Add(OAuthDocId, _ => throw new InvalidOperationException("vault sealed"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        OAuthFailure.Verify(failure, AttachmentId, Secrets);
    }

    [Fact]
    public async Task An_expired_access_token_is_Dropboxs_401_expired_access_token_and_is_not_retried()
    {
        Tokens.AddAccessToken(OAuthDocId, Dropbox.IssueAccessToken(TimeSpan.FromMinutes(1)));
        Clock.Advance(TimeSpan.FromMinutes(2));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal((401, "expired_access_token/"), (failure.ErrorCode, failure.Reason));
        Assert.Equal("expired_access_token", failure.ErrorBody!.Value.GetProperty("error").GetProperty(".tag").GetString());
        Assert.Equal(1, Dropbox.Unauthorized);
        Assert.Single(Dropbox.Calls);
    }

    [Fact]
    public async Task A_token_Dropbox_never_issued_is_Dropboxs_401_invalid_access_token()
    {
        Tokens.AddAccessToken(OAuthDocId, "sl.not-issued-by-anyone");

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal((401, "invalid_access_token/..."), (failure.ErrorCode, failure.Reason));
        Assert.DoesNotContain("not-issued-by-anyone", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_refresh_token_or_client_secret_appears_in_pointers_exceptions_validation_errors_or_logs()
    {
        var seen = new List<string>();
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);
        seen.Add(stored.ToString());
        seen.AddRange(stored.Metadata.Values);

        async Task Capture(Func<Task> action)
        {
            var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(action);
            seen.Add(failure.ToString());
            seen.Add(failure.ToValidationError(AttachmentId).Detail.GetRawText());
        }

        // Dropbox echoes a malformed Authorization value in its plain-text 400: the handler masks it.
        Dropbox.Fail("files/download", new DropboxFault(400, "Error in call to API function \"files/download\": Invalid authorization value in HTTP header \"Authorization\": \"Bearer {token}\".", "text/plain; charset=utf-8"));
        await Capture(() => Handler.OpenReadAsync(Backend(), stored, Cancel));
        Dropbox.Fail("files/upload", DropboxFault.TooManyRequests(0));
        Dropbox.Fail("files/upload", DropboxFault.InsufficientSpace());
        await Capture(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));
        await Capture(() => Handler.DeleteAsync(Backend(), stored with { BackendId = "id:missing" }, Cancel));
        await Capture(() => CreateHandler(Options, new OAuthTokenRegistry().AddAccessToken(OAuthDocId, "sl.refused-token")).DeleteAsync(Backend(), stored, Cancel));
        Clock.Advance(Dropbox.TokenLifetime);
        Dropbox.Revoke(RefreshToken);
        await Capture(() => Handler.DeleteAsync(Backend(), stored, Cancel));
        seen.Add(Tokens.ToString());
        seen.AddRange(Logs.Lines);

        Assert.Contains(seen, text => text.Contains("\"Bearer ***\"", StringComparison.Ordinal));
        Assert.Contains(Logs.Lines, line => line.Contains("retry 1", StringComparison.Ordinal));
        Assert.NotEmpty(Dropbox.IssuedTokens);
        string[] secrets = [.. Secrets, "sl.refused-token"];
        foreach (var text in seen)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
