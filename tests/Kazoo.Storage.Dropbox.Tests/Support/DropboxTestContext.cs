using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.TestSupport.Dropbox;

namespace Kazoo.Storage.Dropbox.Tests.Support;

/// <summary>
/// Per test (see <see cref="BearerTokenHandlerTestContext{THandler}"/>): a fresh fake Dropbox on loopback, the tokens
/// holding a refresh token for <see cref="OAuthDocId"/> (token endpoint = the fake's), and a handler pointed at the fake,
/// all on one fake clock.
/// </summary>
public abstract class DropboxTestContext : BearerTokenHandlerTestContext<DropboxAttachmentHandler>, IAsyncLifetime
{
    public const string OAuthDocId = "6c0d9e8f7a6b4c5d8e9f0a1b2c3d4e5f";

    public FakeDropbox Dropbox { get; private set; } = null!;

    public DropboxAttachmentHandlerOptions Options { get; private set; } = null!;

    protected override CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override IEnumerable<string> IssuedAccessTokens => Dropbox.IssuedTokens;

    public override async ValueTask InitializeAsync()
    {
        Dropbox = await FakeDropbox.StartAsync(Clock);
        UseRefreshToken(OAuthDocId, Dropbox.TokenEndpoint, FakeDropbox.ClientId, FakeDropbox.ClientSecret, Dropbox.CreateRefreshToken());
        Options = SmallOptions();
        Handler = CreateHandler(Options);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Dropbox.DisposeAsync();
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

    public DropboxAttachmentHandler CreateHandler(DropboxAttachmentHandlerOptions options, IOAuthTokenProvider? tokens = null) =>
        new(Http, tokens ?? Tokens, options, LoggerFor<DropboxAttachmentHandler>());

    /// <summary>A <c>dropbox</c> entry; <paramref name="extra"/> adds settings Kazoo reads but the schema does not declare (<c>path</c>, <c>folder_path</c>).</summary>
    public static StorageAttachmentDropbox Backend(
        string oauthDocId = OAuthDocId,
        IReadOnlyList<StorageAttachmentsField>? fieldList = null,
        string? folderBasePath = null,
        params (string Name, string? Value)[] extra) => new()
    {
        Name = "voicemail on Dropbox",
        Settings = new StorageAttachmentDropboxSettings
        {
            OauthDocId = oauthDocId,
            FieldList = fieldList,
            FolderBasePath = folderBasePath,
            ExtensionData = Undeclared(extra),
        },
    };

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

    /// <summary>The API functions called, in order, e.g. <c>files/upload</c>.</summary>
    public string[] Functions() => [.. Dropbox.Calls.Select(c => c.Function)];

    protected void AssertNoViolations() => Assert.Empty(Dropbox.Violations);
}
