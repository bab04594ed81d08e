using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>
/// The few Microsoft Graph calls the handler makes, on a plain <see cref="HttpClient"/>: simple uploads and upload sessions
/// to a path under the user's drive root, downloads and deletes by id or by path. Requests to Graph carry
/// <c>Authorization: Bearer …</c> with a token for the backend's OAuth id; requests to the pre-authenticated URLs Graph hands
/// out (an upload session's <c>uploadUrl</c>, a download's redirect) carry none, as Graph documents. Every failure becomes an
/// <see cref="AttachmentHandlerException"/> in Kazoo's terms, except the caller's own stream failing or being cancelled.
/// </summary>
internal sealed partial class GraphClient
{
    /// <summary>How many redirects a download follows (Graph answers one, to the content's download URL).</summary>
    private const int MaxRedirects = 5;

    private readonly OAuthRequestSender _send;
    private readonly OneDriveAttachmentHandlerOptions _options;
    private readonly string _graph;

    public GraphClient(Func<HttpClient> http, IOAuthTokenProvider tokens, OneDriveAttachmentHandlerOptions options, ILogger logger)
    {
        _send = new OAuthRequestSender(Kind, "Graph", http, tokens, logger);
        _options = options;
        _graph = OAuthRequestSender.WithSlash(options.GraphBaseUri).AbsoluteUri;
    }

    private static string Kind => OneDriveAttachmentHandler.HandlerKind;

    /// <summary>
    /// Gets a token for <paramref name="oauthId"/> before an upload reads the caller's stream, so a credential that fails
    /// fails first, as in Kazoo, without consuming (or spooling) the content. The provider caches it for the requests.
    /// </summary>
    public async Task CheckTokenAsync(string oauthId, CancellationToken cancellationToken) =>
        await _send.TokenAsync(oauthId, cancellationToken).ConfigureAwait(false);

    /// <summary>Uploads the whole content with one <c>PUT /me/drive/root:/{path}:/content</c> (Kazoo's request), replacing a file of that path.</summary>
    public async Task<DriveItem> UploadSimpleAsync(string oauthId, DrivePath path, string contentType, UploadBody body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            oauthId,
            () =>
            {
                var content = body.CreateContent();
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                return new HttpRequestMessage(HttpMethod.Put, PathUri(path, ":/content")) { Content = content };
            },
            cancellationToken,
            body).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return DriveItem.Read(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Opens a file's content for streaming: <c>GET …/content</c> at Graph, which answers <c>302 Found</c> with a
    /// pre-authenticated download URL, then that URL without the bearer token.
    /// </summary>
    public async Task<Stream> DownloadAsync(string oauthId, DriveItemId? id, DrivePath? path, CancellationToken cancellationToken)
    {
        var uri = new Uri(ContentUri(id, path));
        HttpResponseMessage? response = await SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        try
        {
            for (var hops = 0; IsRedirect(response.StatusCode); hops++)
            {
                var location = response.Headers.Location;
                var target = location is null ? null : location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (hops == MaxRedirects || target is null || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
                {
                    throw new AttachmentHandlerException(Kind, 500, "Graph's download redirect could not be followed");
                }

                response.Dispose();
                response = null;
                uri = target;
                Log.FollowingDownloadRedirect(_send.Logger, hops + 1);

                // The download URL is pre-authenticated and usually on another host: the bearer token must not go there.
                response = await SendAsync(oauthId: null, () => new HttpRequestMessage(HttpMethod.Get, target), cancellationToken).ConfigureAwait(false);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new HttpResponseStream(response, body);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>Deletes an item (to the drive's recycle bin, as Graph does): <c>DELETE /drives/{d}/items/{i}</c> or <c>DELETE /me/drive/root:/{path}</c>.</summary>
    public async Task DeleteAsync(string oauthId, DriveItemId? id, DrivePath? path, CancellationToken cancellationToken)
    {
        var uri = id is null ? PathUri(path!, string.Empty) : ItemUri(id, string.Empty);
        using var response = await SendAsync(oauthId, () => new HttpRequestMessage(HttpMethod.Delete, uri), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK))
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Found or HttpStatusCode.MovedPermanently or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private string ContentUri(DriveItemId? id, DrivePath? path) => id is null ? PathUri(path!, ":/content") : ItemUri(id, "/content");

    /// <summary><c>{graph}/me/drive/root:/{encoded path}{suffix}</c>: Kazoo's path-based address, relative to the user's drive root.</summary>
    private string PathUri(DrivePath path, string suffix) => _graph + "me/drive/root:/" + path.Encoded + suffix;

    /// <summary><c>{graph}/drives/{driveId}/items/{itemId}{suffix}</c>: Kazoo's id-based address.</summary>
    private string ItemUri(DriveItemId id, string suffix) =>
        _graph + "drives/" + Uri.EscapeDataString(id.DriveId) + "/items/" + Uri.EscapeDataString(id.ItemId) + suffix;

    /// <summary>
    /// Sends a request (see <see cref="OAuthRequestSender.SendAsync"/>) within <see cref="OneDriveAttachmentHandlerOptions.RequestTimeout"/>;
    /// a request that got no answer may be resumed after (<see cref="GraphErrors.Retryable"/>).
    /// </summary>
    /// <param name="oauthId">Whose token to send; null for a pre-authenticated URL.</param>
    /// <param name="create">Makes the request (called once).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="body">The upload body the request reads, whose own failure is reported instead of the transport error it causes.</param>
    private async Task<HttpResponseMessage> SendAsync(string? oauthId, Func<HttpRequestMessage> create, CancellationToken cancellationToken, UploadBody? body = null)
    {
        try
        {
            return await _send.SendAsync(oauthId, create, _options.RequestTimeout, cancellationToken, body is null ? null : body.ThrowIfSourceFailed).ConfigureAwait(false);
        }
        catch (AttachmentHandlerException failure) when (failure.Reason != "oauth_failure")
        {
            throw GraphErrors.Retryable(failure);
        }
    }

    /// <summary>
    /// Graph's failure as Kazoo reports it (spec §3.3, <c>kz_att_onedrive</c>): <see cref="OAuthRequestSender.FailureAsync"/>
    /// without the credentials in the body, which an upload session may resume after when it is a 5xx, 408, 416 or 429.
    /// </summary>
    private async Task<AttachmentHandlerException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var failure = await _send.FailureAsync(response, cancellationToken, GraphErrors.WithoutCredentials).ConfigureAwait(false);
        return failure.ErrorCode is >= 500 or 408 or 416 or 429 ? GraphErrors.Retryable(failure) : failure;
    }

    private async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var json = await _send.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return json.RootElement.Clone();
    }
}
