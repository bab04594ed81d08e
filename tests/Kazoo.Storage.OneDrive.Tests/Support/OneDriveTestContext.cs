using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport.OneDrive;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.OneDrive.Tests.Support;

/// <summary>
/// Per test: a fresh fake Microsoft on loopback, an <see cref="OAuthTokenRegistry"/> holding a refresh token for
/// <see cref="OAuthDocId"/> (token endpoint = the fake's), a temporary folder for spooled uploads, and a handler pointed at
/// the fake with small thresholds (simple uploads up to 1 MiB, fragments of 640 KiB), all on one fake clock. A test that
/// made the fake record a protocol violation fails when it is disposed, whatever it asserted.
/// </summary>
public abstract class OneDriveTestContext : IAsyncLifetime
{
    public const string OAuthDocId = "7c1e0a9b3d5f4e2a8b6c4d2e0f1a3b5c";
    public const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";
    public const string DocumentId = "202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public const int KiB = 1024;
    public const int MiB = 1024 * 1024;
    public const int Fragment = 640 * KiB;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public FakeMicrosoft Microsoft { get; private set; } = null!;

    public FakeGraph Graph => Microsoft.Graph;

    public OAuthTokenRegistry Tokens { get; private set; } = null!;

    public string RefreshToken { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    /// <summary>A client that follows no redirects, as the dependency-injection registration builds it.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Where uploads of unknown length are spooled in this test.</summary>
    public string SpoolDirectory { get; } = Directory.CreateTempSubdirectory("kazoo-onedrive-tests-").FullName;

    public OneDriveAttachmentHandlerOptions Options { get; private set; } = null!;

    public OneDriveAttachmentHandler Handler { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Microsoft = await FakeMicrosoft.StartAsync(Clock);
        RefreshToken = Microsoft.Identity.CreateRefreshToken();
        Tokens = new OAuthTokenRegistry(Http, Clock)
            .AddRefreshToken(OAuthDocId, Microsoft.TokenEndpoint, FakeIdentity.ClientId, FakeIdentity.ClientSecret, RefreshToken);
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

    public virtual async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Microsoft.DisposeAsync();
        Directory.Delete(SpoolDirectory, recursive: true);
        GC.SuppressFinalize(this);

        // Whatever the test asserted, a request the real service would have refused fails it.
        Assert.True(Microsoft.Violations.Count == 0, "The fake Microsoft saw requests the real one would refuse:\n" + string.Join('\n', Microsoft.Violations));
    }

    public OneDriveAttachmentHandler CreateHandler(OneDriveAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null, HttpClient? http = null) =>
        new(http ?? Http, tokens ?? Tokens, options, Logs.CreateFactory().CreateLogger<OneDriveAttachmentHandler>());

    /// <summary>A onedrive entry; <paramref name="path"/> and <paramref name="folderPath"/> are read by Kazoo but not declared by its schema.</summary>
    public static StorageAttachmentOnedrive Backend(
        string? path = null,
        string? folderBasePath = null,
        string? folderPath = null,
        IReadOnlyList<StorageAttachmentsField>? fieldList = null,
        string oauthDocId = OAuthDocId)
    {
        var extension = JsonExtensionData.Empty;
        if (path is not null)
        {
            extension = extension.With("path", JsonSerializer.SerializeToElement(path));
        }

        if (folderPath is not null)
        {
            extension = extension.With("folder_path", JsonSerializer.SerializeToElement(folderPath));
        }

        return new StorageAttachmentOnedrive
        {
            Name = "voicemail on OneDrive",
            Settings = new StorageAttachmentOnedriveSettings
            {
                OauthDocId = oauthDocId,
                FolderBasePath = folderBasePath,
                FieldList = fieldList,
                ExtensionData = extension,
            },
        };
    }

    /// <summary>A voicemail in the account's January 2024 MODB (<c>account%2F3a%2F9c%2F1d2e…-202401</c>).</summary>
    public static AttachmentLocation Voicemail(string name = "message.mp3", string documentId = DocumentId) =>
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

    /// <summary>The session of this test's only upload session.</summary>
    public FakeUploadSession OnlySession => Assert.Single(Graph.Sessions.Values);

    /// <summary>Requests to the Graph host, as "METHOD target".</summary>
    public IReadOnlyList<string> GraphRequests => [.. Graph.Requests.Where(r => r.Host == "graph").Select(r => $"{r.Method} {r.Target}")];

    protected void AssertNoViolations() => Assert.Empty(Microsoft.Violations);

    protected void AssertSpoolEmpty() => Assert.Empty(Directory.EnumerateFileSystemEntries(SpoolDirectory));
}
