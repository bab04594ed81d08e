using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments.Http;

/// <summary>
/// Stores attachments on an HTTP server exactly as Kazoo's <c>http</c> handler does (spec §7.5): to
/// <c>{url}/{object name}</c> (or <c>{url}{object name}</c> when <c>url</c> has a query string, so <c>…?recording=</c> takes the
/// name as a value), with the <c>verb</c> of the settings (<c>put</c> by default), as a raw body or as
/// <c>multipart/form-data</c> with the metadata document's public JSON first and the attachment (base64-encoded on the fly
/// when <c>base64_encode_data</c> is true) second. Any <c>2xx</c> is success; <c>301</c>/<c>302</c> are followed up to
/// <see cref="HttpAttachmentHandlerOptions.MaxRedirects"/> times with loop detection. Bodies are streamed both ways.
/// </summary>
/// <remarks>
/// <para>
/// The handler follows redirects itself, so that the body can be sent again: a seekable content stream is rewound; an
/// unseekable one is sent with <c>Expect: 100-continue</c>, so a server that redirects before reading it leaves it unread.
/// Give it an <see cref="HttpClient"/> whose handler does not follow redirects (<see cref="CreateTransport"/>, or the
/// dependency-injection registration); with an automatically redirecting client .NET's own rules apply instead.
/// </para>
/// <para>
/// A user name and password in <c>url</c> (<c>https://user:pass@host/…</c>) are sent as HTTP Basic credentials to that
/// scheme, host and port only; they never appear in <see cref="StoredAttachment.BackendId"/> or in an exception message.
/// Failures throw <see cref="AttachmentHandlerException"/> with the HTTP status, the response body (JSON when its content type
/// is JSON or missing) and the status line as reason (<c>404 Not Found</c>); a connection failure is
/// <c>Socket error: econnrefused</c> (and likewise <c>etimedout</c>, <c>nxdomain</c>, …) with code 500.
/// </para>
/// <para>
/// Kazoo's hidden <c>document_url_field</c> setting (write the URL into the metadata document) has no meaning here: the
/// caller owns the metadata document and gets the URL as <see cref="StoredAttachment.BackendId"/>.
/// </para>
/// </remarks>
public sealed class HttpAttachmentHandler : AttachmentHandler<StorageAttachmentHttp>
{
    /// <summary>The backend kind: <c>http</c>.</summary>
    public const string HandlerKind = StorageAttachmentHttp.HandlerValue;

    /// <summary>The name of the <see cref="HttpClient"/> the handler asks <see cref="IHttpClientFactory"/> for.</summary>
    public const string HttpClientName = "Kazoo.Storage.Attachments.Http";

    private const int ErrorBodyLimit = 64 * 1024;
    private static readonly JsonWriterOptions s_jsonWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly SearchValues<char> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly HttpClient? _client;
    private readonly IHttpClientFactory? _factory;
    private readonly HttpAttachmentHandlerOptions _options;

    /// <summary>Creates a handler that sends every request through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">
    /// The client; its handler should not follow redirects (see <see cref="CreateTransport"/>) and its
    /// <see cref="HttpClient.Timeout"/> should allow for the largest upload (the handler has its own
    /// <see cref="HttpAttachmentHandlerOptions.Timeout"/>).
    /// </param>
    /// <param name="options">The options; the defaults when null.</param>
    public HttpAttachmentHandler(HttpClient httpClient, HttpAttachmentHandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _client = httpClient;
        _options = Checked(options);
    }

    /// <summary>Creates a handler that asks <paramref name="httpClientFactory"/> for the client named <see cref="HttpClientName"/>.</summary>
    /// <param name="httpClientFactory">The factory (see <see cref="HttpAttachmentHandlerServiceCollectionExtensions.AddKazooHttpAttachmentHandler"/>).</param>
    /// <param name="options">The options; the defaults when null.</param>
    public HttpAttachmentHandler(IHttpClientFactory httpClientFactory, HttpAttachmentHandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _factory = httpClientFactory;
        _options = Checked(options);
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <summary>
    /// A transport for the handler's <see cref="HttpClient"/>: no automatic redirects (the handler follows them itself), no
    /// automatic decompression (the bytes are the attachment), connections recycled every five minutes to follow DNS.
    /// </summary>
    public static SocketsHttpHandler CreateTransport() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
    };

