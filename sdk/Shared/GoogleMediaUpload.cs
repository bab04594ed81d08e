using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Google's media uploads, the same protocol for Drive v3 and the Cloud Storage JSON API (compiled from one source file into
/// both packages); the content is read once and streamed, never held whole.
/// <list type="bullet">
/// <item><b>Multipart.</b> One <c>multipart/related</c> request: a JSON part with the metadata, then the content as it is
/// (Kazoo base64-encodes it; the bytes are equivalent).</item>
/// <item><b>Resumable.</b> A POST with the metadata opens a session, whose URI comes back in <c>Location</c> (on the host the
/// upload started at, as the bearer token goes with every chunk). The content then goes up in PUTs of one chunk each (a
/// multiple of 256 KiB but the last) with <c>Content-Range: bytes FIRST-LAST/TOTAL</c>, <c>*</c> as the total while it is
/// unknown. Google answers <c>308</c> with what it kept (<c>Range: bytes=0-N</c>, none when it kept nothing) until the last
/// chunk, which it answers with the file or object. After a 5xx, 408, 429, a dropped connection or a timeout the upload
/// waits, asks where it stands (an empty PUT with <c>Content-Range: bytes */TOTAL</c>) and resumes at the first byte the
/// session lacks. A failed or cancelled upload cancels its session (<c>DELETE</c>, answered 499).</item>
/// </list>
/// </summary>
/// <param name="send">Sends the requests with the backend's token.</param>
/// <param name="chunkSize">The bytes of a chunk but the last.</param>
/// <param name="maxResumeAttempts">How many transient failures in a row a resumable upload survives.</param>
/// <param name="resumeDelay">The wait before the first resume, doubled after each failure in a row.</param>
/// <param name="requestTimeout">How long each request waits for its answer.</param>
internal sealed partial class GoogleMediaUpload(OAuthRequestSender send, int chunkSize, int maxResumeAttempts, TimeSpan resumeDelay, TimeSpan requestTimeout)
{
    private const int ResumeIncomplete = 308;

    /// <summary>A JSON request body.</summary>
    public static ByteArrayContent Json(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        return content;
    }

