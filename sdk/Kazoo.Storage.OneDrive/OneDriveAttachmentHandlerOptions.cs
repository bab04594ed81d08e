namespace Kazoo.Storage.OneDrive;

/// <summary>
/// Options for <see cref="OneDriveAttachmentHandler"/>: where Microsoft Graph is, when an upload goes through an upload
/// session and in what fragments, and how long a request may take. With dependency injection they come from
/// <c>services.AddKazooOneDriveAttachmentHandler(…)</c>; otherwise pass them to the constructor. Credentials are not here:
/// tokens come from the <see cref="Attachments.OAuth.IOAuthTokenProvider"/> for each backend's <c>oauth_doc_id</c>.
/// </summary>
public sealed class OneDriveAttachmentHandlerOptions
{
    /// <summary>Graph demands that every upload-session fragment but the last be a multiple of 320 KiB (327,680 bytes).</summary>
    public const int ChunkGranularity = 320 * 1024;

    /// <summary>The largest fragment this handler sends: 191 × 320 KiB, the largest multiple under Graph's 60 MiB per request.</summary>
    public const int MaximumChunkSize = 191 * ChunkGranularity;

    /// <summary>
    /// The largest content Graph documents for a simple upload (<c>PUT …:/content</c>): 250 MB, taken as 250,000,000 bytes
    /// so it is below the limit whichever way "MB" is read.
    /// </summary>
    public const long GraphSimpleUploadLimit = 250_000_000;

    /// <summary>Microsoft Graph v1.0 on its global endpoint.</summary>
    public static readonly Uri GraphUri = new("https://graph.microsoft.com/v1.0/");

    /// <summary>
    /// The base address of Graph, up to and including the version: <c>me/drive/root:/…</c> and <c>drives/…</c> are appended.
    /// <see cref="GraphUri"/> by default; a national cloud's endpoint (e.g. <c>https://graph.microsoft.us/v1.0/</c>), or a
    /// loopback server in tests.
    /// </summary>
    public Uri GraphBaseUri { get; set; } = GraphUri;

    /// <summary>
    /// The largest content, in bytes, sent as one simple upload (Kazoo's only way); larger content goes through an upload
    /// session in fragments of <see cref="ChunkSize"/>, which can resume after a failed fragment. By default
    /// <see cref="GraphSimpleUploadLimit"/>, what Graph documents for simple uploads, and never more.
    /// </summary>
    public long SimpleUploadThreshold { get; set; } = GraphSimpleUploadLimit;

    /// <summary>
    /// The size of each upload-session fragment, a multiple of <see cref="ChunkGranularity"/> (320 KiB) and at most
    /// <see cref="MaximumChunkSize"/>; 10 MiB (32 × 320 KiB) by default, within the 5–10 MiB Microsoft recommends. One
    /// fragment is held in memory per upload.
    /// </summary>
    public int ChunkSize { get; set; } = 32 * ChunkGranularity;

    /// <summary>
    /// How often an upload session asks Graph which bytes it holds and resumes after a fragment failed with a 5xx, 408, 429,
    /// a dropped connection or a timeout; 3 by default, 0 to fail at once.
    /// </summary>
    public int MaxResumeAttempts { get; set; } = 3;

    /// <summary>The wait before the first resume; each later one doubles it, and a longer <c>Retry-After</c> wins. 1 s by default.</summary>
    public TimeSpan ResumeDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest one request may take until Graph's answer starts (a whole simple upload or fragment included); 30 minutes
    /// by default. A download's body is read at the caller's pace, bounded only by the caller's cancellation token.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest opening a connection may take, for the client the dependency-injection registration builds; 30 seconds by default.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where content that cannot tell its length (a stream that cannot seek) and is longer than one fragment is copied
    /// before it is uploaded, because Graph needs every fragment to state the total size; the copy is deleted when the
    /// upload ends. Null (the default) for <see cref="Path.GetTempPath"/>.
    /// </summary>
    public string? TemporaryDirectory { get; set; }

    /// <summary>Checks the options; throws when one is out of range.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (GraphBaseUri is null || !GraphBaseUri.IsAbsoluteUri || (GraphBaseUri.Scheme != Uri.UriSchemeHttps && GraphBaseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException("OneDriveAttachmentHandlerOptions.GraphBaseUri must be an absolute http(s) URI, e.g. https://graph.microsoft.com/v1.0/.");
        }

        if (SimpleUploadThreshold is < 0 or > GraphSimpleUploadLimit)
        {
            throw new InvalidOperationException($"OneDriveAttachmentHandlerOptions.SimpleUploadThreshold must be between 0 and {GraphSimpleUploadLimit} bytes (Graph's simple-upload limit).");
        }

        if (ChunkSize <= 0 || ChunkSize % ChunkGranularity != 0 || ChunkSize > MaximumChunkSize)
        {
            throw new InvalidOperationException($"OneDriveAttachmentHandlerOptions.ChunkSize must be a positive multiple of {ChunkGranularity} bytes (320 KiB), at most {MaximumChunkSize} (under Graph's 60 MiB per request).");
        }

        if (MaxResumeAttempts < 0)
        {
            throw new InvalidOperationException("OneDriveAttachmentHandlerOptions.MaxResumeAttempts must not be negative.");
        }

        if (ResumeDelay < TimeSpan.Zero || ResumeDelay > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException("OneDriveAttachmentHandlerOptions.ResumeDelay must be between zero and one hour.");
        }

        if (RequestTimeout != Timeout.InfiniteTimeSpan && (RequestTimeout <= TimeSpan.Zero || RequestTimeout.TotalMilliseconds > int.MaxValue))
        {
            throw new InvalidOperationException("OneDriveAttachmentHandlerOptions.RequestTimeout must be positive and under 24 days, or Timeout.InfiniteTimeSpan.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("OneDriveAttachmentHandlerOptions.ConnectTimeout must be positive and under 24 days.");
        }

        if (TemporaryDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            throw new InvalidOperationException("OneDriveAttachmentHandlerOptions.TemporaryDirectory must be null (the system's temporary folder) or a folder path.");
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a handler that already started.</summary>
    internal OneDriveAttachmentHandlerOptions Clone() => (OneDriveAttachmentHandlerOptions)MemberwiseClone();
}