    /// <summary>
    /// The URL Kazoo uploads <paramref name="location"/> to: <c>url</c> with its trailing <c>/</c> removed, then <c>/</c> (or
    /// nothing when <c>url</c> has a query string), then the object name (<see cref="AttachmentObjectName"/>).
    /// </summary>
    /// <param name="backend">The backend entry with its effective settings.</param>
    /// <param name="location">The attachment.</param>
    /// <returns>The URL, user name and password included when <c>url</c> has them.</returns>
    /// <exception cref="ArgumentException">The result is not an absolute <c>http</c>/<c>https</c> URL.</exception>
    public static Uri BuildStoreUrl(StorageAttachmentHttp backend, AttachmentLocation location)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(location);
        return ParseUrl(Join(backend.Settings.Url, AttachmentObjectName.Build(backend, location)));
    }

    /// <summary>
    /// The URL a fetch asks for, by <see cref="HttpAttachmentHandlerOptions.FetchUrl"/>: the stored URL
    /// (<see cref="StoredAttachment.BackendId"/>, or the upload URL of a located attachment), or Kazoo's literal rule.
    /// </summary>
    /// <param name="backend">The backend entry with its current effective settings.</param>
    /// <param name="stored">What <see cref="AttachmentHandler{TBackend}.PutAsync"/> or <see cref="AttachmentHandler{TBackend}.Locate"/> returned.</param>
    /// <param name="location">
    /// The attachment and its metadata document, for <see cref="HttpAttachmentFetchUrl.KazooLiteral"/>: the object name is
    /// computed again from it and the document's <c>metadata</c> (or public members) become query parameters. Without it
    /// that rule uses <see cref="StoredAttachment.ObjectName"/> and adds no query parameters.
    /// </param>
    public Uri GetFetchUrl(StorageAttachmentHttp backend, StoredAttachment stored, AttachmentLocation? location = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(stored);
        var storedUrl = stored.BackendId ?? Join(backend.Settings.Url, stored.ObjectName);
        if (_options.FetchUrl == HttpAttachmentFetchUrl.SameAsStore)
        {
            return ParseUrl(storedUrl);
        }

        var segment = location is null ? stored.ObjectName : AttachmentObjectName.Build(backend, location);
        var url = new StringBuilder(storedUrl).Append(storedUrl.Contains('?', StringComparison.Ordinal) ? string.Empty : "/").Append(segment);
        if (location?.Document is { ValueKind: JsonValueKind.Object } document)
        {
            var hasMetadata = document.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object;
            var query = new StringBuilder();
            foreach (var member in (hasMetadata ? metadata : document).EnumerateObject())
            {
                if (hasMetadata || !IsPrivate(member.Name))
                {
                    AppendQuery(query, Uri.EscapeDataString(member.Name), member.Value);
                }
            }

            if (query.Length > 0)
            {
                url.Append(url.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?').Append(query, 1, query.Length - 1);
            }
        }

        return ParseUrl(url.ToString());
    }

    /// <summary>
    /// Uploads to <see cref="BuildStoreUrl"/>. <see cref="StoredAttachment.BackendId"/> is the URL the upload ended at after
    /// redirects (without user name and password), <see cref="StoredAttachment.Metadata"/> the response headers (lowercase
    /// names, <c>set-cookie</c> left out), <see cref="StoredAttachment.Length"/> the attachment's bytes (before any base64
    /// encoding).
    /// </summary>
    /// <inheritdoc/>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentHttp backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var settings = backend.Settings;
        var segment = located.ObjectName;
        var target = ParseUrl(Join(settings.Url, segment));
        var method = Method(settings);
        var multipart = settings.SendMultipart == true;
        var base64 = multipart && settings.Base64EncodeData == true;
        var documentJson = multipart ? PublicJson(location.Document) : null;
        var source = new AttachmentUploadSource(content);
        var expectContinue = _options.ExpectContinue ?? !content.CanSeek;

        HttpContent Body()
        {
            var body = new UploadContent(source, base64);
            SetContentType(body.Headers, contentType);
            if (!multipart)
            {
                return body;
            }

            var json = new ByteArrayContent(documentJson!);
            json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            json.Headers.ContentDisposition = FormData(location.DocumentId);
            body.Headers.ContentDisposition = FormData(location.AttachmentName);
            var form = new MultipartFormDataContent();
            form.Add(json);
            form.Add(body);
            return form;
        }

        using var timeout = LinkTimeout(cancellationToken);
        var (response, final) = await SendAsync(method, target, settings.Url, Body, source, expectContinue, cancellationToken, timeout.Token).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            return located with
            {
                BackendId = WithoutUserInfo(final).AbsoluteUri,
                ContentType = contentType,
                Length = source.BytesRead,
                Metadata = Metadata(response),
            };
        }
    }

    /// <summary>A GET on <see cref="GetFetchUrl"/> without a location; exactly <c>200</c> is success.</summary>
    /// <inheritdoc/>
    protected override Task<Stream> OpenReadCoreAsync(StorageAttachmentHttp backend, StoredAttachment stored, CancellationToken cancellationToken) =>
        FetchAsync(backend, stored, location: null, cancellationToken);

    /// <summary>Opens a stored attachment for reading (a GET on <see cref="GetFetchUrl"/>); the caller disposes the stream.</summary>
    /// <param name="backend">The backend entry with its current effective settings.</param>
    /// <param name="stored">What <see cref="AttachmentHandler{TBackend}.PutAsync"/> or <see cref="AttachmentHandler{TBackend}.Locate"/> returned.</param>
    /// <param name="location">The attachment and its metadata document, for <see cref="HttpAttachmentFetchUrl.KazooLiteral"/>; may be null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response body, streamed.</returns>
    /// <exception cref="AttachmentHandlerException">The answer was not exactly <c>200</c>, or the connection failed.</exception>
    public Task<Stream> OpenReadAsync(StorageAttachmentHttp backend, StoredAttachment stored, AttachmentLocation? location, CancellationToken cancellationToken = default)
    {
        CheckStored(backend, stored);
        return FetchAsync(backend, stored, location, cancellationToken);
    }

    private async Task<Stream> FetchAsync(StorageAttachmentHttp backend, StoredAttachment stored, AttachmentLocation? location, CancellationToken cancellationToken)
    {
        var url = GetFetchUrl(backend, stored, location);
        HttpResponseMessage response;
        using (var timeout = LinkTimeout(cancellationToken))
        {
            (response, _) = await SendAsync(HttpMethod.Get, url, backend.Settings.Url, static () => null, null, false, cancellationToken, timeout.Token).ConfigureAwait(false);
        }

        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new HttpResponseStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP DELETE on the stored URL (<see cref="StoredAttachment.BackendId"/>, or the upload URL); any <c>2xx</c> is success.</summary>
    /// <inheritdoc/>
    protected override async Task DeleteCoreAsync(StorageAttachmentHttp backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var url = ParseUrl(stored.BackendId ?? Join(backend.Settings.Url, stored.ObjectName));
        using var timeout = LinkTimeout(cancellationToken);
        var (response, _) = await SendAsync(HttpMethod.Delete, url, backend.Settings.Url, static () => null, null, false, cancellationToken, timeout.Token).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends one request and follows <c>301</c>/<c>302</c> (same method, the body again): at most
    /// <see cref="HttpAttachmentHandlerOptions.MaxRedirects"/>, never to a URL already visited.
    /// </summary>
    private async Task<(HttpResponseMessage Response, Uri Url)> SendAsync(
        HttpMethod method,
        Uri start,
        string settingsUrl,
        Func<HttpContent?> body,
        AttachmentUploadSource? source,
        bool expectContinue,
        CancellationToken callerToken,
        CancellationToken token)
    {
        var client = _client ?? _factory!.CreateClient(HttpClientName);
        var credentials = Credentials(settingsUrl);
        var visited = new HashSet<string>(StringComparer.Ordinal) { WithoutUserInfo(start).AbsoluteUri };
        var current = start;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, WithoutUserInfo(current)) { Content = body() };
            if (expectContinue && request.Content is not null)
            {
                request.Headers.ExpectContinue = true;
            }

            if (credentials is { } basic && SameOrigin(current, basic.Origin))
            {
                request.Headers.Authorization = basic.Header;
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (source is { ReadFailed: true } && !callerToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                // The caller's stream failed, not the connection: its exception is the one to see.
                source.ThrowIfReadFailed();
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !callerToken.IsCancellationRequested))
            {
                throw AttachmentHandlerException.FromTransportFailure(Kind, ex);
            }

            var status = (int)response.StatusCode;
            if (status is not (301 or 302))
            {
                return (response, current);
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw new AttachmentHandlerException(Kind, status, StatusLine(status, null) + " without a Location header");
            }

            if (redirects >= _options.MaxRedirects)
            {
                throw new AttachmentHandlerException(Kind, status, "too many redirects");
            }

            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (!visited.Add(WithoutUserInfo(next).AbsoluteUri))
            {
                throw new AttachmentHandlerException(Kind, status, "redirect loop detected");
            }

            if (source is not null && !source.TryRewind())
            {
                throw new AttachmentHandlerException(
                    Kind,
                    status,
                    "redirected after the body was sent; the content stream cannot seek, so it cannot be sent again");
            }

            current = next;
        }
    }

    private async Task<AttachmentHandlerException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await AttachmentHandlerException.ReadBodyAsync(response, ErrorBodyLimit, cancellationToken).ConfigureAwait(false);

        var errorBody = AttachmentHandlerException.BodyFrom(body, response.Content.Headers.ContentType?.MediaType);
        return new AttachmentHandlerException(Kind, status, StatusLine(status, response.ReasonPhrase), errorBody);
    }

    private CancellationTokenSource LinkTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Timeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(_options.Timeout);
        }

        return source;
    }

    private static HttpAttachmentHandlerOptions Checked(HttpAttachmentHandlerOptions? options)
    {
        var copy = (options ?? new HttpAttachmentHandlerOptions()).Copy();
        copy.Validate();
        return copy;
    }

    private static HttpMethod Method(StorageAttachmentHttpSettings settings)
    {
        var verb = settings.Verb?.Value ?? "put";
        if (verb.Equals("put", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethod.Put;
        }

        if (verb.Equals("post", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethod.Post;
        }

        throw new ArgumentException("An http backend's verb is put or post; this one is '" + verb + "'.", nameof(settings));
    }

    private static string Join(string url, string segment)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trimmed = url.TrimEnd('/');
        return trimmed + (trimmed.Contains('?', StringComparison.Ordinal) ? string.Empty : "/") + segment;
    }

    private static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            // The URL is not quoted: it may carry a user name and password.
            throw new ArgumentException("An http backend's url must be an absolute http or https URL.", nameof(text));
        }

        return url;
    }

    private static Uri WithoutUserInfo(Uri url) =>
        url.UserInfo.Length == 0 ? url : new Uri(url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped));

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static (Uri Origin, AuthenticationHeaderValue Header)? Credentials(string settingsUrl)
    {
        if (!Uri.TryCreate(settingsUrl, UriKind.Absolute, out var url) || url.UserInfo.Length == 0)
        {
            return null;
        }

        var userInfo = url.UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        return (url, new AuthenticationHeaderValue("Basic", token));
    }

    private static string StatusLine(int status, string? reasonPhrase)
    {
        var phrase = reasonPhrase;
        if (string.IsNullOrEmpty(phrase))
        {
            // HttpResponseMessage knows the standard phrases.
            using var standard = new HttpResponseMessage((HttpStatusCode)status);
            phrase = standard.ReasonPhrase;
        }

        return string.IsNullOrEmpty(phrase)
            ? status.ToString(CultureInfo.InvariantCulture)
            : status.ToString(CultureInfo.InvariantCulture) + " " + phrase;
    }

    private static IReadOnlyDictionary<string, string> Metadata(HttpResponseMessage response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                metadata[name.ToLowerInvariant()] = string.Join(", ", values);
            }
        }

        return metadata;
    }

    private static bool IsPrivate(string name) => name.StartsWith('_') || name.StartsWith("pvt_", StringComparison.Ordinal);

    /// <summary>The metadata document's public members (no <c>_*</c>, no <c>pvt_*</c>) as compact JSON; <c>{}</c> without one.</summary>
    private static byte[] PublicJson(JsonElement? document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_jsonWriterOptions))
        {
            writer.WriteStartObject();
            if (document is { ValueKind: JsonValueKind.Object } members)
            {
                foreach (var member in members.EnumerateObject())
                {
                    if (!IsPrivate(member.Name))
                    {
                        member.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Adds <c>&amp;key=value</c> pairs for a JSON value: text, numbers and booleans as text, objects as <c>key[member]</c>,
    /// arrays as repeated <c>key[]</c>; nulls are left out.
    /// </summary>
    private static void AppendQuery(StringBuilder query, string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                query.Append('&').Append(key).Append('=').Append(Uri.EscapeDataString(value.GetString()!));
                break;
            case JsonValueKind.Number:
                query.Append('&').Append(key).Append('=').Append(value.GetRawText());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                query.Append('&').Append(key).Append('=').Append(value.ValueKind == JsonValueKind.True ? "true" : "false");
                break;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    AppendQuery(query, key + "%5B" + Uri.EscapeDataString(member.Name) + "%5D", member.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AppendQuery(query, key + "%5B%5D", item);
                }

                break;
        }
    }

    private static void SetContentType(HttpContentHeaders headers, string contentType)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            headers.ContentType = parsed;
        }
        else
        {
            headers.TryAddWithoutValidation("Content-Type", contentType);
        }
    }

    /// <summary><c>form-data; name=…</c>, the name quoted only when it is not an HTTP token.</summary>
    private static ContentDispositionHeaderValue FormData(string name)
    {
        var value = name.Length > 0 && !name.AsSpan().ContainsAnyExcept(s_tokenChars)
            ? name
            : "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return new ContentDispositionHeaderValue("form-data") { Name = value };
    }
}
