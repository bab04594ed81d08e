using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Models;
using Kazoo.Storage.OneDrive.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.OneDrive;

/// <summary>
/// Stores, fetches and deletes attachments in OneDrive exactly where Kazoo's <c>onedrive</c> handler puts them (spec §7.6),
/// through Microsoft Graph v1.0.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Where.</b> The object name is Kazoo's (<see cref="AttachmentObjectName"/>; <c>{docid}_{attachment}</c> by
/// default, after any <c>path</c> or <c>folder_base_path</c>/<c>folder_path</c> prefix), under the signed-in user's drive
/// root: Kazoo sends <c>PUT /me/drive/root:/{name}:/content</c> with the name as it is, and Graph decodes it once, so a
/// <c>%20</c> in the name is a space in OneDrive and an encoded slash separates folders. This handler sends the same path,
/// each segment percent-encoded as Graph requires, and Graph creates missing folders.</item>
/// <item><b>Upload.</b> Content up to <see cref="OneDriveAttachmentHandlerOptions.SimpleUploadThreshold"/> bytes (Graph's
/// 250 MB by default) goes as one simple upload, as Kazoo sends everything; larger content through an upload session, in
/// fragments of <see cref="OneDriveAttachmentHandlerOptions.ChunkSize"/> sent to the session's URL without the bearer token,
/// resumed from <c>nextExpectedRanges</c> after a transient failure and deleted after a failure or a cancellation. Both
/// replace a file of the same path, as Kazoo's PUT does. The content is streamed, never held whole in memory; Graph needs its
/// size first, so a stream that cannot tell it and is longer than one fragment is copied to a temporary file.</item>
/// <item><b>Pointer.</b> <see cref="StoredAttachment.BackendId"/> is <c>{driveId}/{itemId}</c> (Kazoo keeps
/// <c>{DriveId, ItemId}</c>: the answer's <c>parentReference.driveId</c> and <c>id</c>, both required, as in Kazoo);
/// <see cref="StoredAttachment.Metadata"/> holds <c>oauth_doc_id</c>, <c>drive_id</c>, <c>item_id</c>, <c>path</c>,
/// <c>upload</c> (<c>simple</c> or <c>session</c>) and the driveItem's <c>name</c>, <c>size</c>, <c>eTag</c>, <c>cTag</c>,
/// <c>webUrl</c>, dates, <c>parentReference.path</c>, <c>file.mimeType</c> and <c>file.hashes.*</c>.</item>
/// <item><b>Fetch and delete.</b> By id (<c>/drives/{driveId}/items/{itemId}</c>) or, for a <see cref="AttachmentHandler{TBackend}.Locate"/>d reference
/// without a backend id, by path (<c>/me/drive/root:/{path}</c>). Graph answers a content request with a redirect to a
/// pre-authenticated download URL, which is followed without the bearer token.</item>
/// <item><b>Credentials.</b> Graph requests carry <c>Authorization: Bearer …</c> with a token for <c>settings.oauth_doc_id</c>
/// (or <c>oauth_app_id</c>) from the <see cref="IOAuthTokenProvider"/>; Kazoo asks its token for scope
/// <c>Files.ReadWrite.All</c> to store and <c>Files.Read.All</c> to fetch, so the registered credential needs
/// <c>Files.ReadWrite.All</c>. A token failure is Kazoo's <c>oauth_failure</c> (code 401); a Graph failure carries Graph's
/// status, its JSON body and <c>error.message</c> as the reason (<see cref="AttachmentHandlerException.ToValidationError"/>
/// gives Kazoo's <c>invalid</c> error). Tokens, upload-session URLs and download URLs never appear in messages, metadata or
/// logs.</item>
/// </list>
/// </remarks>
public sealed class OneDriveAttachmentHandler : AttachmentHandler<StorageAttachmentOnedrive>
{
    /// <summary>The backend kind served: <c>onedrive</c>.</summary>
    public const string HandlerKind = StorageAttachmentOnedrive.HandlerValue;

    private readonly GraphClient _graph;
    private readonly OneDriveAttachmentHandlerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a handler that sends its requests through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">
    /// The client for Graph and its upload and download URLs; not disposed by the handler. Its <see cref="HttpClient.Timeout"/>
    /// applies too (100 s unless changed): give it <see cref="Timeout.InfiniteTimeSpan"/> and let
    /// <see cref="OneDriveAttachmentHandlerOptions.RequestTimeout"/> bound each request.
    /// </param>
    /// <param name="tokens">Access tokens per OAuth id, e.g. an <see cref="OAuthTokenRegistry"/>.</param>
    /// <param name="options">Endpoint, upload and timeout settings; the defaults (Graph's global endpoint) when null.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public OneDriveAttachmentHandler(HttpClient httpClient, IOAuthTokenProvider tokens, OneDriveAttachmentHandlerOptions? options = null, ILogger<OneDriveAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Always(httpClient), tokens, options, logger)
    {
    }

