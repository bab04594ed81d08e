using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests.Support;

/// <summary>
/// Per test (see <see cref="HandlerTestContext{THandler}"/>): a fresh fake Google on loopback, the SDK's
/// <see cref="OAuthTokenRegistry"/> holding a refresh token for <see cref="OAuthDocId"/> (token endpoint = the fake's), and a
/// handler pointed at the fake, all on one fake clock.
/// </summary>
public abstract class DriveTestContext : HandlerTestContext<GoogleDriveAttachmentHandler>, IAsyncLifetime
{
    public const string OAuthDocId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";

    public FakeGoogle Google { get; private set; } = null!;

    public HttpClient TokenHttp { get; } = new();

    public OAuthTokenRegistry Tokens { get; private set; } = null!;

    public string RefreshToken { get; private set; } = null!;

    public GoogleDriveAttachmentHandlerOptions Options { get; private set; } = null!;

    protected override CancellationToken Cancel => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        Google = await FakeGoogle.StartAsync(Clock);
        RefreshToken = Google.OAuth.CreateRefreshToken();
        Tokens = new OAuthTokenRegistry(TokenHttp, Clock)
            .AddRefreshToken(OAuthDocId, Google.TokenEndpoint, FakeOAuth.ClientId, FakeOAuth.ClientSecret, RefreshToken);
        Options = new GoogleDriveAttachmentHandlerOptions
        {
            DriveBaseUri = Google.BaseUri,
            UploadBaseUri = Google.BaseUri,
            ResumableThreshold = MiB,
            ChunkSize = MiB,
            ResumeDelay = TimeSpan.Zero,
        };
        Handler = CreateHandler(Options);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Google.DisposeAsync();
        TokenHttp.Dispose();
    }

    public GoogleDriveAttachmentHandler CreateHandler(GoogleDriveAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null) =>
        new(Http, tokens ?? Tokens, options, LoggerFor<GoogleDriveAttachmentHandler>());

    /// <summary>A google_drive entry; <paramref name="folderPath"/> is read by Kazoo's handler but not declared by its schema.</summary>
    public static StorageAttachmentGoogleDrive Backend(string? folderPath = null, string? folderId = null, string oauthDocId = OAuthDocId) => new()
    {
        Name = "voicemail on Drive",
        Settings = new StorageAttachmentGoogleDriveSettings
        {
            OauthDocId = oauthDocId,
            FolderId = folderId,
            ExtensionData = Undeclared(("folder_path", folderPath)),
        },
    };

    protected void AssertNoViolations() => Assert.Empty(Google.Violations);
}
