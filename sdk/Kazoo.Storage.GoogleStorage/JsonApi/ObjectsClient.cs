using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleStorage.JsonApi;

/// <summary>
/// The Cloud Storage JSON API calls Kazoo's <c>google_storage</c> handler needs (spec §7.7), on a plain
/// <see cref="HttpClient"/>: multipart and resumable uploads to <c>upload/storage/v1/b/{bucket}/o</c>, downloads with
/// <c>alt=media</c> and deletes of <c>storage/v1/b/{bucket}/o/{object}</c>. Every request carries
/// <c>Authorization: Bearer …</c> with a token for the backend's OAuth id; every failure becomes an
/// <see cref="AttachmentHandlerException"/> in Kazoo's terms.
/// </summary>
internal sealed partial class ObjectsClient
{
    private readonly Func<HttpClient> _http;
    private readonly IOAuthTokenProvider _tokens;
    private readonly GoogleStorageAttachmentHandlerOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _base;

    public ObjectsClient(Func<HttpClient> http, IOAuthTokenProvider tokens, GoogleStorageAttachmentHandlerOptions options, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        _base = options.BaseUri.AbsoluteUri.EndsWith('/') ? options.BaseUri : new Uri(options.BaseUri.AbsoluteUri + "/");
    }

    private static string Kind => GoogleStorageAttachmentHandler.HandlerKind;

    /// <summary>
    /// <c>storage/v1/b/{bucket}/o/{object}</c>: the object name is one path segment, so every character outside RFC 3986's
    /// unreserved set is percent-encoded, <c>/</c> and <c>%</c> included (an MODB name <c>account%2F…</c> goes as
    /// <c>account%252F…</c>).
    /// </summary>
    public Uri ObjectUri(string bucket, string name) =>
        new(_base, "storage/v1/b/" + Uri.EscapeDataString(bucket) + "/o/" + Uri.EscapeDataString(name));

