using System.Globalization;
using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.GoogleStorage.JsonApi;
using Kazoo.Storage.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.GoogleStorage;

/// <summary>
/// Stores, fetches and deletes attachments in Google Cloud Storage exactly where Kazoo's <c>google_storage</c> handler puts
/// them (spec §7.7), through the Cloud Storage JSON API.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Where.</b> The bucket is <c>settings.bucket</c> (required, although Kazoo's schema does not declare it:
/// <see cref="GoogleStorageSettingsExtensions.GetBucket"/>); a missing bucket fails with an
/// <see cref="AttachmentHandlerException"/> before anything is sent. The object name is Kazoo's
/// (<see cref="AttachmentObjectName"/>: <c>{docid}_{attachment}</c> by default, after any <c>path</c> or
/// <c>folder_base_path</c>/<c>folder_path</c> prefix, or as <c>field_list</c> says), used whole as the object's name and
/// percent-encoded as one path segment in the JSON API's URLs.</item>
/// <item><b>Upload.</b> Content up to <see cref="GoogleStorageAttachmentHandlerOptions.ResumableThreshold"/> bytes goes
/// as one <c>uploadType=multipart</c> request (JSON metadata part, then the bytes as they are, where Kazoo base64-encodes
/// them); larger content, and content of unknown length, through a resumable session in chunks of
/// <see cref="GoogleStorageAttachmentHandlerOptions.ChunkSize"/>, resuming at the offset Cloud Storage reports after an
/// interrupted chunk. Either way the content is read once and streamed, never held whole; the MD5 and length Cloud
/// Storage answers are checked against what was read.</item>
/// <item><b>Pointer.</b> <see cref="StoredAttachment.BackendId"/> is the object's <c>mediaLink</c> (what Kazoo keeps), which
/// reads the generation that was written; <see cref="StoredAttachment.Metadata"/> holds the object resource's text
/// members (<c>bucket</c>, <c>generation</c>, <c>md5Hash</c>, <c>crc32c</c>, <c>etag</c>, <c>size</c>, …), the OAuth id
/// (<c>oauth_doc_id</c> or <c>oauth_app_id</c>) and <c>upload</c> (<c>multipart</c> or <c>resumable</c>). A reference
/// made by <see cref="AttachmentHandler{TBackend}.Locate"/> (no backend id) is read as <c>storage/v1/b/{bucket}/o/{name}?alt=media</c>, the live
/// version; deletes always go to <c>storage/v1/b/{bucket}/o/{name}</c>. The bucket is the pointer's when it has one.</item>
/// <item><b>Credentials.</b> Every request carries <c>Authorization: Bearer …</c> with a token from the
/// <see cref="IOAuthTokenProvider"/> for <c>settings.oauth_doc_id</c> (per-user flow), else <c>settings.oauth_app_id</c>
/// (app flow); Kazoo asks for the scope <see cref="ReadWriteScope"/>. A token failure is Kazoo's <c>oauth_failure</c>
/// (code 401); a Cloud Storage failure carries its status, its JSON body and <c>error.message</c> as the reason
/// (<see cref="AttachmentHandlerException.ToValidationError"/> gives Kazoo's <c>invalid</c> error). Tokens never
/// appear in messages or logs, and are only sent to <see cref="GoogleStorageAttachmentHandlerOptions.BaseUri"/>'s host.</item>
/// </list>
/// </remarks>
public sealed class GoogleStorageAttachmentHandler : AttachmentHandler<StorageAttachmentGoogleStorage>
{
    /// <summary>The backend kind served: <c>google_storage</c>.</summary>
    public const string HandlerKind = StorageAttachmentGoogleStorage.HandlerValue;

    /// <summary>The OAuth scope Kazoo asks for on Cloud Storage; the tokens the provider gives need it.</summary>
    public const string ReadWriteScope = "https://www.googleapis.com/auth/devstorage.read_write";

    private const string OAuthDocIdMember = "oauth_doc_id";
    private const string OAuthAppIdMember = "oauth_app_id";

