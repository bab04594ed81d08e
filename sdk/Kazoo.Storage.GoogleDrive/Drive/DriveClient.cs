using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Credentials;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>
/// The few Drive v3 REST calls Kazoo's <c>google_drive</c> handler makes (spec §7.4), on a plain <see cref="HttpClient"/>:
/// folder lookup and creation, multipart and resumable uploads, download and delete. Every request carries
/// <c>Authorization: Bearer …</c> with a token for the backend's <c>oauth_doc_id</c>; every failure becomes an
/// <see cref="AttachmentHandlerException"/> in Kazoo's terms.
/// </summary>
internal sealed partial class DriveClient
{
    /// <summary>Drive's MIME type for folders.</summary>
    public const string FolderMimeType = "application/vnd.google-apps.folder";

    /// <summary>The alias Drive accepts for the user's My Drive folder.</summary>
    public const string Root = "root";

    /// <summary>The fields an upload asks Drive to answer with; all but <c>id</c> end up in the pointer's metadata.</summary>
    private const string UploadFields = "id,name,mimeType,size,md5Checksum";

    private readonly Func<HttpClient> _http;
    private readonly IGoogleDriveTokenProvider _tokens;
    private readonly GoogleDriveAttachmentHandlerOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _filesUri;
    private readonly Uri _uploadUri;

    public DriveClient(Func<HttpClient> http, IGoogleDriveTokenProvider tokens, GoogleDriveAttachmentHandlerOptions options, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        _filesUri = new Uri(WithSlash(options.DriveBaseUri), "drive/v3/files");
        _uploadUri = new Uri(WithSlash(options.UploadBaseUri), "upload/drive/v3/files");
    }

    private static string Kind => GoogleDriveAttachmentHandler.HandlerKind;

    /// <summary>The first file or folder matching <paramref name="query"/>, or null when none does.</summary>
    public async Task<string?> FindAsync(string oauthDocId, string query, bool newestFirst, CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var uri = new StringBuilder(_filesUri.AbsoluteUri)
                .Append("?q=").Append(Uri.EscapeDataString(query))
                .Append("&fields=").Append(Uri.EscapeDataString("nextPageToken,files(id)"));
            if (newestFirst)
            {
                uri.Append("&orderBy=").Append(Uri.EscapeDataString("createdTime desc"));
            }

            if (pageToken is not null)
            {
                uri.Append("&pageToken=").Append(Uri.EscapeDataString(pageToken));
            }

            using var response = await SendAsync(oauthDocId, () => new HttpRequestMessage(HttpMethod.Get, uri.ToString()), cancellationToken).ConfigureAwait(false);
            await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
            using var json = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            var root = json.RootElement;
            if (root.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array)
            {
                foreach (var file in files.EnumerateArray())
                {
                    if (file.ValueKind == JsonValueKind.Object && file.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        return id.GetString();
                    }
                }
            }

            // Drive may answer a filtered search with an empty page and a token for the next one.
            pageToken = root.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (pageToken is not null);

        return null;
    }

