using System.Net;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>
/// The few Drive v3 REST calls Kazoo's <c>google_drive</c> handler makes (spec §7.4), on a plain <see cref="HttpClient"/>:
/// folder lookup and creation, multipart and resumable uploads, download and delete. Every request carries
/// <c>Authorization: Bearer …</c> with a token for the backend's <c>oauth_doc_id</c>; every failure becomes an
/// <see cref="AttachmentHandlerException"/> in Kazoo's terms.
/// </summary>
internal sealed class DriveClient
{
    /// <summary>Drive's MIME type for folders.</summary>
    public const string FolderMimeType = "application/vnd.google-apps.folder";

    /// <summary>The alias Drive accepts for the user's My Drive folder.</summary>
    public const string Root = "root";

    /// <summary>The fields an upload asks Drive to answer with; all but <c>id</c> end up in the pointer's metadata.</summary>
    private const string UploadFields = "id,name,mimeType,size,md5Checksum";

    private readonly OAuthRequestSender _send;
    private readonly GoogleMediaUpload _upload;
    private readonly Uri _filesUri;
    private readonly Uri _uploadUri;

    public DriveClient(Func<HttpClient> http, IOAuthTokenProvider tokens, GoogleDriveAttachmentHandlerOptions options, ILogger logger)
    {
        _send = new OAuthRequestSender(GoogleDriveAttachmentHandler.HandlerKind, "Drive", http, tokens, logger);

        // Drive's requests are bounded by the HttpClient's own Timeout.
        _upload = new GoogleMediaUpload(_send, options.ChunkSize, options.MaxResumeAttempts, options.ResumeDelay, Timeout.InfiniteTimeSpan);
        _filesUri = new Uri(OAuthRequestSender.WithSlash(options.DriveBaseUri), "drive/v3/files");
        _uploadUri = new Uri(OAuthRequestSender.WithSlash(options.UploadBaseUri), "upload/drive/v3/files");
    }

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
            await _send.EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
            using var json = await _send.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
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
            () => new HttpRequestMessage(HttpMethod.Post, _filesUri.AbsoluteUri + "?fields=id") { Content = GoogleMediaUpload.Json(metadata) },
            cancellationToken).ConfigureAwait(false);
        await _send.EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        return (await ReadFileAsync(response, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Uploads in one <c>multipart/related</c> request (see <see cref="GoogleMediaUpload"/>).</summary>
    public Task<DriveFile> UploadMultipartAsync(string oauthDocId, string parentId, string name, string contentType, AttachmentUploadSource content, CancellationToken cancellationToken) =>
        _upload.MultipartAsync(oauthDocId, UploadUri("multipart"), Metadata(name, contentType, parentId), contentType, content, ReadFileAsync, cancellationToken);

    /// <summary>Uploads through a resumable session (see <see cref="GoogleMediaUpload"/>), one chunk in memory at a time.</summary>
    public Task<DriveFile> UploadResumableAsync(string oauthDocId, string parentId, string name, string contentType, AttachmentUploadSource content, long? length, CancellationToken cancellationToken) =>
        _upload.ResumableAsync(oauthDocId, UploadUri("resumable"), Metadata(name, contentType, parentId), contentType, content, length, ReadFileAsync, cancellationToken);

    /// <summary>Opens a file's content (<c>alt=media</c>) for streaming.</summary>
    public async Task<Stream> DownloadAsync(string oauthDocId, string fileId, CancellationToken cancellationToken)
    {
        var response = await SendAsync(oauthDocId, () => new HttpRequestMessage(HttpMethod.Get, FileUri(fileId) + "?alt=media"), cancellationToken).ConfigureAwait(false);
        return await _send.StreamAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a file for good (not to the trash).</summary>
    public async Task DeleteAsync(string oauthDocId, string fileId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(oauthDocId, () => new HttpRequestMessage(HttpMethod.Delete, FileUri(fileId)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await _send.EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken).ConfigureAwait(false);
        }
    }

    private Uri UploadUri(string uploadType) => new(_uploadUri.AbsoluteUri + "?uploadType=" + uploadType + "&fields=" + Uri.EscapeDataString(UploadFields));

    private string FileUri(string fileId) => _filesUri.AbsoluteUri + "/" + Uri.EscapeDataString(fileId);

    private Task<HttpResponseMessage> SendAsync(string oauthDocId, Func<HttpRequestMessage> create, CancellationToken cancellationToken) =>
        _send.SendAsync(oauthDocId, create, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Reads a file resource; Kazoo requires its <c>id</c>.</summary>
    private async Task<DriveFile> ReadFileAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var json = await _send.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } fileId)
        {
            throw new AttachmentHandlerException(_send.Kind, 500, "Drive's answer has no file id", root.Clone());
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
}
