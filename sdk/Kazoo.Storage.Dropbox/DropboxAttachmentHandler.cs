using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Dropbox.Api;
using Kazoo.Storage.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Dropbox;

/// <summary>
/// Kazoo's <c>dropbox</c> attachment backend (spec §7.6) on Dropbox API v2: stores, reads and deletes attachments where
/// Kazoo's handler puts them, with plain <see cref="HttpClient"/> calls.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Where.</b> The Dropbox path is <c>/</c> + Kazoo's object name (<see cref="AttachmentObjectName"/>;
/// <c>{docid}_{attachment}</c> by default, after any <c>path</c> or <c>folder_base_path</c>/<c>folder_path</c> prefix, or
/// as <c>field_list</c> says). Percent-encoded values stay as they are (Dropbox allows <c>%</c> in names), and non-ASCII
/// characters are sent as <c>\uXXXX</c> escapes in the <c>Dropbox-API-Arg</c> header, as Dropbox requires. A prefix that
/// starts with <c>/</c> gives one leading slash, not two (Kazoo would send <c>//…</c>, which Dropbox refuses).</item>
/// <item><b>Upload.</b> Content of known length up to <see cref="DropboxAttachmentHandlerOptions.SessionThreshold"/>
/// (150 MiB, Dropbox's single-call limit) is streamed in one <c>files/upload</c> call (<c>application/octet-stream</c>).
/// Larger content, and content of unknown length that does not end within its first chunk, goes through an upload
/// session in chunks of <see cref="DropboxAttachmentHandlerOptions.ChunkSize"/>, one chunk in memory at a time. Every
/// upload is checked against the <c>content_hash</c> Dropbox answers with, computed as the bytes are read. A store over
/// an existing file replaces it (<see cref="DropboxAttachmentHandlerOptions.OverwriteExisting"/>; Kazoo sends no mode, so
/// Dropbox's <c>add</c> refuses it with a conflict).</item>
/// <item><b>Pointer.</b> <see cref="StoredAttachment.BackendId"/> is Dropbox's file id (<c>id:…</c>; Kazoo keeps the
/// settings plus that id); <see cref="StoredAttachment.Metadata"/> holds <c>oauth_doc_id</c>, <c>upload</c>
/// (<c>single</c> or <c>session</c>) and Dropbox's <c>name</c>, <c>path_lower</c>, <c>path_display</c>, <c>rev</c>,
/// <c>size</c>, <c>content_hash</c> and times. Without an id (a <see cref="AttachmentHandler{TBackend}.Locate"/>d reference), reads and deletes use
/// the path.</item>
/// <item><b>Read and delete.</b> <c>files/download</c> is sent as POST, the method Dropbox documents for it (Kazoo sends
/// GET, which Dropbox's content endpoints also accept); the body streams to the caller. Deletes use
/// <c>files/delete_v2</c> on the API host (Kazoo never deletes).</item>
/// <item><b>Credentials and errors.</b> Every request carries <c>Authorization: Bearer …</c> with a token for
/// <c>settings.oauth_doc_id</c> (the pointer's, when it has one) from the <see cref="IOAuthTokenProvider"/>. A token
/// failure is Kazoo's <c>oauth_failure</c> (code 401). A Dropbox failure carries Dropbox's status, its body and its
/// <c>error_summary</c> as the reason (e.g. 409 <c>path/not_found/..</c>, 401 <c>expired_access_token/</c>); 429 and
/// 5xx answers are retried first (<see cref="DropboxAttachmentHandlerOptions.MaxRetries"/>, honouring
/// <c>Retry-After</c>). Tokens never appear in messages or logs.</item>
/// </list>
/// </remarks>
public sealed class DropboxAttachmentHandler : AttachmentHandler<StorageAttachmentDropbox>
{
    /// <summary>The backend kind served: <c>dropbox</c>.</summary>
    public const string HandlerKind = StorageAttachmentDropbox.HandlerValue;

    private readonly DropboxClient _dropbox;
    private readonly DropboxAttachmentHandlerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a handler that sends its requests through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">The client for Dropbox's hosts; not disposed by the handler. Its own <c>Timeout</c> also applies.</param>
    /// <param name="tokens">Access tokens per <c>oauth_doc_id</c>, e.g. an <see cref="OAuthTokenRegistry"/>.</param>
    /// <param name="options">Endpoints, upload and retry settings; the defaults (Dropbox's hosts) when null. Copied.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public DropboxAttachmentHandler(HttpClient httpClient, IOAuthTokenProvider tokens, DropboxAttachmentHandlerOptions? options = null, ILogger<DropboxAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Always(httpClient), tokens, options, logger)
    {
    }

