using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.TestSupport.GoogleStorage;

namespace Kazoo.Storage.GoogleStorage.Tests.Support;

/// <summary>
/// Per test (see <see cref="BearerTokenHandlerTestContext{THandler}"/>): a fresh fake Google on loopback (token endpoint
/// and Cloud Storage with the bucket <see cref="Bucket"/>), the tokens holding a refresh token for <see cref="OAuthDocId"/>
/// (token endpoint = the fake's), and a handler pointed at the fake with small thresholds, all on one fake clock, logging
/// into the context's logs.
/// </summary>
public abstract class GcsTestContext : BearerTokenHandlerTestContext<GoogleStorageAttachmentHandler>, IAsyncLifetime
{
    public const string OAuthDocId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";
    public const string Bucket = "kazoo-attachments";

    public FakeGoogleCloud Google { get; private set; } = null!;

    public FakeCloudStorage Storage => Google.Storage;

    public GoogleStorageAttachmentHandlerOptions Options { get; private set; } = null!;

    protected override CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override IEnumerable<string> IssuedAccessTokens => Google.OAuth.IssuedTokens;

    public override async ValueTask InitializeAsync()
    {
        Google = await FakeGoogleCloud.StartAsync(Clock);
        Storage.AddBucket(Bucket);
        UseRefreshToken(OAuthDocId, Google.TokenEndpoint, FakeOAuth.ClientId, FakeOAuth.ClientSecret, Google.OAuth.CreateRefreshToken());
        Options = NewOptions();
        Handler = CreateHandler(Options);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Google.DisposeAsync();

        // Whatever a test asserts, a request the real service would have rejected fails it.
        Assert.True(Google.Violations.Count == 0, "The fake saw requests Cloud Storage would reject:\n" + string.Join("\n", Google.Violations));
    }

    /// <summary>Options on the fake: multipart up to 1 MiB, 1 MiB chunks, no wait before a resume.</summary>
    public GoogleStorageAttachmentHandlerOptions NewOptions() => new()
    {
        BaseUri = Google.StorageUri,
        ResumableThreshold = MiB,
        ChunkSize = MiB,
        ResumeDelay = TimeSpan.Zero,
    };

    public GoogleStorageAttachmentHandler CreateHandler(GoogleStorageAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null) =>
        new(Http, tokens ?? Tokens, options, LoggerFor<GoogleStorageAttachmentHandler>());

    /// <summary>A google_storage entry: the bucket (unless null), the OAuth id, and any other settings members (path, folder_path, …).</summary>
    public static StorageAttachmentGoogleStorage Backend(
        string? bucket = Bucket,
        string? oauthDocId = OAuthDocId,
        string? oauthAppId = null,
        string? folderBasePath = null,
        params (string Name, string? Value)[] settings)
    {
        var result = new StorageAttachmentGoogleStorageSettings
        {
            OauthDocId = oauthDocId,
            OauthAppId = oauthAppId,
            FolderBasePath = folderBasePath,
            ExtensionData = Undeclared(settings),
        };
        return new StorageAttachmentGoogleStorage
        {
            Name = "voicemail on Cloud Storage",
            Settings = bucket is null ? result : result.WithBucket(bucket),
        };
    }

    protected void AssertNoViolations() => Assert.Empty(Google.Violations);
}
