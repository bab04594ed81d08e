using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests.Support;

/// <summary>
/// Per test (see <see cref="BearerTokenHandlerTestContext{THandler}"/>): a fresh fake Google on loopback, the tokens
/// holding a refresh token for <see cref="OAuthDocId"/> (token endpoint = the fake's), and a handler pointed at the fake,
/// all on one fake clock.
/// </summary>
public abstract class DriveTestContext : BearerTokenHandlerTestContext<GoogleDriveAttachmentHandler>, IAsyncLifetime
{
    public const string OAuthDocId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";

    public FakeGoogle Google { get; private set; } = null!;

    public GoogleDriveAttachmentHandlerOptions Options { get; private set; } = null!;

    protected override CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override IEnumerable<string> IssuedAccessTokens => Google.OAuth.IssuedTokens;

    public override async ValueTask InitializeAsync()
    {
        Google = await FakeGoogle.StartAsync(Clock);
        UseRefreshToken(OAuthDocId, Google.TokenEndpoint, FakeOAuth.ClientId, FakeOAuth.ClientSecret, Google.OAuth.CreateRefreshToken());
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