    /// <summary>Creates a handler for dependency injection: each request takes a client from <paramref name="httpClientFactory"/>.</summary>
    /// <param name="httpClientFactory">Supplies the client named <see cref="DropboxAttachmentHandlerServiceCollectionExtensions.HttpClientName"/>.</param>
    /// <param name="tokens">Access tokens per <c>oauth_doc_id</c>.</param>
    /// <param name="options">Endpoints, upload and retry settings.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    [ActivatorUtilitiesConstructor]
    public DropboxAttachmentHandler(IHttpClientFactory httpClientFactory, IOAuthTokenProvider tokens, IOptions<DropboxAttachmentHandlerOptions> options, ILogger<DropboxAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Named(httpClientFactory, DropboxAttachmentHandlerServiceCollectionExtensions.HttpClientName), tokens, (options ?? throw new ArgumentNullException(nameof(options))).Value, logger)
    {
    }

    private DropboxAttachmentHandler(Func<HttpClient> http, IOAuthTokenProvider tokens, DropboxAttachmentHandlerOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _options = (options ?? new DropboxAttachmentHandlerOptions()).Clone();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _dropbox = new DropboxClient(http, tokens, _options, _logger);
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <inheritdoc/>
    protected override StoredAttachment LocateCore(StorageAttachmentDropbox backend, AttachmentLocation location, StoredAttachment located) =>
        OAuthPointer.Locate(located, backend.Settings.OauthDocId);

    /// <inheritdoc/>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentDropbox backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var oauthDocId = backend.Settings.OauthDocId;
        var path = PathOf(located.ObjectName);
        // Every byte read goes through the hasher, to compare with Dropbox's content_hash; it starts again when a retry
        // sends the content again from the start.
        using var hasher = new ContentHasher();
        var source = new AttachmentUploadSource(content, hasher.Append, hasher.Reset);
        var known = source.TotalLength;
        DropboxFile file;
        bool session;
        if (known is { } length && length <= _options.SessionThreshold)
        {
            Log.Uploading(_logger, path, length, "single call");
            file = await _dropbox.UploadStreamAsync(oauthDocId, path, source, length, cancellationToken).ConfigureAwait(false);
            session = false;
        }
        else
        {
            Log.Uploading(_logger, path, known, "chunked");
            (file, session) = await _dropbox.UploadChunkedAsync(oauthDocId, path, source, cancellationToken).ConfigureAwait(false);
        }

        var sent = hasher.ToHex();
        if (file.ContentHash is { } stored && !string.Equals(stored, sent, StringComparison.OrdinalIgnoreCase))
        {
            throw new AttachmentHandlerException(Kind, 500, $"content_hash mismatch: Dropbox stored {stored} for {path}, the handler sent {sent}");
        }

        var upload = session ? "session" : "single";
        Log.Stored(_logger, path, file.Id, hasher.Length, upload);
        var metadata = new Dictionary<string, string>(file.Fields, StringComparer.Ordinal)
        {
            [OAuthPointer.Member] = oauthDocId,
            ["upload"] = upload,
        };
        return located with
        {
            BackendId = file.Id,
            ContentType = contentType,
            Length = hasher.Length,
            Metadata = metadata,
        };
    }

    /// <inheritdoc/>
    protected override Task<Stream> OpenReadCoreAsync(StorageAttachmentDropbox backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _dropbox.DownloadAsync(OAuthDocIdOf(backend, stored), Target(stored), cancellationToken);
    }

    /// <inheritdoc/>
    protected override Task DeleteCoreAsync(StorageAttachmentDropbox backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _dropbox.DeleteAsync(OAuthDocIdOf(backend, stored), Target(stored), cancellationToken);
    }

    /// <summary>The Dropbox path of an object name: one leading <c>/</c>, as Kazoo's <c>"/" ++ Path</c> gives for a relative name.</summary>
    internal static string PathOf(string objectName) => "/" + objectName.TrimStart('/');

    /// <summary>What reads and deletes name: the file id when the pointer has one, else the path.</summary>
    private static string Target(StoredAttachment stored) =>
        stored.BackendId is { Length: > 0 } id ? id : PathOf(stored.ObjectName);

    private static string OAuthDocIdOf(StorageAttachmentDropbox backend, StoredAttachment stored) =>
        OAuthPointer.IdOf(stored) ?? backend.Settings.OauthDocId;
}