    private readonly ObjectsClient _objects;
    private readonly GoogleStorageAttachmentHandlerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a handler that sends its requests through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">
    /// The client for the JSON API; not disposed by the handler. Its <see cref="HttpClient.Timeout"/> bounds each request
    /// too (until the response headers), next to <see cref="GoogleStorageAttachmentHandlerOptions.RequestTimeout"/>.
    /// </param>
    /// <param name="tokens">Access tokens per <c>oauth_doc_id</c> / <c>oauth_app_id</c>, e.g. an <see cref="OAuthTokenRegistry"/>.</param>
    /// <param name="options">Endpoint, upload and timeout settings; the defaults (Google's host) when null.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public GoogleStorageAttachmentHandler(HttpClient httpClient, IOAuthTokenProvider tokens, GoogleStorageAttachmentHandlerOptions? options = null, ILogger<GoogleStorageAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Always(httpClient), tokens, options, logger)
    {
    }

    /// <summary>Creates a handler for dependency injection: each request takes a client from <paramref name="httpClientFactory"/>.</summary>
    /// <param name="httpClientFactory">Supplies the client named <see cref="GoogleStorageAttachmentHandlerServiceCollectionExtensions.HttpClientName"/>.</param>
    /// <param name="tokens">Access tokens per <c>oauth_doc_id</c> / <c>oauth_app_id</c>.</param>
    /// <param name="options">Endpoint, upload and timeout settings.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    [ActivatorUtilitiesConstructor]
    public GoogleStorageAttachmentHandler(IHttpClientFactory httpClientFactory, IOAuthTokenProvider tokens, IOptions<GoogleStorageAttachmentHandlerOptions> options, ILogger<GoogleStorageAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Named(httpClientFactory, GoogleStorageAttachmentHandlerServiceCollectionExtensions.HttpClientName), tokens, (options ?? throw new ArgumentNullException(nameof(options))).Value, logger)
    {
    }

    private GoogleStorageAttachmentHandler(Func<HttpClient> http, IOAuthTokenProvider tokens, GoogleStorageAttachmentHandlerOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _options = (options ?? new GoogleStorageAttachmentHandlerOptions()).Clone();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _objects = new ObjectsClient(http, tokens, _options, _logger);
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <inheritdoc/>
    protected override StoredAttachment LocateCore(StorageAttachmentGoogleStorage backend, AttachmentLocation location, StoredAttachment located)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (backend.Settings.GetBucket() is { } bucket)
        {
            metadata["bucket"] = bucket;
        }

        if (OAuthIdOf(backend) is { } oauth)
        {
            metadata[oauth.Member] = oauth.Id;
        }

        return located with { Metadata = metadata };
    }

