using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// How the handlers that sign their requests with an OAuth bearer token (google_drive, google_storage, dropbox, onedrive)
/// send one: a token for the backend's OAuth id, whose failure of any kind is Kazoo's <c>oauth_failure</c> (401); the
/// <c>Authorization</c> header; a time limit until the answer's headers; and a request that got no answer as Kazoo reports
/// it (500 <c>Socket error: econnrefused</c>, <c>Socket error: timeout</c>, …), unless the caller's own stream failed while it was sent or the
/// caller cancelled. Compiled from one source file into each of those packages.
/// </summary>
/// <param name="kind">The backend kind the failures carry.</param>
/// <param name="service">The service's name in messages and logs, e.g. <c>Drive</c>.</param>
/// <param name="http">The client of each request (one, or the factory's named client).</param>
/// <param name="tokens">The shared token provider.</param>
/// <param name="logger">The handler's log.</param>
internal sealed partial class OAuthRequestSender(string kind, string service, Func<HttpClient> http, IOAuthTokenProvider tokens, ILogger logger)
{
    /// <summary>The backend kind the failures carry.</summary>
    public string Kind => kind;

    /// <summary>The service's name in messages and logs.</summary>
    public string Service => service;

    /// <summary>The handler's log.</summary>
    public ILogger Logger => logger;

    /// <summary>A handler's client source from the one client it was given.</summary>
    public static Func<HttpClient> Always(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }

    /// <summary>A handler's client source for dependency injection: the factory's client named <paramref name="name"/>, per request.</summary>
    public static Func<HttpClient> Named(IHttpClientFactory factory, string name)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return () => factory.CreateClient(name);
    }

    /// <summary>A base address that relative routes can be resolved against: with its path's trailing slash.</summary>
    public static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>A token for <paramref name="oauthId"/>; a failure of any kind is Kazoo's <c>oauth_failure</c> (401).</summary>
    public async ValueTask<string> TokenAsync(string oauthId, CancellationToken cancellationToken)
    {
        try
        {
            var token = await tokens.GetAccessTokenAsync(oauthId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(token) ? throw new OAuthTokenException(oauthId, "The token provider gave no access token.") : token;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw OAuthFailure(oauthId, ex);
        }
    }

    /// <summary>Kazoo's <c>oauth_failure</c> (401) for <paramref name="oauthId"/>, logged with its cause.</summary>
    public AttachmentHandlerException OAuthFailure(string oauthId, Exception cause)
    {
        LogTokenFailed(logger, service, oauthId, cause.GetType().Name, (cause as OAuthTokenException)?.Error);
        return new AttachmentHandlerException(kind, 401, "oauth_failure", null, cause);
    }

    /// <summary>
    /// Builds and sends a request with a token for <paramref name="oauthId"/>, or none when it is null (a pre-authenticated
    /// URL); the response is returned whatever its status.
    /// </summary>
    /// <param name="oauthId">Whose token to send; null for none.</param>
    /// <param name="create">Makes the request (called once).</param>
    /// <param name="timeout">How long to wait for the answer's headers; <see cref="Timeout.InfiniteTimeSpan"/> leaves it to the client.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="throwIfSourceFailed">Rethrows the caller's stream's own failure, which is reported instead of the transport error it causes.</param>
    /// <param name="operation">What the log calls the request; its method by default.</param>
    public async Task<HttpResponseMessage> SendAsync(string? oauthId, Func<HttpRequestMessage> create, TimeSpan timeout, CancellationToken cancellationToken, Action? throwIfSourceFailed = null, string? operation = null)
    {
        var token = oauthId is null ? null : await TokenAsync(oauthId, cancellationToken).ConfigureAwait(false);
        return await SendWithTokenAsync(token, create, timeout, cancellationToken, throwIfSourceFailed, operation).ConfigureAwait(false);
    }

    /// <summary>As <see cref="SendAsync"/>, with a token the caller already has (or none).</summary>
    public async Task<HttpResponseMessage> SendWithTokenAsync(string? token, Func<HttpRequestMessage> create, TimeSpan timeout, CancellationToken cancellationToken, Action? throwIfSourceFailed = null, string? operation = null)
    {
        using var request = create();
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        try
        {
            return await http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The caller's stream failed while it was being sent: that, not the aborted request, is the failure.
            throwIfSourceFailed?.Invoke();
            if (ex is IOException)
            {
                throw;
            }

            // Otherwise the connection failed, or the time limit (or HttpClient.Timeout) ran out, not the caller's patience.
            var failure = AttachmentHandlerException.FromTransportFailure(kind, ex);
            LogTransportFailed(logger, service, operation ?? request.Method.Method, failure.Reason);
            throw failure;
        }
    }

    /// <summary>Throws Kazoo's <c>invalid</c> failure (<see cref="FailureAsync"/>) unless the response has the expected status.</summary>
    public async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A failed response as Kazoo reports it: the HTTP status, the body (JSON when it parses, after
    /// <paramref name="scrub"/>), and the <c>error.message</c> Google's APIs and Graph answer with as the reason (the
    /// status line when there is none).
    /// </summary>
    public async Task<AttachmentHandlerException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken, Func<JsonElement, JsonElement>? scrub = null)
    {
        var text = await AttachmentHandlerException.ReadBodyAsync(response, cancellationToken: cancellationToken).ConfigureAwait(false);
        JsonElement? body = text.Length == 0 ? null : AttachmentHandlerException.BodyFrom(text, response.Content.Headers.ContentType?.MediaType);
        if (body is { } read && scrub is not null)
        {
            body = scrub(read);
        }

        var code = (int)response.StatusCode;
        var reason = AttachmentHandlerException.ErrorMessageOf(body) ?? $"{code} {response.ReasonPhrase ?? response.StatusCode.ToString()}".TrimEnd();
        return new AttachmentHandlerException(kind, code, reason, body);
    }

    /// <summary>Reads a response's JSON body; JSON that does not parse is a 500 failure.</summary>
    public async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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
                throw new AttachmentHandlerException(kind, 500, service + " answered with JSON that does not parse", null, ex);
            }
        }
    }

    /// <summary>
    /// Opens a 200 response's body for the caller to stream, the stream owning the response; any other status is
    /// <see cref="FailureAsync"/>'s failure, and the response is disposed.
    /// </summary>
    public async Task<Stream> StreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
            return new HttpResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    [LoggerMessage(101, LogLevel.Warning, "Could not get a {Service} access token for OAuth id {OAuthId} ({ErrorType} {OAuthError}); reporting oauth_failure")]
    private static partial void LogTokenFailed(ILogger logger, string service, string oauthId, string errorType, string? oauthError);

    [LoggerMessage(102, LogLevel.Warning, "{Service} {Operation} request failed before an answer: {Error}")]
    private static partial void LogTransportFailed(ILogger logger, string service, string operation, string error);
}
