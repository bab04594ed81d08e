using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Dropbox.Tests.Support;

/// <summary>
/// Per test: a fresh fake Dropbox on loopback, an <see cref="OAuthTokenRegistry"/> holding a refresh token for
/// <see cref="OAuthDocId"/> (token endpoint = the fake's), and a handler pointed at the fake, all on one fake clock.
/// </summary>
public abstract class DropboxTestContext : IAsyncLifetime
{
    public const string OAuthDocId = "6c0d9e8f7a6b4c5d8e9f0a1b2c3d4e5f";
    public const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";
    public const string VoicemailId = "202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public const int KiB = 1024;
    public const int MiB = 1024 * 1024;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public FakeDropbox Dropbox { get; private set; } = null!;

    public OAuthTokenRegistry Tokens { get; private set; } = null!;

    public string RefreshToken { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public HttpClient Http { get; } = new();

    public DropboxAttachmentHandlerOptions Options { get; private set; } = null!;

    public DropboxAttachmentHandler Handler { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Dropbox = await FakeDropbox.StartAsync(Clock);
        RefreshToken = Dropbox.CreateRefreshToken();
        Tokens = new OAuthTokenRegistry(Http, Clock)
            .AddRefreshToken(OAuthDocId, Dropbox.TokenEndpoint, FakeDropbox.ClientId, FakeDropbox.ClientSecret, RefreshToken);
        Options = SmallOptions();
        Handler = CreateHandler(Options);
    }

    public virtual async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Dropbox.DisposeAsync();
        Logs.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Options pointed at the fake, with small sizes: single calls up to 1 MiB, 256 KiB chunks, no retry waits.</summary>
    public DropboxAttachmentHandlerOptions SmallOptions() => new()
    {
        ContentBaseUri = Dropbox.ContentUri,
        ApiBaseUri = Dropbox.ApiUri,
        SessionThreshold = MiB,
        ChunkSize = 256 * KiB,
        RetryDelay = TimeSpan.Zero,
    };

    public DropboxAttachmentHandler CreateHandler(DropboxAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null)
    {
        var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        return new DropboxAttachmentHandler(Http, tokens ?? Tokens, options, loggerFactory.CreateLogger<DropboxAttachmentHandler>());
    }

    /// <summary>A <c>dropbox</c> entry; <paramref name="extra"/> adds settings Kazoo reads but the schema does not declare (<c>path</c>, <c>folder_path</c>).</summary>
    public static StorageAttachmentDropbox Backend(
        string oauthDocId = OAuthDocId,
        IReadOnlyList<StorageAttachmentsField>? fieldList = null,
        string? folderBasePath = null,
        params (string Name, string Value)[] extra)
    {
        var extension = JsonExtensionData.Empty;
        foreach (var (name, value) in extra)
        {
            extension = extension.With(name, JsonSerializer.SerializeToElement(value));
        }

        return new StorageAttachmentDropbox
        {
            Name = "voicemail on Dropbox",
            Settings = new StorageAttachmentDropboxSettings
            {
                OauthDocId = oauthDocId,
                FieldList = fieldList,
                FolderBasePath = folderBasePath,
                ExtensionData = extension,
            },
        };
    }

    /// <summary>Kazoo's S3-style field list: the database, then <c>{docid}_{attachment}</c>.</summary>
    public static IReadOnlyList<StorageAttachmentsField> DbThenName() =>
    [
        new StorageAttachmentsField { Arg = StorageAttachmentsFieldArg.Db },
        new StorageAttachmentsField
        {
            Group =
            [
                new StorageAttachmentsField { Arg = StorageAttachmentsFieldArg.Id },
                new StorageAttachmentsField { Const = "_" },
                new StorageAttachmentsField { Arg = StorageAttachmentsFieldArg.Attachment },
            ],
        },
    ];

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

    /// <summary>The API functions called, in order, e.g. <c>files/upload</c>.</summary>
    public string[] Functions() => [.. Dropbox.Calls.Select(c => c.Function)];

    protected void AssertNoViolations() => Assert.Empty(Dropbox.Violations);
}
