using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.S3.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kazoo.Storage.S3;

/// <summary>
/// Kazoo's <c>s3</c> attachment backend (spec §7.3) on the AWS SDK: stores, reads and deletes attachments in Amazon S3
/// or an S3-compatible server exactly where Kazoo puts them, with the client settings Kazoo derives from the entry
/// (<see cref="S3ClientSettings"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The object key is Kazoo's object name (<see cref="AttachmentObjectName"/>): by default
/// <c>{db}/{docid}_{attachment}</c>, e.g. <c>account%2Fab%2Fcd%2F…-202401/{docid}_{name}</c> for an MODB.</item>
/// <item>Uploads stream: an attachment up to <see cref="S3AttachmentHandlerOptions.PartSize"/> goes in one
/// <c>PutObject</c> with <c>Content-MD5</c>, a larger one as a multipart upload with up to
/// <see cref="S3AttachmentHandlerOptions.MaxConcurrentParts"/> parts in flight. Files and memory streams are sent from
/// where they are; other streams are read part by part into pooled buffers while earlier parts are sent, so memory stays
/// below <c>PartSize × max(2, MaxConcurrentParts)</c> whatever the size. A multipart upload that fails or is cancelled is
/// aborted, so S3 keeps no orphaned parts. Request bodies are signed (SigV4 over the SHA-256 of the whole body, which the
/// server checks) and the returned ETags are checked.</item>
/// <item><see cref="AttachmentHandler{TBackend}.PutAsync"/> returns Kazoo's pointer metadata: <c>etag</c> (quotes removed) and the answer's
/// <c>x-amz-*</c> headers.</item>
/// <item>Failures throw <see cref="AttachmentHandlerException"/> as Kazoo reports them: the HTTP status, S3's XML
/// <c>&lt;Message&gt;</c> (or its <c>&lt;Code&gt;</c> when the message is empty, as radosgw sends it) and the XML body; a
/// socket failure as 500 "Socket error: …"; anything else as 500 "Unknown Error". The access key id and secret never
/// appear: they are masked in bodies and messages.</item>
/// <item>One <c>AmazonS3Client</c> is kept per distinct endpoint, signing region, addressing style, timeout and
/// credentials (keyed by a salted hash, so no secret is a dictionary key), all on one shared connection pool. Dispose the
/// handler to release them.</item>
/// </list>
/// Kazoo's fetch merges the current settings over those stored in its pointer when the bucket (and host) are the same;
/// here the caller passes the effective entry, and its credentials are used.
/// </remarks>
public sealed class S3AttachmentHandler : AttachmentHandler<StorageAttachmentAws>, IDisposable
{
    /// <summary>The backend kind: <c>s3</c>.</summary>
    public const string HandlerKind = StorageAttachmentAws.HandlerValue;

