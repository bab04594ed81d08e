using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>
/// Graph's upload sessions (<c>driveItem: createUploadSession</c>): a <c>POST …:/createUploadSession</c> with the bearer
/// token opens one and answers its <c>uploadUrl</c>; the content then goes to that URL, without the token, in PUTs of one
/// fragment each (<c>Content-Range: bytes FIRST-LAST/TOTAL</c>, every fragment but the last a multiple of 320 KiB). Graph
/// answers <c>202 Accepted</c> with <c>nextExpectedRanges</c> until the last fragment, which it answers with the item
/// (<c>201 Created</c>, or <c>200 OK</c> when a file was replaced). After a 5xx, 408, 416, 429, a dropped connection or a
/// timeout the upload asks the session which bytes it holds (<c>GET uploadUrl</c>) and continues from there. A failed or
/// cancelled upload deletes its session (<c>DELETE uploadUrl</c>).
/// </summary>
internal sealed partial class GraphClient
{
    /// <summary>Uploads through a session, one fragment in memory at a time.</summary>
    /// <param name="oauthId">Whose token opens the session.</param>
    /// <param name="path">Where the file goes.</param>
    /// <param name="body">The content, of known size.</param>
    /// <param name="cancellationToken">Cancels the upload; the session is then deleted too.</param>
    public async Task<DriveItem> UploadSessionAsync(string oauthId, DrivePath path, UploadBody body, CancellationToken cancellationToken)
    {
        var session = await CreateSessionAsync(oauthId, path, body.Total, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendFragmentsAsync(session, body, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CancelSessionAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Uri> CreateSessionAsync(string oauthId, DrivePath path, long total, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            oauthId,
            () => new HttpRequestMessage(HttpMethod.Post, PathUri(path, ":/createUploadSession")) { Content = SessionRequest(total) },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var answer = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        if (answer.ValueKind != JsonValueKind.Object
            || !answer.TryGetProperty("uploadUrl", out var url) || url.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uploadUrl)
            || (uploadUrl.Scheme != Uri.UriSchemeHttps && uploadUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new AttachmentHandlerException(Kind, 500, "Graph opened no upload session (no usable uploadUrl)", GraphErrors.WithoutCredentials(answer));
        }

        Log.SessionOpened(_send.Logger, path.Display, total);
        return uploadUrl;
    }

    private async Task<DriveItem> SendFragmentsAsync(Uri session, UploadBody body, CancellationToken cancellationToken)
    {
        var total = body.Total;
        using var fragments = new UploadChunks(body.AsStream(), _options.ChunkSize, total);
        var failures = 0; // transient failures since the upload last made progress
        while (true)
        {
            await fragments.FillAsync(cancellationToken).ConfigureAwait(false);
            var (offset, count) = (fragments.Offset, fragments.Count);
            (var outcome, failures) = await PutFragmentWithResumeAsync(session, fragments.Buffer, offset, count, total, failures, cancellationToken).ConfigureAwait(false);
            if (outcome.Item is { } item)
            {
                return item;
            }

            var next = outcome.NextExpected;
            if (next < offset || next > offset + count || next == total)
            {
                throw new AttachmentHandlerException(
                    Kind,
                    500,
                    string.Create(CultureInfo.InvariantCulture, $"Graph's upload session expects byte {next} where {offset + count} of {total} were sent"));
            }

            // Whatever Graph did not take goes first in the next fragment, which starts where Graph says.
            fragments.Advance((int)(next - offset));
        }
    }

    /// <summary>
    /// Sends one fragment; after a transient failure waits, then asks the session which byte it expects next instead.
    /// <paramref name="failures"/> counts the transient failures since the upload last made progress, across fragments, so
    /// a session that keeps failing gives up after <see cref="OneDriveAttachmentHandlerOptions.MaxResumeAttempts"/> resumes.
    /// </summary>
    /// <returns>What Graph answered, and the count to pass with the next fragment: none once Graph took bytes of this one.</returns>
    private async Task<(FragmentOutcome Outcome, int Failures)> PutFragmentWithResumeAsync(Uri session, byte[] buffer, long offset, int count, long total, int failures, CancellationToken cancellationToken)
    {
        var query = false;
        while (true)
        {
            try
            {
                var outcome = query
                    ? new FragmentOutcome(null, await SessionStatusAsync(session, total, cancellationToken).ConfigureAwait(false))
                    : await PutFragmentAsync(session, buffer, offset, count, total, cancellationToken).ConfigureAwait(false);
                return (outcome, outcome.NextExpected > offset ? 0 : failures);
            }
            catch (AttachmentHandlerException ex) when (GraphErrors.IsRetryable(ex) && failures < _options.MaxResumeAttempts)
            {
                var delay = _options.ResumeDelay * Math.Pow(2, failures);
                if (ex.Data["Retry-After"] is TimeSpan retryAfter && retryAfter > delay)
                {
                    delay = retryAfter;
                }

                failures++;
                Log.FragmentFailed(_send.Logger, offset, ex.ErrorCode, failures, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                query = true;
            }
        }
    }

    /// <summary>PUTs <paramref name="count"/> bytes at <paramref name="offset"/> of the content to the session, without a token.</summary>
    private async Task<FragmentOutcome> PutFragmentAsync(Uri session, byte[] buffer, long offset, int count, long total, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            oauthId: null,
            () =>
            {
                var fragment = new ByteArrayContent(buffer, 0, count);
                fragment.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + count - 1, total);
                return new HttpRequestMessage(HttpMethod.Put, session) { Content = fragment };
            },
            cancellationToken).ConfigureAwait(false);

        switch (response.StatusCode)
        {
            case HttpStatusCode.OK or HttpStatusCode.Created:
                return new FragmentOutcome(DriveItem.Read(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false)), total);
            case HttpStatusCode.Accepted:
                return new FragmentOutcome(null, NextExpected(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false), total));
            default:
                var failure = await FailureAsync(response, cancellationToken).ConfigureAwait(false);
                if (response.Headers.RetryAfter?.Delta is { } wait)
                {
                    failure.Data["Retry-After"] = wait < TimeSpan.FromMinutes(5) ? wait : TimeSpan.FromMinutes(5);
                }

                throw failure;
        }
    }