    /// <summary>Creates a handler for dependency injection: each operation takes a client from <paramref name="httpClientFactory"/>.</summary>
    /// <param name="httpClientFactory">Supplies the client named <see cref="OneDriveAttachmentHandlerServiceCollectionExtensions.HttpClientName"/>.</param>
    /// <param name="tokens">Access tokens per OAuth id.</param>
    /// <param name="options">Endpoint, upload and timeout settings.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    [ActivatorUtilitiesConstructor]
    public OneDriveAttachmentHandler(IHttpClientFactory httpClientFactory, IOAuthTokenProvider tokens, IOptions<OneDriveAttachmentHandlerOptions> options, ILogger<OneDriveAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Named(httpClientFactory, OneDriveAttachmentHandlerServiceCollectionExtensions.HttpClientName), tokens, (options ?? throw new ArgumentNullException(nameof(options))).Value, logger)
    {
    }

    private OneDriveAttachmentHandler(Func<HttpClient> http, IOAuthTokenProvider tokens, OneDriveAttachmentHandlerOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _options = (options ?? new OneDriveAttachmentHandlerOptions()).Clone();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _graph = new GraphClient(http, tokens, _options, _logger);
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <inheritdoc/>
    protected override StoredAttachment LocateCore(StorageAttachmentOnedrive backend, AttachmentLocation location, StoredAttachment located) =>
        OAuthPointer.Locate(located, OAuthIdOf(backend));

    /// <inheritdoc/>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentOnedrive backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = DrivePath.FromObjectName(located.ObjectName);
        var oauthId = OAuthIdOf(backend);
        await _graph.CheckTokenAsync(oauthId, cancellationToken).ConfigureAwait(false);

        var body = await UploadBody.OpenAsync(content, _options.ChunkSize, _options.TemporaryDirectory, cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            if (body.Spooled)
            {
                Log.Spooled(_logger, body.Total);
            }

            var simple = body.Total <= _options.SimpleUploadThreshold;
            Log.Uploading(_logger, path.Display, simple ? "simple" : "session", body.Total);
            var item = simple
                ? await _graph.UploadSimpleAsync(oauthId, path, contentType, body, cancellationToken).ConfigureAwait(false)
                : await _graph.UploadSessionAsync(oauthId, path, body, cancellationToken).ConfigureAwait(false);

            Log.Stored(_logger, path.Display, item.Id.ItemId, item.Id.DriveId);
            var metadata = new Dictionary<string, string>(item.Fields, StringComparer.Ordinal)
            {
                [OAuthPointer.Member] = oauthId,
                ["drive_id"] = item.Id.DriveId,
                ["item_id"] = item.Id.ItemId,
                ["path"] = path.Display,
                ["upload"] = simple ? "simple" : "session",
            };
            return located with
            {
                BackendId = item.Id.ToString(),
                ContentType = contentType,
                Length = body.Total,
                Metadata = metadata,
            };
        }
    }

    /// <inheritdoc/>
    protected override Task<Stream> OpenReadCoreAsync(StorageAttachmentOnedrive backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var (id, path) = AddressOf(stored);
        return _graph.DownloadAsync(OAuthIdOf(backend, stored), id, path, cancellationToken);
    }

    /// <inheritdoc/>
    protected override Task DeleteCoreAsync(StorageAttachmentOnedrive backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var (id, path) = AddressOf(stored);
        return _graph.DeleteAsync(OAuthIdOf(backend, stored), id, path, cancellationToken);
    }

    /// <summary>The item's id when the pointer has one, else its path from the object name (a <see cref="AttachmentHandler{TBackend}.Locate"/>d reference).</summary>
    private static (DriveItemId? Id, DrivePath? Path) AddressOf(StoredAttachment stored) =>
        stored.BackendId is { Length: > 0 } backendId
            ? (DriveItemId.Parse(backendId), null)
            : (null, DrivePath.FromObjectName(stored.ObjectName));

    /// <summary>The OAuth id whose token Kazoo uses: <c>oauth_doc_id</c>, else an <c>oauth_app_id</c> kept with the settings' extension data.</summary>
    private static string OAuthIdOf(StorageAttachmentOnedrive backend)
    {
        var settings = backend.Settings ?? throw new ArgumentException("The onedrive entry has no settings.", nameof(backend));
        if (!string.IsNullOrEmpty(settings.OauthDocId))
        {
            return settings.OauthDocId;
        }

        return settings.ExtensionData.TryGetValue("oauth_app_id", out var appId) && appId.ValueKind == JsonValueKind.String && appId.GetString() is { Length: > 0 } id
            ? id
            : throw new ArgumentException("The onedrive entry's settings name no oauth_doc_id (or oauth_app_id).", nameof(backend));
    }

    private static string OAuthIdOf(StorageAttachmentOnedrive backend, StoredAttachment stored) =>
        OAuthPointer.IdOf(stored) ?? OAuthIdOf(backend);
}
