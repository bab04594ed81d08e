using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Azure.Internal;
using Kazoo.Storage.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kazoo.Storage.Azure;

/// <summary>
/// Kazoo's <c>azure</c> attachment backend (spec §7.6, <c>kz_att_azure</c>) on Azure.Storage.Blobs: stores, reads and
/// deletes attachments as block blobs in the entry's <c>container</c>, exactly where Kazoo puts them, authenticated with
/// the entry's <c>account</c> and shared <c>key</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Where.</b> The object name is Kazoo's (<see cref="AttachmentObjectName"/>): by default
/// <c>{docid}_{attachment}</c>, each part percent-encoded, after a <c>path</c> or <c>folder_base_path</c>/<c>folder_path</c>
/// prefix, or as <c>field_list</c> says. Kazoo's Azure library puts that name into the request path as it is, so Azure
/// stores the blob under the name with its percent-escapes decoded (<see cref="BlobNameFor"/>:
/// <c>{docid}_my%20file.mp3</c> is the blob <c>{docid}_my file.mp3</c>); this handler addresses the same blob.
/// The container is never created, as in Kazoo.</item>
/// <item><b>Endpoint.</b> <c>https://{account}.blob.core.windows.net/</c> as in Kazoo, or
/// <see cref="AzureAttachmentHandlerOptions.BlobEndpointTemplate"/> (sovereign clouds, Azurite).</item>
/// <item><b>Uploads</b> stream: an attachment shorter than <see cref="AzureAttachmentHandlerOptions.BlockSize"/> goes in
/// one <c>Put Blob</c>, as in Kazoo; a longer one is read block by block into at most
/// <see cref="AzureAttachmentHandlerOptions.MaxConcurrency"/> pooled buffers, the blocks sent
/// <see cref="AzureAttachmentHandlerOptions.MaxConcurrency"/> at a time (<c>Put Block</c>) and committed at the end
/// (<c>Put Block List</c>). An upload that fails, whose source throws, or that is cancelled commits nothing: no blob
/// appears (an existing blob of that name is left as it was), and Azure discards the uncommitted blocks within a week.
/// The content type is the caller's.</item>
/// <item><b>Reads</b> stream the blob's content as it arrives; the returned stream owns the response.</item>
/// <item><b>Errors</b> throw <see cref="AttachmentHandlerException"/> as Kazoo reports them: the HTTP status, Azure's
/// error code as the reason (<c>BlobNotFound</c>, <c>ContainerNotFound</c>, <c>AuthorizationFailure</c>, …) and Azure's
/// XML error document, with its message, as the body; a connection that could not be made as 500
/// <c>failed_to_connect</c>; anything else as 500 <c>request_error</c>. A failure of the caller's stream, and the
/// caller's cancellation, are rethrown unchanged. The key never appears in messages, <c>ToString()</c> or logs.</item>
/// <item><b>Clients.</b> One <see cref="BlobServiceClient"/> is kept per endpoint, account and key (keyed by a salted
/// hash, so no key is a dictionary key), all on one connection pool. Dispose the handler to release it.</item>
/// </list>
/// </remarks>
public sealed class AzureAttachmentHandler : AttachmentHandler<StorageAttachmentAzure>, IDisposable
{
    /// <summary>The backend kind: <c>azure</c>.</summary>
    public const string HandlerKind = StorageAttachmentAzure.HandlerValue;

