using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.TestSupport.OneDrive;

namespace Kazoo.Storage.OneDrive.Tests.Support;

/// <summary>
/// Per test (see <see cref="BearerTokenHandlerTestContext{THandler}"/>): a fresh fake Microsoft on loopback, the tokens
/// holding a refresh token for <see cref="OAuthDocId"/> (token endpoint = the fake's), a temporary folder for spooled
/// uploads, and a handler pointed at the fake with small thresholds (simple uploads up to 1 MiB, fragments of 640 KiB), all
/// on one fake clock. A test that made the fake record a protocol violation fails when it is disposed, whatever it
/// asserted. Its client follows no redirects, as the dependency-injection registration builds it.
/// </summary>
public abstract class OneDriveTestContext()
    : BearerTokenHandlerTestContext<OneDriveAttachmentHandler>(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan }), IAsyncLifetime
{
    public const string OAuthDocId = "7c1e0a9b3d5f4e2a8b6c4d2e0f1a3b5c";
    public const int Fragment = 640 * KiB;

    public FakeMicrosoft Microsoft { get; private set; } = null!;

    public FakeGraph Graph => Microsoft.Graph;

    /// <summary>Where uploads of unknown length are spooled in this test.</summary>
    public string SpoolDirectory { get; } = Directory.CreateTempSubdirectory("kazoo-onedrive-tests-").FullName;

    public OneDriveAttachmentHandlerOptions Options { get; private set; } = null!;

    protected override CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Microsoft rotates refresh tokens, so a test may see any of them: every one the fake made or issued too.</summary>
    public override IEnumerable<string> Secrets => [.. base.Secrets, .. Microsoft.Identity.IssuedRefreshTokens];

    protected override IEnumerable<string> IssuedAccessTokens => Microsoft.Identity.IssuedTokens;

    public override async ValueTask InitializeAsync()
    {
        Microsoft = await FakeMicrosoft.StartAsync(Clock);
        UseRefreshToken(OAuthDocId, Microsoft.TokenEndpoint, FakeIdentity.ClientId, FakeIdentity.ClientSecret, Microsoft.Identity.CreateRefreshToken());
        Options = new OneDriveAttachmentHandlerOptions
        {
            GraphBaseUri = Microsoft.GraphBaseUri,
            SimpleUploadThreshold = MiB,
            ChunkSize = Fragment,
            ResumeDelay = TimeSpan.Zero,
            TemporaryDirectory = SpoolDirectory,
        };
        Handler = CreateHandler(Options);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Microsoft.DisposeAsync();
        Directory.Delete(SpoolDirectory, recursive: true);

        // Whatever the test asserted, a request the real service would have refused fails it.
        Assert.True(Microsoft.Violations.Count == 0, "The fake Microsoft saw requests the real one would refuse:\n" + string.Join('\n', Microsoft.Violations));
    }

    public OneDriveAttachmentHandler CreateHandler(OneDriveAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null, HttpClient? http = null) =>
        new(http ?? Http, tokens ?? Tokens, options, LoggerFor<OneDriveAttachmentHandler>());

    /// <summary>A onedrive entry; <paramref name="path"/> and <paramref name="folderPath"/> are read by Kazoo but not declared by its schema.</summary>
    public static StorageAttachmentOnedrive Backend(
        string? path = null,
        string? folderBasePath = null,
        string? folderPath = null,
        IReadOnlyList<StorageAttachmentsField>? fieldList = null,
        string oauthDocId = OAuthDocId) => new()
    {
        Name = "voicemail on OneDrive",
        Settings = new StorageAttachmentOnedriveSettings
        {
            OauthDocId = oauthDocId,
            FolderBasePath = folderBasePath,
            FieldList = fieldList,
            ExtensionData = Undeclared(("path", path), ("folder_path", folderPath)),
        },
    };

    /// <summary>The session of this test's only upload session.</summary>
    public FakeUploadSession OnlySession => Assert.Single(Graph.Sessions.Values);

    /// <summary>Requests to the Graph host, as "METHOD target".</summary>
    public IReadOnlyList<string> GraphRequests => [.. Graph.Requests.Where(r => r.Host == "graph").Select(r => $"{r.Method} {r.Target}")];

    protected void AssertNoViolations() => Assert.Empty(Microsoft.Violations);

    protected void AssertSpoolEmpty() => Assert.Empty(Directory.EnumerateFileSystemEntries(SpoolDirectory));
}