    /// <summary>Whether <paramref name="uri"/> is on the configured API host (scheme, host and port), where the token may go.</summary>
    public bool IsOnApiHost(Uri uri) =>
        uri.IsAbsoluteUri && Uri.Compare(uri, _base, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// Uploads in one <c>multipart/related</c> request: a JSON part with the metadata (<c>name</c>, <c>contentType</c>), then
    /// the content as it is (Kazoo base64-encodes it; the bytes are equivalent), streamed from <paramref name="content"/>.
    /// </summary>
    public async Task<StorageObject> UploadMultipartAsync(string oauthId, string bucket, string name, string contentType, AttachmentUploadSource content, CancellationToken cancellationToken)
    {
        var metadata = Metadata(name, contentType);
        using var response = await SendAsync(
            oauthId,
            () =>
            {
                var boundary = "kazoo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                var media = content.CreateContent();
                media.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                var body = new MultipartContent("related", boundary) { JsonContent(metadata), media };

                // MultipartContent quotes the boundary; Google's documented form has it bare (both are valid MIME).
                body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/related; boundary=" + boundary);
                return new HttpRequestMessage(HttpMethod.Post, UploadUri(bucket, "multipart")) { Content = body };
            },
            content,
            cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        return await ReadObjectAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens an object's content (a <c>mediaLink</c>, or <c>storage/v1/b/{bucket}/o/{object}?alt=media</c>) for streaming.</summary>
    public async Task<Stream> DownloadAsync(string oauthId, Uri uri, CancellationToken cancellationToken)
    {
        var response = await SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Get, uri), null, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new HttpResponseStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Deletes an object (its live version, or one <paramref name="generation"/>); Cloud Storage answers 204.</summary>
    public async Task DeleteAsync(string oauthId, string bucket, string name, string? generation, CancellationToken cancellationToken)
    {
        var uri = ObjectUri(bucket, name);
        if (generation is not null)
        {
            uri = new Uri(uri.AbsoluteUri + "?generation=" + Uri.EscapeDataString(generation));
        }

        using var response = await SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Delete, uri), null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken).ConfigureAwait(false);
    }

    private Uri UploadUri(string bucket, string uploadType) =>
        new(_base, "upload/storage/v1/b/" + Uri.EscapeDataString(bucket) + "/o?uploadType=" + uploadType);

    /// <summary>
    /// Gets a token, builds the request, sends it within <see cref="GoogleStorageAttachmentHandlerOptions.RequestTimeout"/>;
    /// the response is returned whatever its status. A failure of the caller's stream (<paramref name="content"/>) is
    /// rethrown as it was, not reported as the backend's.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string oauthId, Func<HttpRequestMessage> create, AttachmentUploadSource? content, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(oauthId, cancellationToken).ConfigureAwait(false);
        using var request = create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await _http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (content is { ReadFailed: true } && ex is HttpRequestException or IOException)
        {
            content.ThrowIfReadFailed();
            throw;
        }
        catch (HttpRequestException ex)
        {
            Log.TransportFailed(_logger, request.Method.Method, ex.HttpRequestError.ToString());
            throw new AttachmentHandlerException(Kind, 500, "Socket error: " + ex.HttpRequestError, null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The request timeout (or HttpClient.Timeout), not the caller.
            Log.TransportFailed(_logger, request.Method.Method, "timeout");
            throw new AttachmentHandlerException(Kind, 500, "timeout", null, ex);
        }
    }

    /// <summary>A token for <paramref name="oauthId"/>; a failure of any kind is Kazoo's <c>oauth_failure</c> (401).</summary>
    private async ValueTask<string> TokenAsync(string oauthId, CancellationToken cancellationToken)
    {
        try
        {
            var token = await _tokens.GetAccessTokenAsync(oauthId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(token) ? throw new OAuthTokenException(oauthId, "The token provider gave no access token.") : token;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.TokenFailed(_logger, oauthId, ex.GetType().Name, (ex as OAuthTokenException)?.Error);
            throw new AttachmentHandlerException(Kind, 401, "oauth_failure", null, ex);
        }
    }

    /// <summary>Throws Kazoo's <c>invalid</c> failure unless the response has the expected status.</summary>
    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The failure as Kazoo reports it: the HTTP status, the body (JSON when it parses), and Cloud Storage's
    /// <c>error.message</c> as the reason (the status line when there is none).
    /// </summary>
    private static async Task<AttachmentHandlerException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await AttachmentHandlerException.ReadBodyAsync(response, cancellationToken: cancellationToken).ConfigureAwait(false);

        JsonElement? body = text.Length == 0 ? null : AttachmentHandlerException.BodyFrom(text, response.Content.Headers.ContentType?.MediaType);
        var code = (int)response.StatusCode;
        var reason = AttachmentHandlerException.ErrorMessageOf(body) ?? $"{code} {response.ReasonPhrase ?? response.StatusCode.ToString()}".TrimEnd();
        return new AttachmentHandlerException(Kind, code, reason, body);
    }

    /// <summary>Reads the object resource; Kazoo requires its <c>name</c> (and keeps its <c>mediaLink</c>).</summary>
    private static async Task<StorageObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonDocument json;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new AttachmentHandlerException(Kind, 500, "Cloud Storage answered with JSON that does not parse", null, ex);
            }
        }

        using (json)
        {
            var root = json.RootElement;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in root.EnumerateObject())
                {
                    if (member.Value.ValueKind == JsonValueKind.String)
                    {
                        fields[member.Name] = member.Value.GetString()!;
                    }
                }
            }

            if (!fields.TryGetValue("name", out var name) || name.Length == 0)
            {
                throw new AttachmentHandlerException(Kind, 500, "Cloud Storage's answer has no object name", root.Clone());
            }

            long? size = fields.TryGetValue("size", out var sizeText) && long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            return new StorageObject(name, fields.GetValueOrDefault("generation"), fields.GetValueOrDefault("mediaLink"), fields.GetValueOrDefault("md5Hash"), size, fields);
        }
    }

    private static byte[] Metadata(string name, string contentType)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("contentType", contentType);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        return content;
    }
}
