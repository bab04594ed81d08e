using System.Globalization;
using System.Net;
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
internal sealed class ObjectsClient
{
    private readonly OAuthRequestSender _send;
    private readonly GoogleMediaUpload _upload;
    private readonly TimeSpan _timeout;
    private readonly Uri _base;

    public ObjectsClient(Func<HttpClient> http, IOAuthTokenProvider tokens, GoogleStorageAttachmentHandlerOptions options, ILogger logger)
    {
        _send = new OAuthRequestSender(GoogleStorageAttachmentHandler.HandlerKind, "Cloud Storage", http, tokens, logger);
        _upload = new GoogleMediaUpload(_send, options.ChunkSize, options.MaxResumeAttempts, options.ResumeDelay, options.RequestTimeout);
        _timeout = options.RequestTimeout;
        _base = OAuthRequestSender.WithSlash(options.BaseUri);
    }

    /// <summary>The request sender, for the handler's own <c>oauth_failure</c>.</summary>
    public OAuthRequestSender Sender => _send;

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

    /// <summary>Uploads in one <c>multipart/related</c> request (see <see cref="GoogleMediaUpload"/>).</summary>
    public Task<StorageObject> UploadMultipartAsync(string oauthId, string bucket, string name, string contentType, AttachmentUploadSource content, CancellationToken cancellationToken) =>
        _upload.MultipartAsync(oauthId, UploadUri(bucket, "multipart"), Metadata(name, contentType), contentType, content, ReadObjectAsync, cancellationToken);

    /// <summary>Uploads through a resumable session (see <see cref="GoogleMediaUpload"/>), one chunk in memory at a time.</summary>
    public Task<StorageObject> UploadResumableAsync(string oauthId, string bucket, string name, string contentType, AttachmentUploadSource content, long? length, CancellationToken cancellationToken) =>
        _upload.ResumableAsync(oauthId, UploadUri(bucket, "resumable"), Metadata(name, contentType), contentType, content, length, ReadObjectAsync, cancellationToken);

    /// <summary>Opens an object's content (a <c>mediaLink</c>, or <c>storage/v1/b/{bucket}/o/{object}?alt=media</c>) for streaming.</summary>
    public async Task<Stream> DownloadAsync(string oauthId, Uri uri, CancellationToken cancellationToken)
    {
        var response = await _send.SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Get, uri), _timeout, cancellationToken).ConfigureAwait(false);
        return await _send.StreamAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an object (its live version, or one <paramref name="generation"/>); Cloud Storage answers 204.</summary>
    public async Task DeleteAsync(string oauthId, string bucket, string name, string? generation, CancellationToken cancellationToken)
    {
        var uri = ObjectUri(bucket, name);
        if (generation is not null)
        {
            uri = new Uri(uri.AbsoluteUri + "?generation=" + Uri.EscapeDataString(generation));
        }

        using var response = await _send.SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Delete, uri), _timeout, cancellationToken).ConfigureAwait(false);
        await _send.EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken).ConfigureAwait(false);
    }

    private Uri UploadUri(string bucket, string uploadType) =>
        new(_base, "upload/storage/v1/b/" + Uri.EscapeDataString(bucket) + "/o?uploadType=" + uploadType);

    /// <summary>Reads the object resource; Kazoo requires its <c>name</c> (and keeps its <c>mediaLink</c>).</summary>
    private async Task<StorageObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var json = await _send.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
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
            throw new AttachmentHandlerException(_send.Kind, 500, "Cloud Storage's answer has no object name", root.Clone());
        }

        long? size = fields.TryGetValue("size", out var sizeText) && long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new StorageObject(name, fields.GetValueOrDefault("generation"), fields.GetValueOrDefault("mediaLink"), fields.GetValueOrDefault("md5Hash"), size, fields);
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
}