    /// <summary>Creates folder <paramref name="name"/> inside <paramref name="parentId"/>; returns its id.</summary>
    public async Task<string> CreateFolderAsync(string oauthDocId, string parentId, string name, CancellationToken cancellationToken)
    {
        var metadata = Metadata(name, FolderMimeType, parentId);
        using var response = await SendAsync(
            oauthDocId,
            () => new HttpRequestMessage(HttpMethod.Post, _filesUri.AbsoluteUri + "?fields=id") { Content = JsonContent(metadata) },
            cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        return (await ReadFileAsync(response, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>
    /// Uploads in one <c>multipart/related</c> request: a JSON part with the metadata, then the content as it is (not
    /// base64), streamed from <paramref name="content"/>.
    /// </summary>
    public async Task<DriveFile> UploadMultipartAsync(string oauthDocId, string parentId, string name, string contentType, AttachmentUploadSource content, CancellationToken cancellationToken)
    {
        var metadata = Metadata(name, contentType, parentId);
        HttpResponseMessage sent;
        try
        {
            sent = await SendAsync(
                oauthDocId,
                () =>
                {
                    var boundary = "kazoo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                    var body = new MultipartContent("related", boundary) { JsonContent(metadata) };
                    var media = content.CreateContent();
                    media.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    body.Add(media);

                    // MultipartContent quotes the boundary; Google's documented form has it bare (both are valid MIME).
                    body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/related; boundary=" + boundary);
                    return new HttpRequestMessage(HttpMethod.Post, _uploadUri.AbsoluteUri + "?uploadType=multipart&fields=" + Uri.EscapeDataString(UploadFields)) { Content = body };
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AttachmentHandlerException) when (content.ReadFailed)
        {
            // The caller's stream failed while it was sent, not the connection: its exception is the one to see.
            content.ThrowIfReadFailed();
            throw;
        }

        using var response = sent;
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        return await ReadFileAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a file's content (<c>alt=media</c>) for streaming.</summary>
    public async Task<Stream> DownloadAsync(string oauthDocId, string fileId, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            oauthDocId,
            () => new HttpRequestMessage(HttpMethod.Get, FileUri(fileId) + "?alt=media"),
            cancellationToken).ConfigureAwait(false);
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

    /// <summary>Deletes a file for good (not to the trash).</summary>
    public async Task DeleteAsync(string oauthDocId, string fileId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            oauthDocId,
            () => new HttpRequestMessage(HttpMethod.Delete, FileUri(fileId)),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken).ConfigureAwait(false);
        }
    }

    private string FileUri(string fileId) => _filesUri.AbsoluteUri + "/" + Uri.EscapeDataString(fileId);

    /// <summary>Gets a token, builds the request, sends it; the response is returned whatever its status.</summary>
    private async Task<HttpResponseMessage> SendAsync(string oauthDocId, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(oauthDocId, cancellationToken).ConfigureAwait(false);
        using var request = create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await _http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Log.TransportFailed(_logger, request.Method.Method, ex.HttpRequestError.ToString());
            throw new AttachmentHandlerException(Kind, 500, "Socket error: " + ex.HttpRequestError, null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, not the caller.
            throw new AttachmentHandlerException(Kind, 500, "timeout", null, ex);
        }
    }

    /// <summary>A token for <paramref name="oauthDocId"/>; a failure of any kind is Kazoo's <c>oauth_failure</c>.</summary>
    private async ValueTask<string> TokenAsync(string oauthDocId, CancellationToken cancellationToken)
    {
        try
        {
            var token = await _tokens.GetAccessTokenAsync(oauthDocId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(token) ? throw new InvalidOperationException("The token provider returned no access token.") : token;
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

    /// <summary>Throws Kazoo's <c>invalid</c> failure unless the response has the expected status.</summary>
    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The failure as Kazoo reports it: the HTTP status, the body (JSON when it parses), and Drive's <c>error.message</c>
    /// as the reason (the status line when there is none).
    /// </summary>
    internal static async Task<AttachmentHandlerException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await AttachmentHandlerException.ReadBodyAsync(response, cancellationToken: cancellationToken).ConfigureAwait(false);

        JsonElement? body = text.Length == 0 ? null : AttachmentHandlerException.BodyFrom(text, response.Content.Headers.ContentType?.MediaType);
        var code = (int)response.StatusCode;
        var reason = AttachmentHandlerException.ErrorMessageOf(body) ?? $"{code} {response.ReasonPhrase ?? response.StatusCode.ToString()}".TrimEnd();
        return new AttachmentHandlerException(Kind, code, reason, body);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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
                throw new AttachmentHandlerException(Kind, 500, "Drive answered with JSON that does not parse", null, ex);
            }
        }
    }

    /// <summary>Reads a file resource; Kazoo requires its <c>id</c>.</summary>
    private static async Task<DriveFile> ReadFileAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var json = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } fileId)
        {
            throw new AttachmentHandlerException(Kind, 500, "Drive's answer has no file id", root.Clone());
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (member.Name != "id" && member.Value.ValueKind == JsonValueKind.String)
            {
                fields[member.Name] = member.Value.GetString()!;
            }
        }

        return new DriveFile(fileId, fields);
    }

    private static byte[] Metadata(string name, string mimeType, string parentId)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("mimeType", mimeType);
            writer.WriteStartArray("parents");
            writer.WriteStringValue(parentId);
            writer.WriteEndArray();
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

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