    /// <summary>Asks the session which byte it expects next (<c>GET uploadUrl</c>, without a token).</summary>
    private async Task<long> SessionStatusAsync(Uri session, long total, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(oauthId: null, () => new HttpRequestMessage(HttpMethod.Get, session), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return NextExpected(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false), total);
    }

    /// <summary>Abandons a session after a failure or a cancellation, so Graph drops what it holds; best effort, bounded to 10 seconds.</summary>
    private async Task CancelSessionAsync(Uri session)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await SendAsync(oauthId: null, () => new HttpRequestMessage(HttpMethod.Delete, session), timeout.Token).ConfigureAwait(false);
            Log.SessionCancelled(_send.Logger, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is AttachmentHandlerException or OperationCanceledException)
        {
            // Graph deletes abandoned sessions itself when they expire.
        }
    }

    /// <summary>
    /// The first byte the session lacks: the lowest start among <c>nextExpectedRanges</c> (<c>"26-"</c>, <c>"12345-55232"</c>);
    /// <paramref name="total"/> when it lists none.
    /// </summary>
    private static long NextExpected(JsonElement answer, long total)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("nextExpectedRanges", out var ranges) || ranges.ValueKind != JsonValueKind.Array)
        {
            return total;
        }

        long? lowest = null;
        foreach (var range in ranges.EnumerateArray())
        {
            var text = range.ValueKind == JsonValueKind.String ? range.GetString()! : string.Empty;
            var dash = text.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                throw new AttachmentHandlerException(Kind, 500, "Graph's upload session answered an unreadable nextExpectedRanges", GraphErrors.WithoutCredentials(answer));
            }

            lowest = lowest is { } known ? Math.Min(known, start) : start;
        }

        return lowest ?? total;
    }

    /// <summary>The session request: replace a file of that path as Kazoo's simple PUT does (a session's default is to fail), and the size for Graph's quota check.</summary>
    private static ByteArrayContent SessionRequest(long total)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("item");
            writer.WriteString("@microsoft.graph.conflictBehavior", "replace");
            writer.WriteNumber("fileSize", total);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>What a fragment PUT (or a status query) gave: the item when the upload is complete, otherwise the next byte the session expects.</summary>
    private readonly record struct FragmentOutcome(DriveItem? Item, long NextExpected);
}
