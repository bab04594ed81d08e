namespace Kazoo.Storage.Attachments.Http;

/// <summary>How <see cref="HttpAttachmentHandler"/> talks to an HTTP attachment backend.</summary>
public sealed class HttpAttachmentHandlerOptions
{
    /// <summary>
    /// Which URL a fetch (<see cref="AttachmentHandler{TBackend}.OpenReadAsync(TBackend, StoredAttachment, CancellationToken)"/>)
    /// asks for. <see cref="HttpAttachmentFetchUrl.SameAsStore"/> by default: the URL the upload ended at, which is what
    /// Kazoo's documentation promises and what a backend serves.
    /// </summary>
    public HttpAttachmentFetchUrl FetchUrl { get; set; } = HttpAttachmentFetchUrl.SameAsStore;

    /// <summary>
    /// How many <c>301</c>/<c>302</c> answers one operation follows before it gives up (Kazoo: 10). A redirect back to a URL
    /// already visited is refused at once.
    /// </summary>
    public int MaxRedirects { get; set; } = 10;

    /// <summary>
    /// How long one request may take until its response headers arrive; for an upload this includes sending the body.
    /// 30 minutes by default; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns it off (the caller's
    /// <see cref="CancellationToken"/> still applies). A timeout is reported as <c>Socket error: timeout</c>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Whether an upload asks the server to confirm with <c>100 Continue</c> before the body is sent. Null (the default)
    /// asks only when the content stream cannot seek: a server that answers <c>301</c>/<c>302</c> before reading the body
    /// then lets the handler send the unread stream to the new location. A seekable stream is rewound instead.
    /// </summary>
    public bool? ExpectContinue { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects, nameof(MaxRedirects));
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), "The timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (!Enum.IsDefined(FetchUrl))
        {
            throw new ArgumentOutOfRangeException(nameof(FetchUrl), "Unknown fetch URL rule.");
        }
    }

    internal HttpAttachmentHandlerOptions Copy() => new()
    {
        FetchUrl = FetchUrl,
        MaxRedirects = MaxRedirects,
        Timeout = Timeout,
        ExpectContinue = ExpectContinue,
    };
}

/// <summary>Which URL <see cref="HttpAttachmentHandler"/> fetches a stored attachment from.</summary>
public enum HttpAttachmentFetchUrl
{
    /// <summary>
    /// The URL the upload ended at (after redirects; <see cref="StoredAttachment.BackendId"/>), or, for an attachment that was
    /// only located, the URL an upload would go to. What Kazoo's documentation promises.
    /// </summary>
    SameAsStore,

    /// <summary>
    /// Kazoo's rule as coded (spec §7.5): the stored URL, a separator (<c>/</c>, or nothing when the URL has a query string),
    /// the object name computed again, then the metadata document's <c>metadata</c> object (or, without one, its public
    /// members) as query parameters. This repeats the object name after a URL that already ends with it; use it to check
    /// that a backend tolerates what Kazoo really asks for.
    /// </summary>
    KazooLiteral,
}
