using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Kazoo.Storage.TestSupport;

/// <summary>A resumable upload session a Google fake keeps.</summary>
/// <typeparam name="TResult">What the finished upload made.</typeparam>
public abstract class GoogleUploadSession<TResult>
    where TResult : class
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The length the session was opened with (<c>X-Upload-Content-Length</c>), if any.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>The total length, once declared or stated by a <c>Content-Range</c>.</summary>
    public long? Total { get; set; }

    public MemoryStream Received { get; } = new();
    public List<string> ContentRanges { get; } = [];
    public int Chunks { get; set; }
    public bool Cancelled { get; set; }

    /// <summary>What the upload made, once complete.</summary>
    public TResult? Result { get; set; }
}

/// <summary>
/// What Google's JSON APIs have in common, as the Drive and Cloud Storage fakes check and answer it: the bearer token
/// (against the fake OAuth endpoint's live tokens), errors as <c>{"error":{"code","message","errors":[…]}}</c>, anything the
/// real service would reject answered with an error and recorded in <see cref="Violations"/>, <c>multipart/related</c>
/// uploads (read as both APIs take them; what the metadata says is each fake's), the length a session start declares, and
/// the resumable upload protocol: chunk PUTs whose <c>Content-Range</c> continues exactly what the session holds, 256 KiB
/// granularity but for the last chunk, <c>308</c> with <c>Range</c>, status queries, and faults a test can inject per
/// chunk.
/// </summary>
/// <typeparam name="TSession">The fake's session type.</typeparam>
/// <typeparam name="TResult">What a finished upload makes.</typeparam>
/// <param name="isLiveToken">Whether an access token was issued and has not expired.</param>
public abstract class GoogleApiFake<TSession, TResult>(Func<string, bool> isLiveToken)
    where TSession : GoogleUploadSession<TResult>
    where TResult : class
{
    protected const int Granularity = 256 * 1024;

    private int _unauthorized;

    /// <summary>The server's address, set when it starts (for session URIs and links).</summary>
    public Uri BaseUri { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>What the fake found wrong in requests (it also answered them with an error).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Resumable sessions, by id.</summary>
    public ConcurrentDictionary<string, TSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>How many requests were refused for a missing, unknown or expired token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>The chunk with this index (0-based, per session) fails once with 503 and is not kept.</summary>
    public int? FailChunkOnce { get; set; }

    /// <summary>Every chunk fails with 503 and is not kept (status queries still answer).</summary>
    public bool FailEveryChunk { get; set; }

    /// <summary>Of the chunk with this index only half (rounded down to 256 KiB) is kept, and 308 says so.</summary>
    public int? KeepHalfOfChunk { get; set; }

    /// <summary>The chunk with this index is read, half of it (rounded down to 256 KiB) kept, and the connection dropped without an answer.</summary>
    public int? DropConnectionOnChunk { get; set; }

    /// <summary>The chunk with this index is kept whole, but answered only after this delay (or when the client gives up).</summary>
    public (int Index, TimeSpan Delay)? DelayChunk { get; set; }

    /// <summary>Answers as Google does: <c>{"error":{"code","message","errors":[{"message","domain","reason",…}]}}</c>.</summary>
    protected static Task ErrorAsync(HttpContext context, int status, string message, string reason, string? statusName = null, string? locationType = null, string? location = null)
    {
        var detail = new Dictionary<string, object> { ["message"] = message, ["domain"] = "global", ["reason"] = reason };
        if (locationType is not null && location is not null)
        {
            detail["locationType"] = locationType;
            detail["location"] = location;
        }

        var error = new Dictionary<string, object> { ["code"] = status, ["message"] = message, ["errors"] = new[] { detail } };
        if (statusName is not null)
        {
            error["status"] = statusName;
        }

        return JsonAsync(context, status, new Dictionary<string, object> { ["error"] = error });
    }

    protected static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    protected Task ViolationAsync(HttpContext context, int status, string message)
    {
        Violations.Enqueue(message);
        return ErrorAsync(context, status, message, "invalid");
    }

    protected async Task<bool> ExpectAsync(HttpContext context, bool condition, string message)
    {
        if (!condition)
        {
            await ViolationAsync(context, 400, message);
        }

        return condition;
    }

    /// <summary>
    /// Whether the request carries a live bearer token; if not, counts it in <see cref="Unauthorized"/> and answers 401 with
    /// <paramref name="refuse"/> (given whether a token was sent at all).
    /// </summary>
    protected async Task<bool> AuthorizedAsync(HttpContext context, Func<HttpContext, bool, Task> refuse)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var sent = header.Length > 0;
        if (sent && header.StartsWith("Bearer ", StringComparison.Ordinal) && isLiveToken(header["Bearer ".Length..]))
        {
            return true;
        }

        Interlocked.Increment(ref _unauthorized);
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\"" + (sent ? ", error=\"invalid_token\"" : string.Empty);
        await refuse(context, sent);
        return false;
    }

    /// <summary>The two parts of a <c>multipart/related</c> upload: the metadata part's Content-Type and bytes, then the media part's.</summary>
    protected sealed record MultipartUpload(string? MetadataContentType, byte[] Metadata, string MediaContentType, byte[] Media);

    /// <summary>
    /// Reads a <c>multipart/related</c> upload as Google's JSON APIs take it: Content-Type <c>multipart/related</c> with a
    /// boundary of 1 to 70 characters, a Content-Length the body matches, the body framed by the boundary, and exactly two
    /// parts, metadata then media, the media with its Content-Type and as it is (no transfer encoding). What the metadata
    /// says is the fake's to check. Null, answered with an error, when the request is not such an upload.
    /// </summary>
    protected async Task<MultipartUpload?> ReadMultipartAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType != "multipart/related"
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
        {
            await ViolationAsync(context, 400, $"A multipart upload has Content-Type multipart/related with a boundary of 1 to 70 characters, not '{request.ContentType}'.");
            return null;
        }

        // The fake reads uploads whole to check the framing byte for byte.
        if (await ReadStatedBodyAsync(context, "A multipart upload") is not { } body)
        {
            return null;
        }

        if (!IsFramed(body, boundary))
        {
            await ViolationAsync(context, 400, "The multipart body does not open with --boundary CRLF and close with CRLF --boundary--.");
            return null;
        }

        // Sections are read in order: reading the next one drains the previous one's body, so each is copied first.
        var parts = new List<(string? ContentType, bool Encoded, byte[] Body)>();
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            using var part = new MemoryStream();
            await section.Body.CopyToAsync(part, context.RequestAborted);
            parts.Add((section.ContentType, section.Headers?.ContainsKey("Content-Transfer-Encoding") == true, part.ToArray()));
        }

        if (parts is not [var metadata, { ContentType: { } mediaType } media])
        {
            await ViolationAsync(context, 400, "A multipart upload has exactly two parts: metadata, then media with its Content-Type.");
            return null;
        }

        if (media.Encoded)
        {
            await ViolationAsync(context, 400, "The media part is sent as it is, without a transfer encoding.");
            return null;
        }

        return new MultipartUpload(metadata.ContentType, metadata.Body, mediaType, media.Body);
    }

    /// <summary>
    /// The length a session start declares in <c>X-Upload-Content-Length</c> (null when it declares none); not
    /// <c>Valid</c>, answered with an error, when the header is not a length.
    /// </summary>
    protected async Task<(bool Valid, long? Length)> DeclaredLengthAsync(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue("X-Upload-Content-Length", out var header))
        {
            return (true, null);
        }

        if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            await ViolationAsync(context, 400, $"X-Upload-Content-Length '{header}' is not a length.");
            return (false, null);
        }

        return (true, length);
    }

    /// <summary>Stores what a completed session received.</summary>
    protected abstract TResult Complete(TSession session);

    /// <summary>The JSON resource of a stored result.</summary>
    protected abstract object Resource(TResult result);

    /// <summary>One PUT to a session: a chunk (<c>bytes FIRST-LAST/TOTAL</c>) or a status query (<c>bytes */TOTAL</c>, no body).</summary>
    protected async Task ChunkAsync(HttpContext context, TSession session)
    {
        if (session.Cancelled)
        {
            await ErrorAsync(context, 410, "The upload session was cancelled.", "gone");
            return;
        }

        var request = context.Request;
        var rangeHeader = request.Headers.ContentRange.ToString();
        session.ContentRanges.Add(rangeHeader);
        if (!TryParseContentRange(rangeHeader, out var first, out var last, out var total))
        {
            await ViolationAsync(context, 400, $"Unreadable Content-Range '{rangeHeader}'.");
            return;
        }

        if (await ReadStatedBodyAsync(context, "A chunk") is not { } body)
        {
            return;
        }

        if (total is { } t)
        {
            if ((session.Total ?? session.DeclaredLength) is { } known && known != t)
            {
                await ViolationAsync(context, 400, $"Content-Range total {t} differs from the total {known} stated before.");
                return;
            }

            session.Total = t;
        }

        var received = session.Received.Length;
        if (first is null)
        {
            // A status query: "bytes */TOTAL" (or "bytes */*") with no body.
            if (body.Length != 0)
            {
                await ViolationAsync(context, 400, "A status query carries no body.");
            }
            else if (session.Result is { } done)
            {
                await JsonAsync(context, 200, Resource(done));
            }
            else if (total == received)
            {
                await CompleteAsync(context, session);
            }
            else
            {
                Incomplete(context, session);
            }

            return;
        }

        if (session.Result is not null)
        {
            await ViolationAsync(context, 400, "A chunk sent after the upload was complete.");
            return;
        }

        var length = last!.Value - first.Value + 1;
        if (first != received || length != body.Length)
        {
            await ViolationAsync(context, 400, $"Chunk {rangeHeader} with {body.Length} bytes does not continue the {received} bytes the session holds.");
            return;
        }

        if (total is { } declaredTotal && last + 1 > declaredTotal)
        {
            await ViolationAsync(context, 400, $"Chunk {rangeHeader} goes past the total.");
            return;
        }

        var final = total == last + 1;
        if (!final && length % Granularity != 0)
        {
            await ViolationAsync(context, 400, $"Chunk {rangeHeader} is not the last and not a multiple of 256 KiB.");
            return;
        }

        var index = session.Chunks++;
        if (FailChunkOnce == index || FailEveryChunk)
        {
            FailChunkOnce = null;
            await ErrorAsync(context, 503, "We encountered an internal error. Please try again.", "backendError");
            return;
        }

        if (DropConnectionOnChunk == index)
        {
            DropConnectionOnChunk = null;
            session.Received.Write(body, 0, (int)(body.Length / 2 / Granularity * Granularity));
            context.Abort();
            return;
        }

        var keep = body.Length;
        if (KeepHalfOfChunk == index && !final)
        {
            KeepHalfOfChunk = null;
            keep = keep / 2 / Granularity * Granularity;
        }

        session.Received.Write(body, 0, (int)keep);
        if (DelayChunk is { } delay && delay.Index == index)
        {
            DelayChunk = null;
            try
            {
                await Task.Delay(delay.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (final && keep == body.Length)
        {
            await CompleteAsync(context, session);
            return;
        }

        Incomplete(context, session);
    }

    /// <summary>Cancels a session (<c>DELETE</c> of its URI with <c>Content-Length: 0</c>): 499.</summary>
    protected async Task CancelAsync(HttpContext context, TSession session)
    {
        if (await ExpectAsync(context, context.Request.ContentLength == 0, "Cancelling a session sends Content-Length: 0."))
        {
            session.Cancelled = true;
            context.Response.StatusCode = 499;
            context.Response.ContentLength = 0;
        }
    }

    private async Task CompleteAsync(HttpContext context, TSession session)
    {
        session.Result = Complete(session);
        await JsonAsync(context, 200, Resource(session.Result));
    }

    /// <summary>
    /// The request's body, read whole; null, answered with an error, when the request does not state its Content-Length or
    /// the body is not that long.
    /// </summary>
    private async Task<byte[]?> ReadStatedBodyAsync(HttpContext context, string what)
    {
        var request = context.Request;
        if (request.ContentLength is not { } stated)
        {
            await ViolationAsync(context, 400, $"{what} states its Content-Length.");
            return null;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length != stated)
        {
            await ViolationAsync(context, 400, $"{what} of {body.Length} bytes states a Content-Length of {stated}.");
            return null;
        }

        return body.ToArray();
    }

    /// <summary>Whether a multipart body opens with <c>--boundary CRLF</c> and closes with <c>CRLF --boundary--</c> (and an optional CRLF).</summary>
    private static bool IsFramed(byte[] body, string boundary)
    {
        var trimmed = body.AsSpan();
        if (trimmed.EndsWith("\r\n"u8))
        {
            trimmed = trimmed[..^2];
        }

        return body.AsSpan().StartsWith(Encoding.ASCII.GetBytes("--" + boundary + "\r\n")) && trimmed.EndsWith(Encoding.ASCII.GetBytes("\r\n--" + boundary + "--"));
    }

    private static void Incomplete(HttpContext context, TSession session)
    {
        context.Response.StatusCode = 308;
        if (session.Received.Length > 0)
        {
            context.Response.Headers.Range = $"bytes=0-{session.Received.Length - 1}";
        }

        context.Response.ContentLength = 0;
    }

    private static bool TryParseContentRange(string header, out long? first, out long? last, out long? total)
    {
        first = last = total = null;
        if (!header.StartsWith("bytes ", StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header["bytes ".Length..];
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var totalText = spec[(slash + 1)..];
        if (totalText != "*")
        {
            if (!long.TryParse(totalText, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                return false;
            }

            total = t;
        }

        var range = spec[..slash];
        if (range == "*")
        {
            return true;
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var f)
            || !long.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var l)
            || l < f)
        {
            return false;
        }

        first = f;
        last = l;
        return true;
    }
}