    private readonly S3AttachmentHandlerOptions _options;
    private readonly ILogger _logger;
    private readonly S3Transport _transport;
    private readonly PartBufferPool _parts;
    private readonly ClientCache<AmazonS3Client> _clients = new();
    private int _disposed;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">Part size, parallelism, timeouts and retries; defaults when null. Copied: later changes do not apply.</param>
    /// <param name="logger">Receives warnings (an abort or cleanup that failed); none when null.</param>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public S3AttachmentHandler(S3AttachmentHandlerOptions? options = null, ILogger<S3AttachmentHandler>? logger = null)
    {
        _options = (options ?? new S3AttachmentHandlerOptions()).Clone();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new S3Transport(_options.ConnectTimeout);
        _parts = new PartBufferPool(_options.PartSize, Math.Max(2, _options.MaxConcurrentParts));
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <summary>How many distinct S3 clients (endpoint, style, timeout and credentials) this handler keeps.</summary>
    public int CachedClientCount => _clients.Count;

    /// <summary>
    /// Uploads to the located key. The content type is stored as given. <paramref name="content"/> is read once, part by
    /// part; a failure of the source itself is rethrown unchanged (after the multipart upload was aborted).
    /// </summary>
    /// <inheritdoc/>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentAws backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var target = Resolve(backend);
        var key = located.ObjectName;
        var upload = new S3Upload(target.Client, target.Credentials, target.Settings.Bucket, key, contentType, _options, _parts, _logger);
        var result = await upload.RunAsync(content, cancellationToken).ConfigureAwait(false);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["etag"] = result.ETag };
        foreach (var (name, value) in result.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.Ordinal))
            {
                metadata[name] = target.Credentials.Mask(value);
            }
        }

        return located with
        {
            ContentType = contentType,
            Length = result.Length,
            Metadata = metadata,
        };
    }

    /// <summary>
    /// GETs the object by its key (<see cref="StoredAttachment.ObjectName"/>). The stream is S3's response body, read as it
    /// arrives. When <see cref="S3AttachmentHandlerOptions.VerifyDownloads"/> is on and the ETag is the content's MD5,
    /// reaching the end checks it and throws <see cref="InvalidDataException"/> on a mismatch.
    /// </summary>
    /// <inheritdoc/>
    protected override async Task<Stream> OpenReadCoreAsync(StorageAttachmentAws backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var key = stored.ObjectName;
        var target = Resolve(backend);
        var record = S3ResponseRecord.Begin();
        GetObjectResponse response;
        try
        {
            response = await target.Client.GetObjectAsync(new GetObjectRequest { BucketName = target.Settings.Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.IsBackendFailure(ex, cancellationToken))
        {
            throw S3Errors.Translate(ex, record, target.Credentials);
        }

        var etag = S3ETag.Unquote(response.ETag);
        var verify = _options.VerifyDownloads && S3ETag.IsPlainMd5(etag)
            && S3ETag.HasMd5ETag(response.ServerSideEncryptionMethod, response.ServerSideEncryptionCustomerMethod)
            && string.IsNullOrEmpty(response.ContentRange);
        return new S3ObjectStream(response, verify ? etag : null, key);
    }

    /// <summary>Deletes the object by its key. S3 answers a delete of a missing key with success, so this does not fail for one.</summary>
    /// <inheritdoc/>
    protected override async Task DeleteCoreAsync(StorageAttachmentAws backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var key = stored.ObjectName;
        var target = Resolve(backend);
        var record = S3ResponseRecord.Begin();
        try
        {
            await target.Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = target.Settings.Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.IsBackendFailure(ex, cancellationToken))
        {
            throw S3Errors.Translate(ex, record, target.Credentials);
        }
    }

    /// <summary>Disposes the cached S3 clients and their connections.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var client in _clients.Clear())
        {
            client.Dispose();
        }

        _transport.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"S3AttachmentHandler {{ Kind = {HandlerKind}, PartSize = {_options.PartSize}, MaxConcurrentParts = {_options.MaxConcurrentParts}, CachedClients = {_clients.Count} }}";

    private (AmazonS3Client Client, S3ClientSettings Settings, S3Credentials Credentials) Resolve(StorageAttachmentAws backend)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var awsSettings = backend.Settings ?? throw new ArgumentException("The S3 entry has no settings.", nameof(backend));
        var settings = S3ClientSettings.From(awsSettings, _options);
        var credentials = new S3Credentials(awsSettings.Key ?? string.Empty, awsSettings.Secret ?? string.Empty);
        var client = _clients.GetOrAdd(
            add =>
            {
                add(settings.ServiceUrl.AbsoluteUri);
                add(settings.AuthenticationRegion);
                add(settings.ForcePathStyle ? "path" : "vhost");
                add(settings.Timeout.Ticks.ToString(CultureInfo.InvariantCulture));
                credentials.WriteTo(add);
            },
            () => CreateClient(settings, credentials));
        return (client, settings, credentials);
    }

    private AmazonS3Client CreateClient(S3ClientSettings settings, S3Credentials credentials)
    {
        var config = settings.CreateConfig(_options);
        config.HttpClientFactory = _transport;
        return new AmazonS3Client(credentials.ToAws(), config);
    }
}
