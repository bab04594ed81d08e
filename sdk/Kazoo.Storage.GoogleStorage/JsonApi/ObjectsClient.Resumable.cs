using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.GoogleStorage.JsonApi;

/// <summary>
/// Cloud Storage's resumable upload protocol. A POST to <c>upload/storage/v1/b/{bucket}/o?uploadType=resumable</c> with the
/// metadata opens a session, whose URI comes back in <c>Location</c>. The content then goes up in PUTs of one chunk each
/// (a multiple of 256 KiB but the last) with <c>Content-Range: bytes FIRST-LAST/TOTAL</c>, <c>*</c> as the total while
/// it is unknown. Cloud Storage answers <c>308</c> with what it kept (<c>Range: bytes=0-N</c>, none when it kept nothing)
/// until the last chunk, which it answers with the object. After a 5xx, 408, 429, a dropped connection or a timeout the
/// upload asks where it stands (an empty PUT with <c>Content-Range: bytes */TOTAL</c>) and resumes at the first byte the
/// session lacks. A failed or cancelled upload cancels its session (<c>DELETE</c>, answered 499).
/// </summary>
internal sealed partial class ObjectsClient
{
    private const int ResumeIncomplete = 308;

    /// <summary>Uploads through a resumable session, one chunk in memory at a time.</summary>
    /// <param name="oauthId">Whose token to send.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="name">The object name.</param>
    /// <param name="contentType">The content's MIME type.</param>
    /// <param name="content">The content, read once to its end.</param>
    /// <param name="length">The content's length when known in advance (sent as <c>X-Upload-Content-Length</c>).</param>
    /// <param name="cancellationToken">Cancels the upload; the session is then cancelled at Cloud Storage too.</param>
    public async Task<StorageObject> UploadResumableAsync(string oauthId, string bucket, string name, string contentType, AttachmentUploadSource content, long? length, CancellationToken cancellationToken)
    {
        var session = await StartSessionAsync(oauthId, bucket, name, contentType, length, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendChunksAsync(oauthId, session, content, length, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Whatever stopped the upload (the backend, the caller's stream, the caller's token), the session is abandoned.
            await CancelSessionAsync(oauthId, session).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Uri> StartSessionAsync(string oauthId, string bucket, string name, string contentType, long? length, CancellationToken cancellationToken)
    {
        var metadata = Metadata(name, contentType);
        using var response = await SendAsync(
            oauthId,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, UploadUri(bucket, "resumable")) { Content = JsonContent(metadata) };
                request.Headers.TryAddWithoutValidation("X-Upload-Content-Type", contentType);
                if (length is { } known)
                {
                    request.Headers.TryAddWithoutValidation("X-Upload-Content-Length", known.ToString(CultureInfo.InvariantCulture));
                }

                return request;
            },
            null,
            cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location
            ?? throw new AttachmentHandlerException(Kind, 500, "Cloud Storage opened no upload session (no Location header)");
        var session = location.IsAbsoluteUri ? location : new Uri(_base, location);
        if (!IsOnApiHost(session))
        {
            // The session URI is a credential of its own and the bearer token goes with every chunk: only to the API host.
            throw new AttachmentHandlerException(Kind, 500, "Cloud Storage opened an upload session on another host");
        }

        Log.SessionStarted(_logger, length);
        return session;
    }

    private async Task<StorageObject> SendChunksAsync(string oauthId, Uri session, AttachmentUploadSource content, long? length, CancellationToken cancellationToken)
    {
        var chunkSize = _options.ChunkSize;

        // One chunk and one byte more: the extra byte tells whether the chunk in hand is the last, without knowing the length.
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize + 1);
        try
        {
            long offset = 0; // the upload offset of buffer[0]
            var held = 0; // bytes in the buffer
            var ended = false;
            var budget = new ResumeBudget(_options.MaxResumeAttempts);
            while (true)
            {
                while (!ended && held <= chunkSize)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(held, chunkSize + 1 - held), cancellationToken).ConfigureAwait(false);
                    ended = read == 0;
                    held += read;
                }

                var count = Math.Min(held, chunkSize);
                var last = ended && held <= chunkSize;
                var total = last ? offset + count : length;

                var outcome = await PutChunkResumingAsync(oauthId, session, buffer, offset, count, total, budget, cancellationToken).ConfigureAwait(false);
                if (outcome.Object is { } stored)
                {
                    if (!last)
                    {
                        throw new AttachmentHandlerException(Kind, 500, string.Create(CultureInfo.InvariantCulture, $"Cloud Storage finished the upload after {offset + count} bytes, before the content ended"));
                    }

                    return stored;
                }

                var kept = outcome.Persisted;
                if (kept < offset || kept > offset + count || (last && kept == offset + count))
                {
                    throw new AttachmentHandlerException(
                        Kind,
                        500,
                        string.Create(CultureInfo.InvariantCulture, $"Cloud Storage's upload session holds {kept} bytes where {offset + count} were sent"));
                }

                // What the session did not keep goes first in the next chunk.
                var taken = (int)(kept - offset);
                if (taken > 0)
                {
                    budget.Progressed();
                }

                buffer.AsSpan(taken, held - taken).CopyTo(buffer);
                held -= taken;
                offset = kept;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends one chunk; after a transient failure waits and asks the session what it kept instead, which the caller then
    /// resumes from. The budget counts transient failures since the upload last made progress, across chunks.
    /// </summary>
    private async Task<ChunkOutcome> PutChunkResumingAsync(string oauthId, Uri session, byte[] buffer, long offset, int count, long? total, ResumeBudget budget, CancellationToken cancellationToken)
    {
        var query = false;
        while (true)
        {
            try
            {
                return query
                    ? await PutChunkAsync(oauthId, session, buffer, offset, 0, total, cancellationToken).ConfigureAwait(false)
                    : await PutChunkAsync(oauthId, session, buffer, offset, count, total, cancellationToken).ConfigureAwait(false);
            }
            catch (AttachmentHandlerException failure) when (IsTransient(failure) && budget.TrySpend(_options.ResumeDelay, out var attempt, out var delay))
            {
                Log.ChunkFailed(_logger, offset, failure.ErrorCode, failure.Reason, attempt, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                query = true;
            }
        }
    }

    /// <summary>
    /// PUTs <paramref name="count"/> bytes at <paramref name="offset"/> of the upload; with none, asks where the upload
    /// stands (<c>bytes */TOTAL</c>).
    /// </summary>
    private async Task<ChunkOutcome> PutChunkAsync(string oauthId, Uri session, byte[] buffer, long offset, int count, long? total, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
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
            null,
            cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            return new ChunkOutcome(await ReadObjectAsync(response, cancellationToken).ConfigureAwait(false), 0);
        }

        if ((int)response.StatusCode == ResumeIncomplete)
        {
            return new ChunkOutcome(null, Persisted(response));
        }

        throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Abandons a session after a failure or a cancellation, so Cloud Storage drops what it kept; best effort.</summary>
    private async Task CancelSessionAsync(string oauthId, Uri session)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Delete, session) { Content = new ByteArrayContent([]) }, null, timeout.Token).ConfigureAwait(false);
            Log.SessionCancelled(_logger, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is AttachmentHandlerException or OperationCanceledException)
        {
            // Cloud Storage expires abandoned sessions on its own after a week.
        }
    }

    /// <summary>The bytes the session kept, from its <c>Range: bytes=0-N</c> header; none when the header is absent.</summary>
    private static long Persisted(HttpResponseMessage response)
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
                : throw new AttachmentHandlerException(Kind, 500, "Cloud Storage's upload session answered an unreadable Range header");
    }

    private static bool IsTransient(AttachmentHandlerException failure) =>
        failure.Reason != "oauth_failure" && failure.ErrorCode is >= 500 or 408 or 429;

    /// <summary>Transient failures allowed since the upload last made progress, with a doubling delay.</summary>
    private sealed class ResumeBudget(int attempts)
    {
        private int _spent;

        public void Progressed() => _spent = 0;

        public bool TrySpend(TimeSpan firstDelay, out int attempt, out TimeSpan delay)
        {
            attempt = _spent + 1;
            delay = firstDelay * Math.Pow(2, _spent);
            if (_spent >= attempts)
            {
                return false;
            }

            _spent++;
            return true;
        }
    }

    /// <summary>What a chunk PUT gave: the object when the upload is complete, otherwise how many bytes the session holds.</summary>
    private readonly record struct ChunkOutcome(StorageObject? Object, long Persisted);
}
