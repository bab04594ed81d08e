using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>
/// Bearer tokens per oauth_doc_id / oauth_app_id from the core's token registry (refreshed at the fake token endpoint),
/// failures as Kazoo's <c>oauth_failure</c>, and no secret anywhere a user could see it.
/// </summary>
public sealed class TokenTests : GcsTestContext
{
    [Fact]
    public async Task A_token_from_the_refresh_endpoint_is_reused_until_it_expires_then_refreshed()
    {
        await Handler.PutAsync(Backend(), Voicemail(name: "a.mp3"), Bytes(10), "audio/mpeg", Cancel);
        await Handler.PutAsync(Backend(), Voicemail(name: "b.mp3"), Bytes(10), "audio/mpeg", Cancel);
        Assert.Equal(1, Google.OAuth.Grants);
        var first = Assert.Single(Google.OAuth.IssuedTokens);
        Assert.All(Storage.BearerTokens, header => Assert.Equal("Bearer " + first, header));

        Clock.Advance(Google.OAuth.TokenLifetime + TimeSpan.FromSeconds(1));
        Assert.False(Google.OAuth.IsValid(first));
        var stored = await Handler.PutAsync(Backend(), Voicemail(name: "c.mp3"), Bytes(10), "audio/mpeg", Cancel);
        Assert.Equal(10, (await ReadAllAsync(Backend(), stored)).Length);

        Assert.Equal(2, Google.OAuth.Grants);
        Assert.Equal(0, Storage.Unauthorized);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_long_resumable_upload_refreshes_its_token_between_chunks()
    {
        Google.OAuth.TokenLifetime = TimeSpan.FromMinutes(10);
        var stream = new GeneratedStream(3 * MiB)
        {
            // Time passes while the second chunk is read: the token the first chunk went with has expired by the next PUT.
            OnRead = total =>
            {
                if (total == (2 * MiB) + 1)
                {
                    Clock.Advance(TimeSpan.FromMinutes(11));
                }
            },
        };

        var stored = await Handler.PutAsync(Backend(), Voicemail(), stream, "audio/mpeg", Cancel);

        Assert.Equal(3 * MiB, Storage.Find(Bucket, stored.ObjectName)!.Content.Length);
        Assert.Equal(2, Google.OAuth.Grants);
        Assert.Equal(2, Storage.BearerTokens.Distinct().Count());
        Assert.Equal(0, Storage.Unauthorized);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_app_flow_asks_for_the_oauth_app_ids_token_when_there_is_no_oauth_doc_id()
    {
        const string AppId = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
        Tokens.AddRefreshToken(AppId, Google.TokenEndpoint, FakeOAuth.ClientId, FakeOAuth.ClientSecret, Google.OAuth.CreateRefreshToken());
        Tokens.Remove(OAuthDocId);
        var backend = Backend(oauthDocId: null, oauthAppId: AppId);

        var stored = await Handler.PutAsync(backend, Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        Assert.Equal(AppId, stored.Metadata["oauth_app_id"]);
        Assert.False(stored.Metadata.ContainsKey("oauth_doc_id"));
        Assert.Equal(AppId, Handler.Locate(backend, Voicemail()).Metadata["oauth_app_id"]);
        Assert.Equal(100, (await ReadAllAsync(backend, stored)).Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_oauth_failure_with_code_401_and_nothing_reaches_Cloud_Storage()
    {
        Google.OAuth.Revoke(RefreshToken);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal("invalid_grant", Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(failure, AttachmentId, Secrets)).Error);
        Assert.Empty(Storage.Requests);
    }

    [Fact]
    public async Task An_oauth_id_with_no_credential_is_oauth_failure()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.OpenReadAsync(Backend(oauthDocId: "00000000000000000000000000000000"), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(failure, AttachmentId, Secrets));
        Assert.Empty(Storage.Requests);
    }

    [Fact]
    public async Task Settings_with_neither_oauth_id_are_oauth_failure_before_anything_is_sent()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(oauthDocId: null), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Contains("neither oauth_doc_id nor oauth_app_id", OAuthFailure.Verify(failure, AttachmentId, Secrets).Message, StringComparison.Ordinal);
        Assert.Empty(Storage.Requests);
        Assert.Equal(0, Google.OAuth.Grants);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_oauth_failure()
    {
        Tokens.AddRefreshToken(OAuthDocId, Loopback.ClosedUrl("token"), FakeOAuth.ClientId, FakeOAuth.ClientSecret, RefreshToken);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        OAuthFailure.Verify(failure, AttachmentId, Secrets);
    }

    [Fact]
    public async Task A_token_Cloud_Storage_refuses_is_its_401_with_its_message()
    {
        var handler = CreateHandler(Options, new OAuthTokenRegistry().AddAccessToken(OAuthDocId, "ya29.not-issued-by-anyone"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(401, failure.ErrorCode);
        Assert.Equal("Invalid Credentials", failure.Reason);
        Assert.Equal("authError", failure.ErrorBody!.Value.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.DoesNotContain("not-issued-by-anyone", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_secret_or_session_URI_appears_in_exceptions_validation_errors_pointers_or_logs()
    {
        var seen = new List<string>();
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);
        var large = await Handler.PutAsync(Backend(), Voicemail(name: "large.wav"), new GeneratedStream(2 * MiB), "audio/wav", Cancel);
        seen.Add(stored.ToString());
        seen.Add(large.ToString());
        seen.AddRange(stored.Metadata.Values);
        seen.AddRange(large.Metadata.Values);

        async Task Capture(Func<Task> action)
        {
            var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(action);
            seen.Add(failure.ToString());
            seen.Add(failure.ToValidationError(AttachmentId).Detail.GetRawText());
        }

        await Capture(() => Handler.OpenReadAsync(Backend(), Handler.Locate(Backend(), Voicemail(name: "missing.mp3")), Cancel));
        Storage.FailEveryChunk = true;
        await Capture(() => Handler.PutAsync(Backend(), Voicemail(name: "failing.wav"), new GeneratedStream(2 * MiB), "audio/wav", Cancel));
        Storage.FailEveryChunk = false;
        Storage.DropConnectionOnChunk = 0;
        await Handler.PutAsync(Backend(), Voicemail(name: "dropped.wav"), new GeneratedStream(2 * MiB), "audio/wav", Cancel);
        await Capture(() => CreateHandler(Options, new OAuthTokenRegistry().AddAccessToken(OAuthDocId, "ya29.refused-token")).DeleteAsync(Backend(), stored, Cancel));
        Clock.Advance(TimeSpan.FromHours(2));
        Google.OAuth.Revoke(RefreshToken);
        await Capture(() => Handler.DeleteAsync(Backend(), stored, Cancel));
        seen.Add(Tokens.ToString());
        seen.Add(Handler.ToString()!);
        seen.AddRange(Logs.Lines);

        Assert.NotEmpty(Logs.Lines);
        Assert.Contains(Logs.Lines, line => line.Contains("Resumable chunk at offset", StringComparison.Ordinal));
        Assert.Contains(Logs.Lines, line => line.Contains("reporting oauth_failure", StringComparison.Ordinal));
        string[] secrets = [.. Secrets, "ya29.refused-token", .. Storage.Sessions.Keys];
        Assert.NotEmpty(Google.OAuth.IssuedTokens);
        Assert.True(Storage.Sessions.Count >= 3);
        foreach (var text in seen)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
