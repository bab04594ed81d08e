using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>
/// Drive's resumable upload protocol: a POST with the metadata opens a session (its URI comes back in <c>Location</c>),
/// then the content goes up in PUTs of one chunk each with <c>Content-Range: bytes FIRST-LAST/TOTAL</c> (<c>*</c> while the
/// total is unknown). Drive answers 308 with the bytes it kept (<c>Range: bytes=0-N</c>) until the last chunk, which it
/// answers with the file. After a 5xx, 408, 429, a dropped connection or a timeout the upload asks where it stands
/// (<c>Content-Range: bytes */TOTAL</c>) and resumes from there.
/// </summary>
internal sealed partial class DriveClient
{
    private const int PermanentRedirect = 308;

    /// <summary>Uploads through a resumable session, one chunk in memory at a time.</summary>
    /// <param name="oauthDocId">Whose token to send.</param>
    /// <param name="parentId">The folder to store into.</param>
    /// <param name="name">The file name.</param>
    /// <param name="contentType">The content's MIME type.</param>
    /// <param name="content">The content, read once to its end.</param>
    /// <param name="length">The content's length when known in advance (sent as <c>X-Upload-Content-Length</c>).</param>
    /// <param name="cancellationToken">Cancels the upload; the session is then cancelled at Drive too.</param>
    public async Task<DriveFile> UploadResumableAsync(string oauthDocId, string parentId, string name, string contentType, AttachmentUploadSource content, long? length, CancellationToken cancellationToken)
    {
        var session = await StartSessionAsync(oauthDocId, parentId, name, contentType, length, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendChunksAsync(oauthDocId, session, content, length, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Whatever stopped the upload (Drive, a cancellation, the caller's own stream), Drive should drop what it kept.
            await CancelSessionAsync(oauthDocId, session).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Uri> StartSessionAsync(string oauthDocId, string parentId, string name, string contentType, long? length, CancellationToken cancellationToken)
    {
        var metadata = Metadata(name, contentType, parentId);
        using var response = await SendAsync(
            oauthDocId,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, _uploadUri.AbsoluteUri + "?uploadType=resumable&fields=" + Uri.EscapeDataString(UploadFields))
                {
                    Content = JsonContent(metadata),
                };
                request.Headers.TryAddWithoutValidation("X-Upload-Content-Type", contentType);
                if (length is { } known)
                {
                    request.Headers.TryAddWithoutValidation("X-Upload-Content-Length", known.ToString(CultureInfo.InvariantCulture));
                }

                return request;
            },
            cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location
            ?? throw new AttachmentHandlerException(Kind, 500, "Drive opened no upload session (no Location header)");
        var session = location.IsAbsoluteUri ? location : new Uri(_uploadUri, location);
        Log.SessionStarted(_logger, length);
        return session;
    }

    private async Task<DriveFile> SendChunksAsync(string oauthDocId, Uri session, AttachmentUploadSource content, long? length, CancellationToken cancellationToken)
    {
        var chunkSize = _options.ChunkSize;

        // One chunk plus one byte: the extra byte tells whether the chunk in hand is the last one without knowing the length.
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize + 1);
        try
        {
            long offset = 0; // stream position of buffer[0]
            var available = 0; // bytes in buffer
            var ended = false;
            var failures = new ResumeBudget();
            while (true)
            {
                while (!ended && available <= chunkSize)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(available, chunkSize + 1 - available), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        ended = true;
                    }
                    else
                    {
                        available += read;
                    }
                }

                var count = Math.Min(available, chunkSize);
                var last = ended && available <= chunkSize;
                long? total = last ? offset + count : length;

                var outcome = await PutChunkWithResumeAsync(oauthDocId, session, buffer, offset, count, total, failures, cancellationToken).ConfigureAwait(false);
                if (outcome.File is { } file)
                {
                    return file;
                }

                var kept = outcome.Persisted;
                if (kept < offset || kept > offset + count || (last && kept == offset + count))
                {
                    throw new AttachmentHandlerException(
                        Kind,
                        500,
                        string.Create(CultureInfo.InvariantCulture, $"Drive's upload session holds {kept} bytes where {offset + count} were sent"));
                }

                // Keep what Drive did not take: it goes first in the next chunk.
                var consumed = (int)(kept - offset);
                if (consumed > 0)
                {
                    failures.Count = 0;
                }

                buffer.AsSpan(consumed, available - consumed).CopyTo(buffer);
                available -= consumed;
                offset = kept;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends one chunk; after a transient failure waits and asks Drive what it kept instead. <paramref name="failures"/>
    /// counts the transient failures since the upload last made progress, across chunks, so a session that keeps failing
    /// gives up after <see cref="GoogleDriveAttachmentHandlerOptions.MaxResumeAttempts"/> resumes.
    /// </summary>
    private async Task<ChunkOutcome> PutChunkWithResumeAsync(string oauthDocId, Uri session, byte[] buffer, long offset, int count, long? total, ResumeBudget failures, CancellationToken cancellationToken)
    {
        var query = false;
        while (true)
        {
            try
            {
                return query
                    ? await PutChunkAsync(oauthDocId, session, [], offset, 0, total, cancellationToken).ConfigureAwait(false)
                    : await PutChunkAsync(oauthDocId, session, buffer, offset, count, total, cancellationToken).ConfigureAwait(false);
            }
            catch (AttachmentHandlerException ex) when (IsTransient(ex) && failures.Count < _options.MaxResumeAttempts)
            {
                var delay = _options.ResumeDelay * Math.Pow(2, failures.Count);
                failures.Count++;
                Log.ChunkFailed(_logger, offset, ex.ErrorCode, failures.Count, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                query = true;
            }
        }
    }

    /// <summary>
    /// PUTs <paramref name="count"/> bytes at <paramref name="offset"/> of the upload; with none, asks where the upload
    /// stands (<c>bytes */TOTAL</c>).
    /// </summary>
    private async Task<ChunkOutcome> PutChunkAsync(string oauthDocId, Uri session, byte[] buffer, long offset, int count, long? total, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            oauthDocId,
            () =>
            {
                var body = new ByteArrayContent(buffer, 0, count);
                var range = count > 0
                    ? $"bytes {offset.ToString(CultureInfo.InvariantCulture)}-{(offset + count - 1).ToString(CultureInfo.InvariantCulture)}/{Total(total)}"
                    : $"bytes */{Total(total)}";
                body.Headers.TryAddWithoutValidation("Content-Range", range);
                return new HttpRequestMessage(HttpMethod.Put, session) { Content = body };
            },
            cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            return new ChunkOutcome(await ReadFileAsync(response, cancellationToken).ConfigureAwait(false), 0);
        }

        if ((int)response.StatusCode == PermanentRedirect)
        {
            return new ChunkOutcome(null, Persisted(response));
        }

        throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Abandons a session after a failure or a cancellation, so Drive drops what it kept; best effort.</summary>
    private async Task CancelSessionAsync(string oauthDocId, Uri session)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await SendAsync(oauthDocId, () => new HttpRequestMessage(HttpMethod.Delete, session), timeout.Token).ConfigureAwait(false);
            Log.SessionCancelled(_logger, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is AttachmentHandlerException or OperationCanceledException)
        {
            // Drive expires abandoned sessions on its own after a week.
        }
    }

    /// <summary>The bytes Drive kept, from its <c>Range: bytes=0-N</c> header; none when the header is absent.</summary>
    private static long Persisted(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values))
        {
            return 0;
        }

        var value = values.FirstOrDefault() ?? string.Empty;
        var dash = value.LastIndexOf('-');
        return value.StartsWith("bytes=0-", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                ? last + 1
                : throw new AttachmentHandlerException(Kind, 500, "Drive's upload session answered an unreadable Range header");
    }

    private static string Total(long? total) => total is { } known ? known.ToString(CultureInfo.InvariantCulture) : "*";

    private static bool IsTransient(AttachmentHandlerException failure) =>
        failure.ErrorCode is >= 500 or 408 or 429;

    /// <summary>Transient failures since the upload last made progress.</summary>
    private sealed class ResumeBudget
    {
        public int Count { get; set; }
    }

    /// <summary>What a chunk PUT gave: the file when the upload is complete, otherwise how many bytes Drive holds.</summary>
    private readonly record struct ChunkOutcome(DriveFile? File, long Persisted);
}
