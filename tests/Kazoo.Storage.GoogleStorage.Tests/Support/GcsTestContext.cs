using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.TestSupport.GoogleStorage;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.GoogleStorage.Tests.Support;

/// <summary>
/// Per test: a fresh fake Google on loopback (token endpoint and Cloud Storage with the bucket <see cref="Bucket"/>), an
/// <see cref="OAuthTokenRegistry"/> holding a refresh token for <see cref="OAuthDocId"/> (token endpoint = the fake's), and
/// a handler pointed at the fake with small thresholds, all on one fake clock, logging into <see cref="Logs"/>.
/// </summary>
public abstract class GcsTestContext : IAsyncLifetime
{
    public const int KiB = 1024;
    public const int MiB = 1024 * 1024;
    public const string OAuthDocId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";
    public const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";
    public const string Bucket = "kazoo-attachments";
    public const string VoicemailId = "202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    private readonly List<ILoggerFactory> _loggerFactories = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public FakeGoogleCloud Google { get; private set; } = null!;

    public FakeCloudStorage Storage => Google.Storage;

    public HttpClient TokenHttp { get; } = new();

    public OAuthTokenRegistry Tokens { get; private set; } = null!;

    public string RefreshToken { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public HttpClient Http { get; } = new();

    public GoogleStorageAttachmentHandlerOptions Options { get; private set; } = null!;

    public GoogleStorageAttachmentHandler Handler { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Google = await FakeGoogleCloud.StartAsync(Clock);
        Storage.AddBucket(Bucket);
        RefreshToken = Google.OAuth.CreateRefreshToken();
        Tokens = new OAuthTokenRegistry(TokenHttp, Clock)
            .AddRefreshToken(OAuthDocId, Google.TokenEndpoint, FakeOAuth.ClientId, FakeOAuth.ClientSecret, RefreshToken);
        Options = NewOptions();
        Handler = CreateHandler(Options);
    }

    public virtual async ValueTask DisposeAsync()
    {
        Http.Dispose();
        TokenHttp.Dispose();
        foreach (var factory in _loggerFactories)
        {
            factory.Dispose();
        }

        await Google.DisposeAsync();
        GC.SuppressFinalize(this);

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

    public GoogleStorageAttachmentHandler CreateHandler(GoogleStorageAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null)
    {
        var loggerFactory = Logs.CreateFactory();
        _loggerFactories.Add(loggerFactory);
        return new GoogleStorageAttachmentHandler(Http, tokens ?? Tokens, options, loggerFactory.CreateLogger<GoogleStorageAttachmentHandler>());
    }

    /// <summary>A google_storage entry: the bucket (unless null), the OAuth id, and any other settings members (path, folder_path, …).</summary>
    public static StorageAttachmentGoogleStorage Backend(
        string? bucket = Bucket,
        string? oauthDocId = OAuthDocId,
        string? oauthAppId = null,
        string? folderBasePath = null,
        params (string Name, string Value)[] settings)
    {
        var extension = JsonExtensionData.Empty;
        foreach (var (name, value) in settings)
        {
            extension = extension.With(name, JsonSerializer.SerializeToElement(value));
        }

        var result = new StorageAttachmentGoogleStorageSettings
        {
            OauthDocId = oauthDocId,
            OauthAppId = oauthAppId,
            FolderBasePath = folderBasePath,
            ExtensionData = extension,
        };
        return new StorageAttachmentGoogleStorage
        {
            Name = "voicemail on Cloud Storage",
            Settings = bucket is null ? result : result.WithBucket(bucket),
        };
    }

    /// <summary>A voicemail attachment in the account's January 2024 MODB.</summary>
    public static AttachmentLocation Voicemail(string documentId = VoicemailId, string name = "message.mp3") =>
        new(KazooDatabaseName.Modb(AccountId, 2024, 1), documentId, name) { AccountId = AccountId };

    public static MemoryStream Bytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return new MemoryStream(bytes, writable: false);
    }

    public async Task<byte[]> ReadAllAsync(StorageAttachmentsEntry backend, StoredAttachment stored, IAttachmentHandler? handler = null)
    {
        await using var stream = await (handler ?? Handler).OpenReadAsync(backend, stored, Cancel);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    protected void AssertNoViolations() => Assert.Empty(Google.Violations);
}