    private readonly AzureAttachmentHandlerOptions _options;
    private readonly ILogger _logger;
    private readonly SocketsHttpHandler _connections;
    private readonly HttpClient _http;
    private readonly HttpClientTransport _transport;
    private readonly ClientCache<BlobServiceClient> _clients = new();
    private int _disposed;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">Endpoint, API version, block size, parallelism and retries; defaults when null. Copied: later changes do not apply.</param>
    /// <param name="logger">Receives debug records and warnings (an upload abandoned, a failed call); none when null.</param>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public AzureAttachmentHandler(AzureAttachmentHandlerOptions? options = null, ILogger<AzureAttachmentHandler>? logger = null)
    {
        _options = (options ?? new AzureAttachmentHandlerOptions()).Clone();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _connections = new SocketsHttpHandler
        {
            // The Azure SDK follows no redirects for storage; neither does its transport.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.ConnectTimeout,
            // Follow DNS changes of long-lived endpoints.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };

        // The Azure pipeline applies its own per-try NetworkTimeout; the HttpClient must not cut a long upload short.
        _http = new HttpClient(_connections, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _transport = new HttpClientTransport(_http);
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <summary>How many distinct blob service clients (endpoint, account and key) this handler keeps.</summary>
    public int CachedClientCount => _clients.Count;

    /// <summary>
    /// The blob name Azure gives Kazoo's object name: its percent-escapes decoded (<see cref="AttachmentObjectName.UrlDecode"/>),
    /// because Kazoo's Azure library sends the object name in the request path unescaped and Azure decodes the path. For
    /// <c>{docid}_my%20file%20%2B1.mp3</c> it is <c>{docid}_my file +1.mp3</c>.
    /// </summary>
    /// <param name="objectName">Kazoo's object name (<see cref="StoredAttachment.ObjectName"/>).</param>
    public static string BlobNameFor(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        return AttachmentObjectName.UrlDecode(objectName);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="content"/> is read once, block by block, and left open at its end. The result's
    /// <see cref="StoredAttachment.Metadata"/> holds the answer's <c>etag</c>, <c>last-modified</c>, <c>content-md5</c> and
    /// <c>x-ms-*</c> headers (Kazoo keeps the response headers in its pointer). A failure of <paramref name="content"/>
    /// itself is rethrown unchanged; nothing is committed then.
    /// </remarks>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentAzure backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var target = Resolve(backend);
        var objectName = located.ObjectName;
        var blobName = BlobNameFor(objectName);
        var headers = new BlobHttpHeaders { ContentType = contentType };
        Log.Uploading(_logger, blobName, target.ContainerName, target.Credentials.Account, _options.BlockSize, _options.MaxConcurrency);
        Response<BlobContentInfo> response;
        long length;
        int blocks;
        try
        {
            (response, length, blocks) = await BlockUpload.RunAsync(
                target.Container.GetBlockBlobClient(blobName), content, headers, _options.BlockSize, _options.MaxConcurrency, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceFailure sourceFailure)
        {
            Log.UploadAbandoned(_logger, blobName, target.ContainerName, target.Credentials.Account, "the content stream failed: " + sourceFailure.InnerException!.GetType().Name);
            sourceFailure.Captured.Throw();
            throw;
        }
        catch (Exception ex) when (!AzureErrors.IsBackendFailure(ex, cancellationToken))
        {
            Log.UploadAbandoned(_logger, blobName, target.ContainerName, target.Credentials.Account, ex is OperationCanceledException ? "cancelled" : ex.GetType().Name);
            throw;
        }
        catch (Exception ex)
        {
            throw Failed("upload", ex, target, blobName);
        }

        Log.Stored(_logger, blobName, target.ContainerName, target.Credentials.Account, length, blocks);
        return located with
        {
            ContentType = contentType,
            Length = length,
            Metadata = PointerMetadata(response.GetRawResponse(), target.Credentials),
        };
    }

    /// <inheritdoc/>
    /// <remarks>The stream is the blob's content as it arrives, with the blob's <see cref="Stream.Length"/>.</remarks>
    protected override async Task<Stream> OpenReadCoreAsync(StorageAttachmentAzure backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var blobName = BlobNameFor(stored.ObjectName);
        var target = Resolve(backend);
        try
        {
            var response = await target.Container.GetBlobClient(blobName).DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken).ConfigureAwait(false);
            return new BlobReadStream(response.Value, target.Credentials);
        }
        catch (Exception ex) when (AzureErrors.IsBackendFailure(ex, cancellationToken))
        {
            throw Failed("download", ex, target, blobName);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The blob's snapshots go with it. A missing blob fails with 404 <c>BlobNotFound</c>, as Azure answers.</remarks>
    protected override async Task DeleteCoreAsync(StorageAttachmentAzure backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var blobName = BlobNameFor(stored.ObjectName);
        var target = Resolve(backend);
        try
        {
            await target.Container.GetBlobClient(blobName).DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureErrors.IsBackendFailure(ex, cancellationToken))
        {
            throw Failed("delete", ex, target, blobName);
        }
    }

    /// <summary>Releases the connections of every cached client.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _clients.Clear();
        _transport.Dispose();
        _http.Dispose();
        _connections.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"AzureAttachmentHandler {{ Kind = {HandlerKind}, BlobEndpointTemplate = {_options.BlobEndpointTemplate}, ServiceVersion = {_options.ServiceVersion}, BlockSize = {_options.BlockSize}, MaxConcurrency = {_options.MaxConcurrency}, CachedClients = {_clients.Count} }}";

    private static Dictionary<string, string> PointerMetadata(Response response, AzureCredentials credentials)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in response.Headers)
        {
            var name = header.Name.ToLowerInvariant();
            if (name is "etag" or "last-modified" or "content-md5" || name.StartsWith("x-ms-", StringComparison.Ordinal))
            {
                metadata[name] = credentials.Mask(header.Value);
            }
        }

        return metadata;
    }

    private AttachmentHandlerException Failed(string operation, Exception exception, Target target, string blobName)
    {
        var failure = AzureErrors.Translate(exception, target.Credentials);
        Log.Failed(_logger, operation, blobName, target.ContainerName, target.Credentials.Account, failure.ErrorCode, failure.Reason);
        return failure;
    }

    private Target Resolve(StorageAttachmentAzure backend)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var settings = backend.Settings ?? throw new ArgumentException("The Azure entry has no settings.", nameof(backend));
        var account = settings.Account ?? string.Empty;
        var credentials = new AzureCredentials(account, settings.Key ?? string.Empty);
        if (!AzureAttachmentHandlerOptions.IsAccountName(account))
        {
            throw Unusable($"the account '{credentials.Mask(account)}' is not an Azure storage account name (3 to 24 lowercase letters and digits)", credentials);
        }

        if (string.IsNullOrEmpty(settings.Container))
        {
            throw Unusable("the container is empty", credentials);
        }

        if (string.IsNullOrEmpty(settings.Key) || !IsBase64(settings.Key))
        {
            throw Unusable("the key is not a base64 shared key", credentials);
        }

        var endpoint = _options.BlobEndpointFor(account);
        var client = _clients.GetOrAdd(
            add =>
            {
                add(endpoint.AbsoluteUri);
                add(credentials.Account);
                credentials.WriteTo(add);
            },
            () => CreateClient(endpoint, credentials));
        return new Target(client.GetBlobContainerClient(settings.Container), settings.Container, credentials);
    }

    private BlobServiceClient CreateClient(Uri endpoint, AzureCredentials credentials)
    {
        var options = new BlobClientOptions(_options.ServiceVersion)
        {
            Transport = _transport,
        };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = _options.MaxRetries;
        options.Retry.NetworkTimeout = _options.NetworkTimeout;
        Log.ClientCreated(_logger, credentials.Account, endpoint);
        return new BlobServiceClient(endpoint, credentials.ToShared(), options);
    }

    private static bool IsBase64(string key)
    {
        var buffer = new byte[(key.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(key, buffer, out var written) && written > 0;
    }

    private static AttachmentHandlerException Unusable(string reason, AzureCredentials credentials) =>
        new(HandlerKind, 500, credentials.Mask(reason));

    private sealed record Target(BlobContainerClient Container, string ContainerName, AzureCredentials Credentials);
}