    /// <summary>Uploads in one <c>multipart/related</c> request to <paramref name="uri"/>.</summary>
    /// <param name="oauthId">Whose token to send.</param>
    /// <param name="uri">The upload route, with <c>uploadType=multipart</c>.</param>
    /// <param name="metadata">The JSON metadata part.</param>
    /// <param name="contentType">The content's MIME type.</param>
    /// <param name="content">The content, streamed.</param>
    /// <param name="read">Reads the file or object Google answers with.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<T> MultipartAsync<T>(string oauthId, Uri uri, byte[] metadata, string contentType, AttachmentUploadSource content, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var response = await send.SendAsync(
            oauthId,
            () =>
            {
                var boundary = "kazoo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                var media = content.CreateContent();
                media.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                var body = new MultipartContent("related", boundary) { Json(metadata), media };

                // MultipartContent quotes the boundary; Google's documented form has it bare (both are valid MIME).
                body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/related; boundary=" + boundary);
                return new HttpRequestMessage(HttpMethod.Post, uri) { Content = body };
            },
            requestTimeout,
            cancellationToken,
            content.ThrowIfReadFailed).ConfigureAwait(false);
        await send.EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        return await read(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads through a resumable session opened at <paramref name="start"/>, one chunk in memory at a time.</summary>
    /// <param name="oauthId">Whose token to send.</param>
    /// <param name="start">The upload route, with <c>uploadType=resumable</c>.</param>
    /// <param name="metadata">The JSON metadata the session is opened with.</param>
    /// <param name="contentType">The content's MIME type.</param>
    /// <param name="content">The content, read once to its end.</param>
    /// <param name="length">The content's length when known in advance (sent as <c>X-Upload-Content-Length</c>).</param>
    /// <param name="read">Reads the file or object Google answers the last chunk with.</param>
    /// <param name="cancellationToken">Cancels the upload; the session is then cancelled at Google too.</param>
    public async Task<T> ResumableAsync<T>(string oauthId, Uri start, byte[] metadata, string contentType, AttachmentUploadSource content, long? length, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        var session = await StartSessionAsync(oauthId, start, metadata, contentType, length, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendChunksAsync(oauthId, session, content, length, read, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Whatever stopped the upload (the backend, the caller's stream, the caller's token), the session is abandoned.
            await CancelSessionAsync(oauthId, session).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Uri> StartSessionAsync(string oauthId, Uri start, byte[] metadata, string contentType, long? length, CancellationToken cancellationToken)
    {
        using var response = await send.SendAsync(
            oauthId,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, start) { Content = Json(metadata) };
                request.Headers.TryAddWithoutValidation("X-Upload-Content-Type", contentType);
                if (length is { } known)
                {
                    request.Headers.TryAddWithoutValidation("X-Upload-Content-Length", known.ToString(CultureInfo.InvariantCulture));
                }

                return request;
            },
            requestTimeout,
            cancellationToken).ConfigureAwait(false);
        await send.EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location
            ?? throw new AttachmentHandlerException(send.Kind, 500, send.Service + " opened no upload session (no Location header)");
        var session = location.IsAbsoluteUri ? location : new Uri(start, location);
        if (Uri.Compare(session, start, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            // The session URI is a credential of its own and the bearer token goes with every chunk: only to the API host.
            throw new AttachmentHandlerException(send.Kind, 500, send.Service + " opened an upload session on another host");
        }

        LogSessionStarted(send.Logger, send.Service, length);
        return session;
    }

    private async Task<T> SendChunksAsync<T>(string oauthId, Uri session, AttachmentUploadSource content, long? length, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        using var chunks = new UploadChunks(content, chunkSize);
        var failures = 0; // transient failures since the upload last made progress, across chunks
        while (true)
        {
            await chunks.FillAsync(cancellationToken).ConfigureAwait(false);
            var (offset, count, last) = (chunks.Offset, chunks.Count, chunks.IsLast);
            var total = last ? offset + count : length;
            var query = false;
            (T? Result, long Kept) outcome;
            while (true)
            {
                try
                {
                    outcome = await PutChunkAsync(oauthId, session, chunks.Buffer, offset, query ? 0 : count, total, read, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (AttachmentHandlerException failure) when (failure.ErrorCode is >= 500 or 408 or 429 && failures < maxResumeAttempts)
                {
                    var delay = resumeDelay * Math.Pow(2, failures++);
                    LogChunkFailed(send.Logger, offset, failure.ErrorCode, failure.Reason, failures, delay);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    query = true;
                }
            }

            if (outcome.Result is { } result)
            {
                return last
                    ? result
                    : throw new AttachmentHandlerException(send.Kind, 500, string.Create(CultureInfo.InvariantCulture, $"{send.Service} finished the upload after {offset + count} bytes, before the content ended"));
            }

            var kept = outcome.Kept;
            if (kept < offset || kept > offset + count || (last && kept == offset + count))
            {
                throw new AttachmentHandlerException(send.Kind, 500, string.Create(CultureInfo.InvariantCulture, $"{send.Service}'s upload session holds {kept} bytes where {offset + count} were sent"));
            }

            if (kept > offset)
            {
                failures = 0;
            }

            chunks.Advance((int)(kept - offset));
        }
    }

    /// <summary>
    /// PUTs <paramref name="count"/> bytes at <paramref name="offset"/> of the upload, or with none asks where the upload
    /// stands (<c>bytes */TOTAL</c>): the result when the upload is complete, otherwise how many bytes the session holds.
    /// </summary>
    private async Task<(T? Result, long Kept)> PutChunkAsync<T>(string oauthId, Uri session, byte[] buffer, long offset, int count, long? total, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await send.SendAsync(
            oauthId,
            () =>
            {
                var body = new ByteArrayContent(buffer, 0, count);
                var totalText = total is { } known ? known.ToString(CultureInfo.InvariantCulture) : "*";
                var range = count > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"bytes {offset}-{offset + count - 1}/{totalText}")
                    : "bytes */" + totalText;
                body.Headers.TryAddWithoutValidation("Content-Range", range);
                return new HttpRequestMessage(HttpMethod.Put, session) { Content = body };
            },
            requestTimeout,
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            return (await read(response, cancellationToken).ConfigureAwait(false), 0);
        }

        return (int)response.StatusCode == ResumeIncomplete
            ? (null, Persisted(response))
            : throw await send.FailureAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Abandons a session after a failure or a cancellation, so Google drops what it kept; best effort.</summary>
    private async Task CancelSessionAsync(string oauthId, Uri session)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await send.SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Delete, session) { Content = new ByteArrayContent([]) }, requestTimeout, timeout.Token).ConfigureAwait(false);
            LogSessionCancelled(send.Logger, send.Service, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is AttachmentHandlerException or OperationCanceledException)
        {
            // Google expires abandoned sessions on its own after a week.
        }
    }

    /// <summary>The bytes the session kept, from its <c>Range: bytes=0-N</c> header; none when the header is absent.</summary>
    private long Persisted(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values))
        {
            return 0;
        }

        var value = values.FirstOrDefault() ?? string.Empty;
        const string Prefix = "bytes=0-";
        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(value.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                ? last + 1
                : throw new AttachmentHandlerException(send.Kind, 500, send.Service + "'s upload session answered an unreadable Range header");
    }

    [LoggerMessage(111, LogLevel.Debug, "{Service} opened a resumable upload session for {Length} bytes")]
    private static partial void LogSessionStarted(ILogger logger, string service, long? length);

    [LoggerMessage(112, LogLevel.Warning, "Resumable chunk at offset {Offset} failed ({ErrorCode} {Reason}); resume attempt {Attempt} in {Delay}")]
    private static partial void LogChunkFailed(ILogger logger, long offset, int errorCode, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(113, LogLevel.Debug, "Cancelled the resumable upload session at {Service} ({StatusCode})")]
    private static partial void LogSessionCancelled(ILogger logger, string service, int statusCode);
}
