using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Access tokens per oauth_doc_id: cached until expiry, refreshed with the refresh token, failures as Kazoo's oauth_failure.</summary>
public sealed class TokenTests : DriveTestContext
{
    [Fact]
    public async Task A_token_is_reused_until_it_expires_then_refreshed()
    {
        await Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(name: "a.mp3"), Bytes(10), "audio/mpeg", Cancel);
        await Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(name: "b.mp3"), Bytes(10), "audio/mpeg", Cancel);
        Assert.Equal(1, Google.OAuth.Grants);
        var first = Assert.Single(Google.OAuth.IssuedTokens);

        Clock.Advance(Google.OAuth.TokenLifetime + TimeSpan.FromSeconds(1));
        Assert.False(Google.OAuth.IsValid(first));
        await Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(name: "c.mp3"), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(2, Google.OAuth.Grants);
        Assert.Equal(0, Google.Drive.Unauthorized);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_long_resumable_upload_refreshes_its_token_between_chunks()
    {
        Google.OAuth.TokenLifetime = TimeSpan.FromMinutes(10);
        var stream = new GeneratedStream(3 * 1024 * 1024)
        {
            // Time passes while the second chunk is read: the token issued for the first chunk has expired by the next PUT.
            OnRead = total =>
            {
                if (total == 2 * 1024 * 1024 + 1)
                {
                    Clock.Advance(TimeSpan.FromMinutes(11));
                }
            },
        };

        var stored = await Handler.PutAsync(Backend(), Voicemail(), stream, "audio/mpeg", Cancel);

        Assert.Equal(3 * 1024 * 1024, Google.Drive.Find(stored.BackendId!)!.Content.Length);
        Assert.Equal(2, Google.OAuth.Grants);
        Assert.Equal(0, Google.Drive.Unauthorized);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_oauth_failure_with_code_401_and_nothing_reaches_Drive()
    {
        Google.OAuth.Revoke(RefreshToken);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        OAuthFailure.Verify(failure, AttachmentId, Secrets);
        Assert.Empty(Google.Drive.Requests);
    }

    [Fact]
    public async Task An_oauth_doc_id_with_no_credential_is_oauth_failure()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(oauthDocId: "00000000000000000000000000000000"), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal("00000000000000000000000000000000", Assert.IsType<OAuthTokenException>(OAuthFailure.Verify(failure, AttachmentId, Secrets)).OAuthId);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_oauth_failure()
    {
        Tokens.AddRefreshToken(OAuthDocId, Loopback.ClosedUrl("token"), FakeOAuth.ClientId, FakeOAuth.ClientSecret, RefreshToken);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), Handler.Locate(Backend(), Voicemail()) with { BackendId = "x" }, Cancel));

        OAuthFailure.Verify(failure, AttachmentId, Secrets);
    }

    [Fact]
    public async Task A_token_Drive_refuses_is_reported_with_Drives_401_and_message()
    {
        var handler = CreateHandler(Options, new FixedToken("ya29.not-issued-by-anyone"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(401, failure.ErrorCode);
        Assert.StartsWith("Request had invalid authentication credentials.", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(401, failure.ErrorBody!.Value.GetProperty("error").GetProperty("code").GetInt32());
        Assert.DoesNotContain("not-issued-by-anyone", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Google_credential_registered_with_AddGoogleCredential_signs_the_requests()
    {
        // A token Google.Apis.Auth hands out (here a fixed one, as Kazoo's pvt_static_token), for another oauth_doc_id.
        const string StaticId = "9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b";
        var live = await Tokens.GetAccessTokenAsync(OAuthDocId, Cancel);
        Tokens.AddGoogleCredential(StaticId, global::Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken(live));

        var stored = await Handler.PutAsync(Backend(oauthDocId: StaticId), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(10, Google.Drive.Find(stored.BackendId!)!.Content.Length);
        Assert.Equal(1, Google.OAuth.Grants); // the credential's token was sent; nothing was asked of the token endpoint again
        Assert.Equal(0, Google.Drive.Unauthorized);
        AssertNoViolations();
    }

    [Fact]
    public async Task AddGoogleRefreshToken_asks_Googles_token_endpoint_with_the_refresh_token_grant()
    {
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var registry = new OAuthTokenRegistry(http, Clock).AddGoogleRefreshToken(OAuthDocId, FakeOAuth.ClientId, FakeOAuth.ClientSecret, "1//refresh");

        Assert.Equal("ya29.from-google", await registry.GetAccessTokenAsync(OAuthDocId, Cancel));

        var (uri, form) = Assert.Single(recorder.Requests);
        Assert.Equal(new Uri("https://oauth2.googleapis.com/token"), uri);
        Assert.Contains("grant_type=refresh_token", form, StringComparison.Ordinal);
        Assert.Contains("refresh_token=1%2F%2Frefresh", form, StringComparison.Ordinal);
    }

    /// <summary>Answers every request with a token, and keeps where it went and its form body.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(Uri Uri, string Form)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""{"access_token": "ya29.from-google", "expires_in": 3600, "token_type": "Bearer"}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }

    [Fact]
    public async Task No_token_or_client_secret_appears_in_exceptions_validation_errors_or_logs()
    {
        var seen = new List<string>();
        var stored = await Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(), Bytes(10), "audio/mpeg", Cancel);
        seen.Add(stored.ToString());
        seen.AddRange(stored.Metadata.Values);

        async Task Capture(Func<Task> action)
        {
            var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(action);
            seen.Add(failure.ToString());
            seen.Add(failure.ToValidationError(AttachmentId).Detail.GetRawText());
        }

        await Capture(() => Handler.OpenReadAsync(Backend(), stored with { BackendId = "missing" }, Cancel));
        Google.Drive.FailUploadsInto["*"] = (403, "The user's Drive storage quota has been exceeded.");
        await Capture(() => Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(), Bytes(10), "audio/mpeg", Cancel));
        await Capture(() => Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * 1024 * 1024), "audio/mpeg", Cancel));
        await Capture(() => CreateHandler(Options, new FixedToken("ya29.refused-token")).DeleteAsync(Backend(), stored, Cancel));
        Clock.Advance(TimeSpan.FromHours(2));
        Google.OAuth.Revoke(RefreshToken);
        await Capture(() => Handler.DeleteAsync(Backend(), stored, Cancel));
        seen.Add(Tokens.ToString());
        seen.AddRange(Logs.Lines);

        Assert.NotEmpty(Logs.Lines);
        string[] secrets = [.. Secrets, "ya29.refused-token"];
        Assert.NotEmpty(Google.OAuth.IssuedTokens);
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
        public ValueTask<string> GetAccessTokenAsync(string oauthDocId, CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}
