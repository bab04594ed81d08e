namespace Kazoo.Storage.Dropbox;

/// <summary>
/// Options for <see cref="DropboxAttachmentHandler"/>: where Dropbox is, when and how large files go through an upload
/// session, what a store over an existing path does, timeouts and retries. With dependency injection they come from
/// <c>services.AddKazooDropboxAttachmentHandler(…)</c>; otherwise pass them to the constructor. Tokens are not here: they
/// come from the <see cref="Kazoo.Storage.Attachments.OAuth.IOAuthTokenProvider"/> per <c>settings.oauth_doc_id</c>.
/// </summary>
public sealed class DropboxAttachmentHandlerOptions
{
    /// <summary>The most bytes Dropbox takes in one request (<c>files/upload</c> or one session call): 150 MiB.</summary>
    public const int MaxRequestSize = 150 * 1024 * 1024;

    /// <summary>The block size of Dropbox's <c>content_hash</c> and the chunk granularity Dropbox recommends: 4 MiB.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Dropbox's host for content-upload and content-download endpoints.</summary>
    public static readonly Uri DropboxContentUri = new("https://content.dropboxapi.com/");

    /// <summary>Dropbox's host for RPC endpoints (<c>files/delete_v2</c>) and OAuth 2 tokens.</summary>
    public static readonly Uri DropboxApiUri = new("https://api.dropboxapi.com/");

    /// <summary>
    /// Dropbox's OAuth 2 token endpoint, for <see cref="Kazoo.Storage.Attachments.OAuth.OAuthTokenRegistry.AddRefreshToken"/>.
    /// </summary>
    public static readonly Uri DropboxTokenEndpoint = new("https://api.dropboxapi.com/oauth2/token");

    /// <summary>
    /// The base address of the content endpoints; <c>2/files/upload</c>, <c>2/files/upload_session/…</c> and
    /// <c>2/files/download</c> are appended. Dropbox's content host by default; tests point it at a loopback server.
    /// </summary>
    public Uri ContentBaseUri { get; set; } = DropboxContentUri;

    /// <summary>The base address of the RPC endpoints; <c>2/files/delete_v2</c> is appended. Dropbox's API host by default.</summary>
    public Uri ApiBaseUri { get; set; } = DropboxApiUri;

    /// <summary>
    /// The largest content, in bytes, sent with one <c>files/upload</c> call when its length is known (a stream that can
    /// seek). Larger content goes through an upload session (<c>upload_session/start</c>, <c>append_v2</c>,
    /// <c>finish</c>) in chunks of <see cref="ChunkSize"/>. 150 MiB by default (Dropbox's single-call limit), at most
    /// <see cref="MaxRequestSize"/>. Content of unknown length that ends within its first chunk is sent with one
    /// <c>files/upload</c> call too.
    /// </summary>
    public long SessionThreshold { get; set; } = MaxRequestSize;

    /// <summary>
    /// The bytes sent by each upload-session call; the handler holds one chunk in memory per upload. 8 MiB by default;
    /// at most <see cref="MaxRequestSize"/>. Dropbox recommends multiples of <see cref="BlockSize"/> (4 MiB); any positive
    /// size works for the sequential sessions this handler opens.
    /// </summary>
    public int ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// What a store over a path that already holds a file does. True (the default) sends <c>"mode": "overwrite"</c>: the
    /// file is replaced and keeps its id, as an S3 or Azure store replaces its object, so storing the same attachment
    /// again succeeds and a read by path gets the new content. False sends no mode, as Kazoo does: Dropbox's default
    /// <c>add</c> without <c>autorename</c>, and a second store of the same attachment fails with Dropbox's 409
    /// <c>path/conflict/file/…</c>. <c>autorename</c> is never asked for: a renamed file would not be where Kazoo's name
    /// says.
    /// </summary>
    public bool OverwriteExisting { get; set; } = true;

    /// <summary>
    /// The longest one request may take until its answer (for a download: until the response headers; the body then
    /// streams for as long as the caller reads). 30 minutes by default, enough for a 150 MiB single-call upload on a
    /// slow link.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a request is sent again after a transient failure (429, 5xx, a dropped connection or a timeout), when
    /// its body can be sent again (a chunk the handler holds, no body, or a stream that can seek); 3 by default, 0 to
    /// fail at once.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry when Dropbox gives no <c>Retry-After</c>; doubled for each later one. 1 s by default.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> of a 429 the handler waits for before trying again; a longer one is reported at once
    /// as the 429 it is. 60 s by default.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks the options; throws when one is out of range.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (ContentBaseUri is null || !ContentBaseUri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("DropboxAttachmentHandlerOptions.ContentBaseUri must be an absolute URI, e.g. https://content.dropboxapi.com/.");
        }

        if (ApiBaseUri is null || !ApiBaseUri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("DropboxAttachmentHandlerOptions.ApiBaseUri must be an absolute URI, e.g. https://api.dropboxapi.com/.");
        }

        if (SessionThreshold is < 0 or > MaxRequestSize)
        {
            throw new InvalidOperationException($"DropboxAttachmentHandlerOptions.SessionThreshold must be between 0 and {MaxRequestSize} bytes (150 MiB, Dropbox's single-call limit).");
        }

        if (ChunkSize is <= 0 or > MaxRequestSize)
        {
            throw new InvalidOperationException($"DropboxAttachmentHandlerOptions.ChunkSize must be between 1 and {MaxRequestSize} bytes (150 MiB, Dropbox's limit for one session call).");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("DropboxAttachmentHandlerOptions.RequestTimeout must be positive and under 24 days.");
        }

        if (MaxRetries is < 0 or > 20)
        {
            throw new InvalidOperationException("DropboxAttachmentHandlerOptions.MaxRetries must be between 0 and 20.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException("DropboxAttachmentHandlerOptions.RetryDelay must be between 0 and 10 minutes.");
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException("DropboxAttachmentHandlerOptions.MaxRetryAfter must be between 0 and 1 hour.");
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a handler that already started.</summary>
    internal DropboxAttachmentHandlerOptions Clone() => (DropboxAttachmentHandlerOptions)MemberwiseClone();
}
