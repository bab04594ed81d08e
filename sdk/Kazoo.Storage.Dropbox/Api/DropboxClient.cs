using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// The Dropbox API v2 calls Kazoo's <c>dropbox</c> handler makes (spec §7.6), on a plain <see cref="HttpClient"/>:
/// <c>files/upload</c>, the upload session, <c>files/download</c> and <c>files/delete_v2</c>. Every request carries
/// <c>Authorization: Bearer …</c> with a token for the backend's <c>oauth_doc_id</c>, is bounded by
/// <see cref="DropboxAttachmentHandlerOptions.RequestTimeout"/>, and is sent again after a transient failure when its
/// body allows; every failure becomes an <see cref="AttachmentHandlerException"/> in Kazoo's terms.
/// </summary>
internal sealed partial class DropboxClient
{
    private const string OctetStream = "application/octet-stream";

    private readonly Func<HttpClient> _http;
    private readonly IOAuthTokenProvider _tokens;
    private readonly DropboxAttachmentHandlerOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _content;
    private readonly Uri _api;

    public DropboxClient(Func<HttpClient> http, IOAuthTokenProvider tokens, DropboxAttachmentHandlerOptions options, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        _content = WithSlash(options.ContentBaseUri);
        _api = WithSlash(options.ApiBaseUri);
    }

    private static string Kind => DropboxAttachmentHandler.HandlerKind;

    /// <summary>
    /// <c>files/download</c> of a path or id: the response body, streaming. Sent as POST, the method Dropbox documents for
    /// the endpoint (Kazoo's GET is accepted by Dropbox's content endpoints too).
    /// </summary>
    public async Task<Stream> DownloadAsync(string oauthDocId, string pathOrId, CancellationToken cancellationToken)
    {
        var arg = DropboxApiArg.HeaderSafe(DropboxApiArg.PathOnly(pathOrId));
        var response = await SendAsync(
            oauthDocId,
            "files/download",
            () => ContentRequest("2/files/download", arg, null),
            static () => true,
            cancellationToken).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new HttpResponseStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>files/delete_v2</c> of a path or id.</summary>
    public async Task DeleteAsync(string oauthDocId, string pathOrId, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(DropboxApiArg.PathOnly(pathOrId));
        using var response = await SendAsync(
            oauthDocId,
            "files/delete_v2",
            () =>
            {
                var body = new ByteArrayContent(json);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return new HttpRequestMessage(HttpMethod.Post, new Uri(_api, "2/files/delete_v2")) { Content = body };
            },
            static () => true,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A request to a content endpoint: arguments in <c>Dropbox-API-Arg</c>, the body (if any) as octet-stream.</summary>
    private HttpRequestMessage ContentRequest(string route, string headerSafeArg, HttpContent? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_content, route)) { Content = body };
        if (body is not null)
        {
            body.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        }

        request.Headers.TryAddWithoutValidation(DropboxApiArg.HeaderName, headerSafeArg);
        return request;
    }

    /// <summary>
    /// Gets a token, builds the request, sends it, and returns the response when it is a success (200). A transient
    /// failure (429, 5xx, a dropped connection, a timeout) is sent again after a wait (Dropbox's <c>Retry-After</c>, else
    /// <see cref="DropboxAttachmentHandlerOptions.RetryDelay"/> doubled each time) up to
    /// <see cref="DropboxAttachmentHandlerOptions.MaxRetries"/> times, when <paramref name="prepareRetry"/> says the body
    /// can be sent again. Anything else throws Kazoo's <c>invalid</c> error.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string oauthDocId, string operation, Func<HttpRequestMessage> create, Func<bool> prepareRetry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (response, failure, asked) = await AttemptAsync(oauthDocId, operation, create, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return response;
            }

            if (!IsTransient(failure!) || attempt >= _options.MaxRetries || asked > _options.MaxRetryAfter || !prepareRetry())
            {
                throw failure!;
            }

            var delay = asked ?? _options.RetryDelay * Math.Pow(2, attempt);
            Log.Retrying(_logger, operation, failure!.ErrorCode, failure.Reason, attempt + 1, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt: the 200 response, or the failure and, for a 429, how long Dropbox asked to wait.</summary>
    private async Task<(HttpResponseMessage? Response, AttachmentHandlerException? Failure, TimeSpan? RetryAfter)> AttemptAsync(
        string oauthDocId, string operation, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(oauthDocId, cancellationToken).ConfigureAwait(false);
        using var request = create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                response = await _http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                Log.TransportFailed(_logger, operation, ex.HttpRequestError.ToString());
                return (null, new AttachmentHandlerException(Kind, 500, "Socket error: " + ex.HttpRequestError, null, ex), null);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The request timeout (ours or HttpClient.Timeout), not the caller.
                Log.TransportFailed(_logger, operation, "timeout");
                return (null, new AttachmentHandlerException(Kind, 500, "timeout", null, ex), null);
            }
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (response, null, null);
        }

        using (response)
        {
            var failure = await DropboxErrors.FromResponseAsync(response, token, cancellationToken).ConfigureAwait(false);
            var asked = response.StatusCode == HttpStatusCode.TooManyRequests
                ? DropboxErrors.RetryAfter(response.Headers, TimeProvider.System.GetUtcNow(), failure.ErrorBody)
                : null;
            return (null, failure, asked);
        }
    }

    /// <summary>A token for <paramref name="oauthDocId"/>; a failure of any kind is Kazoo's <c>oauth_failure</c> (401).</summary>
    private async ValueTask<string> TokenAsync(string oauthDocId, CancellationToken cancellationToken)
    {
        try
        {
            var token = await _tokens.GetAccessTokenAsync(oauthDocId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(token) ? throw new OAuthTokenException(oauthDocId, "The token provider returned no access token.") : token;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.TokenFailed(_logger, oauthDocId, ex.GetType().Name);
            throw new AttachmentHandlerException(Kind, 401, "oauth_failure", null, ex);
        }
    }

    private static bool IsTransient(AttachmentHandlerException failure) =>
        failure.ErrorCode is 429 or >= 500 && failure.Reason != "oauth_failure";

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new AttachmentHandlerException(Kind, 500, $"Dropbox answered {operation} with JSON that does not parse", null, ex);
            }
        }
    }

    /// <summary>Reads a <c>FileMetadata</c> answer; Kazoo requires its <c>id</c>.</summary>
    private static async Task<DropboxFile> ReadFileAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        using var json = await ReadJsonAsync(response, operation, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } fileId)
        {
            throw new AttachmentHandlerException(Kind, 500, $"Dropbox's answer to {operation} has no file id", root.Clone());
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (member.Name is "id" or ".tag")
            {
                continue;
            }

            if (member.Value.ValueKind == JsonValueKind.String)
            {
                fields[member.Name] = member.Value.GetString()!;
            }
            else if (member.Value.ValueKind == JsonValueKind.Number)
            {
                fields[member.Name] = member.Value.GetRawText();
            }
        }

        return new DropboxFile(fileId, fields.GetValueOrDefault("content_hash"), fields);
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
