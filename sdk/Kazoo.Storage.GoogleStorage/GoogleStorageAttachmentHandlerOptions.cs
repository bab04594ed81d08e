namespace Kazoo.Storage.GoogleStorage;

/// <summary>
/// Options for <see cref="GoogleStorageAttachmentHandler"/>: where the Cloud Storage JSON API is, how uploads are sent and
/// how long a request may take. With dependency injection they come from
/// <c>services.AddKazooGoogleStorageAttachmentHandler(…)</c>; otherwise pass them to the constructor. The bucket and the
/// OAuth identity are not here: they come from each <c>attachments</c> entry's settings, as Kazoo reads them.
/// </summary>
public sealed class GoogleStorageAttachmentHandlerOptions
{
    /// <summary>The granularity Cloud Storage demands of every resumable chunk but the last: 256 KiB.</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>The largest <see cref="ChunkSize"/> allowed: 1 GiB (one chunk is held in memory while it is sent).</summary>
    public const int MaximumChunkSize = 1024 * 1024 * 1024;

    /// <summary>Cloud Storage's JSON API host, which serves <c>storage/v1</c>, <c>upload/storage/v1</c> and <c>download/storage/v1</c>.</summary>
    public static readonly Uri GoogleStorageUri = new("https://storage.googleapis.com/");

    /// <summary>
    /// The base address of the JSON API: <c>storage/v1/b/{bucket}/o/{object}</c> (fetch, delete) and
    /// <c>upload/storage/v1/b/{bucket}/o</c> (uploads) are appended. Google's host by default; tests point it at a loopback
    /// server. A stored <c>mediaLink</c> is only followed when it is on this host, so the bearer token never goes elsewhere.
    /// </summary>
    public Uri BaseUri { get; set; } = GoogleStorageUri;

    /// <summary>
    /// The largest content, in bytes, sent as one <c>uploadType=multipart</c> request; larger content, and content whose length
    /// is unknown (a stream that cannot seek), goes through a resumable upload session. 5 MiB by default, the size above
    /// which Google recommends resumable uploads.
    /// </summary>
    public long ResumableThreshold { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The size of each resumable chunk, a multiple of <see cref="ChunkGranularity"/> (Cloud Storage rejects other sizes for
    /// all but the last chunk), at most <see cref="MaximumChunkSize"/>. The handler holds one chunk in memory per upload.
    /// 8 MiB by default, as Google's own client libraries use.
    /// </summary>
    public int ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// How often a resumable upload asks Cloud Storage how much it kept and resumes from there after a chunk failed with a
    /// 5xx, 408 or 429, a dropped connection or a timeout; counted since the upload last made progress. 3 by default, 0 to
    /// fail at once.
    /// </summary>
    public int MaxResumeAttempts { get; set; } = 3;

    /// <summary>The wait before the first resume; each later one doubles it. 1 s by default.</summary>
    public TimeSpan ResumeDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest one HTTP request may take until the response headers arrive: the whole of a multipart upload, one chunk
    /// of a resumable upload, or the start of a download (reading the body is not bounded). 5 minutes by default. A request
    /// that runs out is reported as <c>Socket error: timeout</c>, and a resumable upload resumes after it.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether an upload compares the MD5 of the bytes it read with the <c>md5Hash</c> Cloud Storage answers (and the byte
    /// count with its <c>size</c>); on by default. On a mismatch the object just written is deleted and the upload fails.
    /// </summary>
    public bool VerifyUploads { get; set; } = true;

    /// <summary>Checks the options; throws when one is out of range.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (BaseUri is null || !BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttps && BaseUri.Scheme != Uri.UriSchemeHttp)
            || BaseUri.Query.Length > 0 || BaseUri.Fragment.Length > 0)
        {
            throw new InvalidOperationException("GoogleStorageAttachmentHandlerOptions.BaseUri must be an absolute http(s) URI without a query, e.g. https://storage.googleapis.com/.");
        }

        if (ResumableThreshold < 0)
        {
            throw new InvalidOperationException("GoogleStorageAttachmentHandlerOptions.ResumableThreshold must not be negative.");
        }

        if (ChunkSize <= 0 || ChunkSize % ChunkGranularity != 0 || ChunkSize > MaximumChunkSize)
        {
            throw new InvalidOperationException($"GoogleStorageAttachmentHandlerOptions.ChunkSize must be a positive multiple of {ChunkGranularity} bytes (256 KiB), at most 1 GiB.");
        }

        if (MaxResumeAttempts is < 0 or > 100)
        {
            throw new InvalidOperationException("GoogleStorageAttachmentHandlerOptions.MaxResumeAttempts must be between 0 and 100.");
        }

        if (ResumeDelay < TimeSpan.Zero || ResumeDelay > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException("GoogleStorageAttachmentHandlerOptions.ResumeDelay must be between 0 and 10 minutes.");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("GoogleStorageAttachmentHandlerOptions.RequestTimeout must be positive and under 24 days.");
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a handler that already started.</summary>
    internal GoogleStorageAttachmentHandlerOptions Clone() => (GoogleStorageAttachmentHandlerOptions)MemberwiseClone();
}
