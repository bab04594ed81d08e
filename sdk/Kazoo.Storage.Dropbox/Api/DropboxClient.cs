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

    private readonly OAuthRequestSender _send;
    private readonly DropboxAttachmentHandlerOptions _options;
    private readonly Uri _content;
    private readonly Uri _api;

    public DropboxClient(Func<HttpClient> http, IOAuthTokenProvider tokens, DropboxAttachmentHandlerOptions options, ILogger logger)
    {
        _send = new OAuthRequestSender(Kind, "Dropbox", http, tokens, logger);
        _options = options;
        _content = OAuthRequestSender.WithSlash(options.ContentBaseUri);
        _api = OAuthRequestSender.WithSlash(options.ApiBaseUri);
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
        return await _send.StreamAsync(response, cancellationToken).ConfigureAwait(false);
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
            Log.Retrying(_send.Logger, operation, failure!.ErrorCode, failure.Reason, attempt + 1, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt: the 200 response, or the failure and, for a 429, how long Dropbox asked to wait.</summary>
    private async Task<(HttpResponseMessage? Response, AttachmentHandlerException? Failure, TimeSpan? RetryAfter)> AttemptAsync(
        string oauthDocId, string operation, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var token = await _send.TokenAsync(oauthDocId, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await _send.SendWithTokenAsync(token, create, _options.RequestTimeout, cancellationToken, operation: operation).ConfigureAwait(false);
        }
        catch (AttachmentHandlerException failure)
        {
            // No answer (a dropped connection, a timeout): retried like a 5xx.
            return (null, failure, null);
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

    private static bool IsTransient(AttachmentHandlerException failure) =>
        failure.ErrorCode is 429 or >= 500 && failure.Reason != "oauth_failure";

    /// <summary>Reads a <c>FileMetadata</c> answer; Kazoo requires its <c>id</c>.</summary>
    private async Task<DropboxFile> ReadFileAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        using var json = await _send.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
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
}
