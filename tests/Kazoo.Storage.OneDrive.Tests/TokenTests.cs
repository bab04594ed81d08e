using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.TestSupport.OneDrive;
using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>
/// Bearer tokens per oauth_doc_id from the core's <see cref="OAuthTokenRegistry"/> (refreshed at the fake Microsoft token
/// endpoint), sent to Graph only; failures as Kazoo's oauth_failure; no secret anywhere.
/// </summary>
public sealed class TokenTests : OneDriveTestContext
{
    [Fact]
    public async Task A_token_is_refreshed_at_the_token_endpoint_reused_until_it_expires_then_refreshed_again()
    {
        await Handler.PutAsync(Backend(), Voicemail("a.mp3"), Bytes(10), "audio/mpeg", Cancel);
        await Handler.PutAsync(Backend(), Voicemail("b.mp3"), Bytes(10), "audio/mpeg", Cancel);
        Assert.Equal(1, Microsoft.Identity.Grants);
        var first = Assert.Single(Microsoft.Identity.IssuedTokens);

        Clock.Advance(Microsoft.Identity.TokenLifetime);
        Assert.False(Microsoft.Identity.IsValid(first));
        await Handler.PutAsync(Backend(), Voicemail("c.mp3"), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(2, Microsoft.Identity.Grants);
        Assert.Equal(0, Graph.Unauthorized);
        Assert.Equal(3, Graph.Files.Count);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_refresh_token_Microsoft_rotates_in_is_the_one_used_next()
    {
        Microsoft.Identity.RevokeUsedRefreshTokens = true;
        await Handler.PutAsync(Backend(), Voicemail("a.mp3"), Bytes(10), "audio/mpeg", Cancel);

        Clock.Advance(TimeSpan.FromHours(2));
        await Handler.PutAsync(Backend(), Voicemail("b.mp3"), Bytes(10), "audio/mpeg", Cancel);

        var exchanged = Microsoft.Identity.ExchangedRefreshTokens.ToArray();
        Assert.Equal(2, exchanged.Length);
        Assert.Equal(RefreshToken, exchanged[0]);
        Assert.NotEqual(RefreshToken, exchanged[1]);
        Assert.Equal(2, Graph.Files.Count);
    }

    [Fact]
    public async Task The_token_goes_to_Graph_only_never_to_session_or_download_URLs()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(3 * MiB), "audio/mpeg", Cancel);
        await ReadAllAsync(Backend(), stored);

        Assert.Equal(6, Graph.Requests.Count(r => r.Host == "content")); // five fragments and a download
        Assert.All(Graph.Requests, r => Assert.Equal(r.Host == "graph", r.HadAuthorization));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_long_session_refreshes_nothing_because_fragments_need_no_token()
    {
        Microsoft.Identity.TokenLifetime = TimeSpan.FromMinutes(10);
        var source = new LengthOnlyStream(new GeneratedStream(3 * MiB)
        {
            // Time passes while the fragments go up: the token that opened the session expires meanwhile.
            OnRead = total =>
            {
                if (total > MiB)
                {
                    Clock.Advance(TimeSpan.FromMinutes(1));
                }
            },
        }, 3 * MiB);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel);

        Assert.Equal(1, Microsoft.Identity.Grants);
        Assert.Equal(3 * MiB, stored.Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_oauth_failure_with_code_401_and_nothing_reaches_Graph()
    {
        Microsoft.Identity.Revoke(RefreshToken);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal("invalid_grant", Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(failure, AttachmentId, Secrets)).Error);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task A_token_failure_leaves_the_content_unread()
    {
        Microsoft.Identity.Revoke(RefreshToken);
        var source = new GeneratedStream(20 * MiB);

        await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Equal(0, source.BytesRead);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task An_oauth_doc_id_with_no_credential_is_oauth_failure()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(oauthDocId: "00000000000000000000000000000000"), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal("00000000000000000000000000000000", Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(failure, AttachmentId, Secrets)).OAuthId);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_oauth_failure_on_fetch_and_delete_too()
    {
        Tokens.AddRefreshToken(OAuthDocId, Loopback.ClosedUrl("token"), FakeIdentity.ClientId, FakeIdentity.ClientSecret, RefreshToken);
        var pointer = Handler.Locate(Backend(), Voicemail()) with { BackendId = FakeGraph.DriveId + "/x" };

        var read = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), pointer, Cancel));
        var delete = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), pointer, Cancel));

        OAuthFailure.Verify(read, AttachmentId, Secrets);
        OAuthFailure.Verify(delete, AttachmentId, Secrets);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task An_oauth_app_id_is_used_when_the_settings_name_no_oauth_doc_id()
    {
        var backend = Backend() with
        {
            Settings = Backend().Settings with
            {
                OauthDocId = "",
                ExtensionData = Serialization.JsonExtensionData.Empty.With("oauth_app_id", System.Text.Json.JsonSerializer.SerializeToElement(OAuthDocId)),
            },
        };

        var stored = await Handler.PutAsync(backend, Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(OAuthDocId, stored.Metadata["oauth_doc_id"]);
    }

    [Fact]
    public async Task A_token_Graph_refuses_is_reported_with_Graphs_401_and_message()
    {
        var handler = CreateHandler(Options, new FixedToken("EwB-not-issued-by-anyone"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(401, failure.ErrorCode);
        Assert.StartsWith("IDX14100: JWT is not well formed", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("InvalidAuthenticationToken", failure.ErrorBody!.Value.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, Graph.Unauthorized);
    }

    [Fact]
    public async Task A_provider_that_gives_no_token_is_oauth_failure()
    {
        var handler = CreateHandler(Options, new FixedToken(""));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        OAuthFailure.Verify(failure, AttachmentId, Secrets);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task No_token_secret_or_pre_authenticated_URL_appears_in_pointers_exceptions_validation_errors_or_logs()
    {
        var seen = new List<string>();
        var small = await Handler.PutAsync(Backend(path: "kazoo"), Voicemail("a.mp3"), Bytes(10), "audio/mpeg", Cancel);
        var large = await Handler.PutAsync(Backend(path: "kazoo"), Voicemail("b.mp3"), Bytes(3 * MiB), "audio/mpeg", Cancel);
        await ReadAllAsync(Backend(), small);
        await ReadAllAsync(Backend(), large);
        foreach (var stored in new[] { small, large })
        {
            seen.Add(stored.ToString());
            seen.AddRange(stored.Metadata.Keys);
            seen.AddRange(stored.Metadata.Values);
        }

        async Task Capture(Func<Task> action)
        {
            var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(action);
            seen.Add(failure.ToString());
            seen.Add(failure.ToValidationError(AttachmentId).Detail.GetRawText());
        }

        await Capture(() => Handler.OpenReadAsync(Backend(), small with { BackendId = FakeGraph.DriveId + "/missing" }, Cancel));
        Graph.FailEveryFragment = true;
        await Capture(() => Handler.PutAsync(Backend(), Voicemail("c.mp3"), Bytes(3 * MiB), "audio/mpeg", Cancel));
        Graph.OmitFromAnswers = (true, false);
        await Capture(() => Handler.PutAsync(Backend(), Voicemail("d.mp3"), Bytes(10), "audio/mpeg", Cancel));
        await Capture(() => CreateHandler(Options, new FixedToken("EwB-refused-token")).DeleteAsync(Backend(), small, Cancel));
        Clock.Advance(TimeSpan.FromHours(2));
        Microsoft.Identity.Revoke(Microsoft.Identity.IssuedRefreshTokens.Last());
        Microsoft.Identity.Revoke(RefreshToken);
        await Capture(() => Handler.DeleteAsync(Backend(), small, Cancel));
        seen.Add(Tokens.ToString());
        seen.Add(Handler.ToString()!);
        seen.AddRange(Logs.Lines);

        Assert.NotEmpty(Logs.Lines);
        string[] secrets = [.. Secrets, .. Graph.UrlSecrets, "EwB-refused-token", "/up/", "/download/"];
        Assert.NotEmpty(Microsoft.Identity.IssuedTokens);
        Assert.True(Graph.UrlSecrets.Count >= 4);
        foreach (var text in seen)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    private sealed class FixedToken(string token) : IOAuthTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(string oauthId, CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}
