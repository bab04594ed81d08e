using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.TestSupport.GoogleStorage;
using Kazoo.Storage.TestSupport.OneDrive;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>
/// One bearer-token backend kind (google_drive, google_storage, dropbox, onedrive) on its strict loopback fake (TestSupport), as the CLI
/// sees it: the backend's settings, the endpoint options that point the handler at the fake, a refresh token the fake's
/// token endpoint accepts, and what the fake keeps.
/// </summary>
internal sealed class BearerBackend : IAsyncDisposable
{
    public const string OAuthDocId = "7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a";
    public const string BackendId = "4e5f60718293a4b5c6d7e8f9a0b1c2d3";
    public const string Bucket = "kazoo-voicemails";

    private readonly IAsyncDisposable _fake;

    private BearerBackend(string kind, IAsyncDisposable fake) => (Kind, _fake) = (kind, fake);

    /// <summary>The kinds, for theories.</summary>
    public static TheoryData<string> Kinds => ["google_drive", "google_storage", "dropbox", "onedrive"];

    public string Kind { get; }

    /// <summary>The backend's <c>settings</c>, as JSON, for an OAuth id.</summary>
    public required Func<string, string> Settings { get; init; }

    /// <summary>The CLI options that point the handler at the fake.</summary>
    public required string[] EndpointArgs { get; init; }

    public required Uri TokenEndpoint { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>A refresh token the fake's token endpoint accepts.</summary>
    public required string RefreshToken { get; init; }

    /// <summary>Every file the fake keeps: its name or path, and its bytes.</summary>
    public required Func<IReadOnlyList<(string Name, byte[] Content)>> Stored { get; init; }

    /// <summary>Every protocol violation the fake saw.</summary>
    public required Func<IReadOnlyList<string>> Violations { get; init; }

    /// <summary>Every access token the fake issued (none may be printed).</summary>
    public required Func<IReadOnlyCollection<string>> IssuedTokens { get; init; }

    /// <summary>An <c>--oauth-credentials</c> file's JSON with the refresh-token form for <see cref="OAuthDocId"/>.</summary>
    public string Credentials() => Documents.RefreshTokenCredentials(OAuthDocId, ClientId, ClientSecret, RefreshToken, TokenEndpoint);

    /// <summary>An account document whose voicemails go to this backend, with credentials under <paramref name="oauthId"/>.</summary>
    public string AccountDocument(string oauthId = OAuthDocId) => Documents.Voicemails(BackendId, Entry(oauthId));

    /// <summary>A storage document with this backend alone, for <c>probe</c>.</summary>
    public string ProbeDocument(string oauthId = OAuthDocId) => Documents.Backend(BackendId, Entry(oauthId));

    public static async Task<BearerBackend> StartAsync(string kind)
    {
        switch (kind)
        {
            case "google_drive":
            {
                var google = await FakeGoogle.StartAsync(TimeProvider.System);
                return new BearerBackend(kind, google)
                {
                    Settings = id => $$"""{ "oauth_doc_id": "{{id}}" }""",
                    EndpointArgs = ["--google-api", google.BaseUri.ToString()],
                    TokenEndpoint = google.TokenEndpoint,
                    ClientId = FakeOAuth.ClientId,
                    ClientSecret = FakeOAuth.ClientSecret,
                    RefreshToken = google.OAuth.CreateRefreshToken(),
                    // Folders too: Kazoo's default name for Drive, {docid}_{attachment}, makes none.
                    Stored = () => [.. google.Drive.Items.Select(item => (item.Name, item.Content))],
                    Violations = () => google.Violations,
                    IssuedTokens = () => google.OAuth.IssuedTokens,
                };
            }

            case "google_storage":
            {
                var cloud = await FakeGoogleCloud.StartAsync(TimeProvider.System);
                cloud.Storage.AddBucket(Bucket);
                return new BearerBackend(kind, cloud)
                {
                    Settings = id => $$"""{ "oauth_doc_id": "{{id}}", "bucket": "{{Bucket}}" }""",
                    EndpointArgs = ["--google-storage-endpoint", cloud.StorageUri.ToString()],
                    TokenEndpoint = cloud.TokenEndpoint,
                    ClientId = FakeOAuth.ClientId,
                    ClientSecret = FakeOAuth.ClientSecret,
                    RefreshToken = cloud.OAuth.CreateRefreshToken(),
                    Stored = () => [.. cloud.Storage.Objects.Select(o => (o.Bucket + "/" + o.Name, o.Content))],
                    Violations = () => cloud.Violations,
                    IssuedTokens = () => cloud.OAuth.IssuedTokens,
                };
            }

            case "dropbox":
            {
                var dropbox = await FakeDropbox.StartAsync(TimeProvider.System);
                return new BearerBackend(kind, dropbox)
                {
                    Settings = id => $$"""{ "oauth_doc_id": "{{id}}" }""",
                    EndpointArgs = ["--dropbox-content-endpoint", dropbox.ContentUri.ToString(), "--dropbox-api-endpoint", dropbox.ApiUri.ToString()],
                    TokenEndpoint = dropbox.TokenEndpoint,
                    ClientId = FakeDropbox.ClientId,
                    ClientSecret = FakeDropbox.ClientSecret,
                    RefreshToken = dropbox.CreateRefreshToken(),
                    Stored = () => [.. dropbox.Files.Select(f => (f.PathDisplay, f.Content))],
                    Violations = () => [.. dropbox.Violations],
                    IssuedTokens = () => dropbox.IssuedTokens,
                };
            }

            case "onedrive":
            {
                var microsoft = await FakeMicrosoft.StartAsync(TimeProvider.System);
                return new BearerBackend(kind, microsoft)
                {
                    Settings = id => $$"""{ "oauth_doc_id": "{{id}}" }""",
                    EndpointArgs = ["--onedrive-endpoint", microsoft.GraphBaseUri.ToString()],
                    TokenEndpoint = microsoft.TokenEndpoint,
                    ClientId = FakeIdentity.ClientId,
                    ClientSecret = FakeIdentity.ClientSecret,
                    RefreshToken = microsoft.Identity.CreateRefreshToken(),
                    Stored = () => [.. microsoft.Graph.Files.Select(f => (microsoft.Graph.PathOf(f.Id), f.Content))],
                    Violations = () => microsoft.Violations,
                    IssuedTokens = () => microsoft.Identity.IssuedTokens,
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a bearer-token kind");
        }
    }

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    private string Entry(string oauthId) => $$"""{ "handler": "{{Kind}}", "settings": {{Settings(oauthId)}} }""";
}
