using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Credentials;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.GoogleDrive.Tests.Support;

/// <summary>
/// Per test: a fresh fake Google on loopback, a credential registry holding a refresh token for <see cref="OAuthDocId"/>
/// (token endpoint = the fake's), and a handler pointed at the fake, all on one fake clock.
/// </summary>
public abstract class DriveTestContext : IAsyncLifetime
{
    public const string OAuthDocId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";
    public const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public FakeGoogle Google { get; private set; } = null!;

    public GoogleDriveCredentialRegistry Credentials { get; private set; } = null!;

    public string RefreshToken { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public HttpClient Http { get; } = new();

    public GoogleDriveAttachmentHandlerOptions Options { get; private set; } = null!;

    public GoogleDriveAttachmentHandler Handler { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Google = await FakeGoogle.StartAsync(Clock);
        RefreshToken = Google.OAuth.CreateRefreshToken();
        Credentials = new GoogleDriveCredentialRegistry(Clock)
            .AddRefreshToken(OAuthDocId, FakeOAuth.ClientId, FakeOAuth.ClientSecret, RefreshToken, Google.TokenEndpoint);
        Options = new GoogleDriveAttachmentHandlerOptions
        {
            DriveBaseUri = Google.BaseUri,
            UploadBaseUri = Google.BaseUri,
            ResumableThreshold = 1024 * 1024,
            ChunkSize = 1024 * 1024,
            ResumeDelay = TimeSpan.Zero,
        };
        Handler = CreateHandler(Options);
    }

    public virtual async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Google.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public GoogleDriveAttachmentHandler CreateHandler(GoogleDriveAttachmentHandlerOptions options, IGoogleDriveTokenProvider? tokens = null)
    {
        var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        return new GoogleDriveAttachmentHandler(Http, tokens ?? Credentials, options, loggerFactory.CreateLogger<GoogleDriveAttachmentHandler>());
    }

    public static StorageAttachmentGoogleDrive Backend(string? folderPath = null, string? folderId = null, string oauthDocId = OAuthDocId) => new()
    {
        Name = "voicemail on Drive",
        Settings = new StorageAttachmentGoogleDriveSettings
        {
            OauthDocId = oauthDocId,
            FolderId = folderId,
            // Read by Kazoo's handler, undeclared by its schema: kept with the record's extension data.
            ExtensionData = folderPath is null
                ? Kazoo.Storage.Serialization.JsonExtensionData.Empty
                : Kazoo.Storage.Serialization.JsonExtensionData.Empty.With("folder_path", System.Text.Json.JsonSerializer.SerializeToElement(folderPath)),
        },
    };

    public static AttachmentLocation Voicemail(string documentId = "202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0", string name = "message.mp3") =>
        new(KazooDatabaseName.Modb(AccountId, 2024, 1), documentId, name) { AccountId = AccountId };

    public static MemoryStream Bytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return new MemoryStream(bytes, writable: false);
    }

    public async Task<byte[]> ReadAllAsync(StorageAttachmentsEntry backend, StoredAttachment stored)
    {
        await using var stream = await ((IAttachmentHandler)Handler).OpenReadAsync(backend, stored, Cancel);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    protected void AssertNoViolations() => Assert.Empty(Google.Violations);
}