    /// <inheritdoc/>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentGoogleStorage backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(backend.Settings.GetBucket());
        var oauth = RequireOAuthId(backend);
        if (located.ObjectName.Length == 0)
        {
            throw new AttachmentHandlerException(Kind, 500, "The object name is empty: the entry's field_list produced nothing.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        // The MD5 of what was read, to compare with Cloud Storage's md5Hash; it starts again when the content is sent again.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var source = new AttachmentUploadSource(content, bytes => md5.AppendData(bytes), () => md5.GetHashAndReset());
        var length = source.TotalLength;
        var resumable = length is null || length > _options.ResumableThreshold;
        Log.Uploading(_logger, located.ObjectName, bucket, resumable ? "resumable" : "multipart", length);
        var stored = resumable
            ? await _objects.UploadResumableAsync(oauth.Id, bucket, located.ObjectName, contentType, source, length, cancellationToken).ConfigureAwait(false)
            : await _objects.UploadMultipartAsync(oauth.Id, bucket, located.ObjectName, contentType, source, cancellationToken).ConfigureAwait(false);

        if (_options.VerifyUploads)
        {
            await VerifyAsync(oauth.Id, bucket, stored, source.BytesRead, Convert.ToBase64String(md5.GetCurrentHash()), cancellationToken).ConfigureAwait(false);
        }

        Log.Stored(_logger, stored.Name, bucket, stored.Generation);
        var metadata = new Dictionary<string, string>(stored.Fields, StringComparer.Ordinal)
        {
            [oauth.Member] = oauth.Id,
            ["upload"] = resumable ? "resumable" : "multipart",
        };
        metadata.TryAdd("bucket", bucket);
        return located with
        {
            BackendId = stored.MediaLink,
            ContentType = contentType,
            Length = source.BytesRead,
            Metadata = metadata,
        };
    }

    /// <inheritdoc/>
    protected override Task<Stream> OpenReadCoreAsync(StorageAttachmentGoogleStorage backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var oauth = RequireOAuthId(backend);
        Uri uri;
        if (stored.BackendId is { Length: > 0 } id && Uri.TryCreate(id, UriKind.Absolute, out var mediaLink) && mediaLink.Scheme is "http" or "https")
        {
            if (_objects.IsOnApiHost(mediaLink))
            {
                uri = mediaLink;
            }
            else
            {
                Log.MediaLinkIgnored(_logger, stored.ObjectName);
                uri = MediaUri(backend, stored);
            }
        }
        else
        {
            uri = MediaUri(backend, stored);
        }

        return _objects.DownloadAsync(oauth.Id, uri, cancellationToken);
    }

    /// <inheritdoc/>
    protected override Task DeleteCoreAsync(StorageAttachmentGoogleStorage backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var oauth = RequireOAuthId(backend);
        return _objects.DeleteAsync(oauth.Id, BucketOf(backend, stored), stored.ObjectName, generation: null, cancellationToken);
    }

    /// <summary>
    /// Compares what Cloud Storage holds with what was read: the byte count with <c>size</c>, the MD5 with <c>md5Hash</c>.
    /// On a mismatch the generation just written is deleted (best effort) and the upload fails.
    /// </summary>
    private async Task VerifyAsync(string oauthId, string bucket, StorageObject stored, long sentBytes, string sentMd5, CancellationToken cancellationToken)
    {
        string? detail = null;
        if (stored.Size is { } size && size != sentBytes)
        {
            detail = string.Create(CultureInfo.InvariantCulture, $"{size} bytes stored, {sentBytes} sent");
        }
        else if (stored.Md5Hash is { } md5 && !string.Equals(md5, sentMd5, StringComparison.Ordinal))
        {
            detail = $"md5Hash {md5} stored, {sentMd5} sent";
        }

        if (detail is null)
        {
            return;
        }

        Log.UploadMismatch(_logger, stored.Name, bucket, detail, stored.Generation);
        try
        {
            await _objects.DeleteAsync(oauthId, bucket, stored.Name, stored.Generation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AttachmentHandlerException or OperationCanceledException)
        {
            // The failure below is what matters; a corrupt object left behind is overwritten by the next upload.
        }

        throw new AttachmentHandlerException(Kind, 500, "Upload verification failed: " + detail);
    }

    private Uri MediaUri(StorageAttachmentGoogleStorage backend, StoredAttachment stored) =>
        new(_objects.ObjectUri(BucketOf(backend, stored), stored.ObjectName).AbsoluteUri + "?alt=media");

    /// <summary>The pointer's bucket (where the object was written), else the settings' bucket.</summary>
    private static string BucketOf(StorageAttachmentGoogleStorage backend, StoredAttachment stored) =>
        stored.Metadata.TryGetValue("bucket", out var bucket) && bucket.Length > 0 ? bucket : RequireBucket(backend.Settings.GetBucket());

    private static string RequireBucket(string? bucket) =>
        bucket ?? throw new AttachmentHandlerException(
            HandlerKind,
            500,
            "settings.bucket is missing: Kazoo's google_storage handler needs the bucket's name (Kazoo's schema does not declare it; set it as a 'bucket' member of the settings).");

    private static (string Member, string Id)? OAuthIdOf(StorageAttachmentGoogleStorage backend) =>
        backend.Settings.OauthDocId is { Length: > 0 } docId ? (OAuthDocIdMember, docId)
        : backend.Settings.OauthAppId is { Length: > 0 } appId ? (OAuthAppIdMember, appId)
        : null;

    /// <summary>The OAuth id to ask a token for; without one Kazoo has no token either, which it reports as <c>oauth_failure</c>.</summary>
    private (string Member, string Id) RequireOAuthId(StorageAttachmentGoogleStorage backend)
    {
        if (OAuthIdOf(backend) is { } oauth)
        {
            return oauth;
        }

        throw _objects.Sender.OAuthFailure("(none)", new InvalidOperationException("The google_storage settings name neither oauth_doc_id nor oauth_app_id."));
    }
}
