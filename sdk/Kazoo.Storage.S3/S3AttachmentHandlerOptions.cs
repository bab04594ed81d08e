namespace Kazoo.Storage.S3;

/// <summary>
/// Options for <see cref="S3AttachmentHandler"/>: how uploads are cut into parts, how long a request may take, and how
/// the AWS SDK retries. With dependency injection they come from <c>services.AddKazooS3AttachmentHandler(…)</c>; otherwise
/// pass them to the constructor. The S3 endpoint and credentials are not here: they come from each <c>attachments</c>
/// entry's settings, exactly as Kazoo reads them (see <see cref="S3ClientSettings"/>).
/// </summary>
public sealed class S3AttachmentHandlerOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload (except the last part): 5 MiB.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>The largest part size this handler allows: 1 GiB (parts are held in memory while they are sent).</summary>
    public const int MaximumPartSize = 1024 * 1024 * 1024;

    /// <summary>The default <see cref="PartSize"/>: 16 MiB.</summary>
    public const int DefaultPartSize = 16 * 1024 * 1024;

    /// <summary>
    /// The multipart threshold and part size, in bytes; 16 MiB by default, at least 5 MiB (S3's smallest part) and at
    /// most 1 GiB. An attachment of at most this many bytes is sent with one <c>PutObject</c>; a larger one as a multipart
    /// upload in parts of this size (S3 allows 10,000 parts, so the default reaches 156 GiB). A power of two wastes no
    /// pooled memory.
    /// </summary>
    public int PartSize { get; set; } = DefaultPartSize;

    /// <summary>
    /// How many parts of one multipart upload are read or sent at the same time; 3 by default. A file or a memory stream
    /// with a visible buffer is sent straight from where it is, with no part buffers. Any other stream is read into part
    /// buffers, so one upload holds at most <see cref="PartSize"/> × max(2, <see cref="MaxConcurrentParts"/>) bytes (48 MiB
    /// with the defaults) and never the whole attachment; the handler keeps that many idle buffers for the next upload.
    /// </summary>
    public int MaxConcurrentParts { get; set; } = 3;

    /// <summary>
    /// Whether every part of a multipart upload also carries <c>Content-MD5</c>, and the assembled object's ETag is
    /// compared with the MD5s; off by default. Parts are always protected by the request signature (SigV4 signs the body's
    /// SHA-256 and the server checks it; on Amazon's hosts the SDK adds a CRC32 checksum), and the ETag's part
    /// count is always checked; the extra MD5 pass costs about a third of the upload throughput on a small machine. Turn it
    /// on for buckets that require <c>Content-MD5</c> (S3 Object Lock). Single-request uploads always carry
    /// <c>Content-MD5</c> and have their ETag compared.
    /// </summary>
    public bool SendPartContentMd5 { get; set; }

    /// <summary>
    /// The longest one HTTP request to S3 may take; 30 minutes by default, Kazoo's <c>upload_timeout</c>. An
    /// <c>upload_timeout</c> member (milliseconds; not in Kazoo's schema, so it sits in the settings' extension data) in an
    /// <c>attachments</c> entry overrides it for that entry, as in Kazoo.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest opening a connection may take; 30 seconds by default.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times the AWS SDK retries a failed request (throttling, 5xx, dropped connections); null keeps the SDK's
    /// default (its "standard" retry mode), 0 turns retries off.
    /// </summary>
    public int? MaxErrorRetry { get; set; }

    /// <summary>
    /// Whether a read (<c>OpenReadAsync</c>) checks what it read against the object's ETag when the ETag
    /// is the MD5 of the content (objects stored with one <c>PutObject</c> and no KMS or customer-key encryption); on by
    /// default. A mismatch fails the read at its end with <see cref="InvalidDataException"/>.
    /// </summary>
    public bool VerifyDownloads { get; set; } = true;

    /// <summary>Throws <see cref="InvalidOperationException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (PartSize is < MinimumPartSize or > MaximumPartSize)
        {
            throw new InvalidOperationException($"S3AttachmentHandlerOptions.PartSize must be between {MinimumPartSize} (5 MiB) and {MaximumPartSize} (1 GiB) bytes.");
        }

        if (MaxConcurrentParts is < 1 or > 64)
        {
            throw new InvalidOperationException("S3AttachmentHandlerOptions.MaxConcurrentParts must be between 1 and 64.");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("S3AttachmentHandlerOptions.RequestTimeout must be positive and under 24 days.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("S3AttachmentHandlerOptions.ConnectTimeout must be positive and under 24 days.");
        }

        if (MaxErrorRetry is < 0)
        {
            throw new InvalidOperationException("S3AttachmentHandlerOptions.MaxErrorRetry must be 0 or more.");
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a handler that already started.</summary>
    internal S3AttachmentHandlerOptions Clone() => (S3AttachmentHandlerOptions)MemberwiseClone();
}
