using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>
/// Turns Azure SDK failures into Kazoo's <c>invalid</c> shape (spec §3.3) the way Kazoo's <c>kz_att_azure</c> reports
/// them: an HTTP error gives its status, Azure's error code (<c>BlobNotFound</c>, <c>ContainerNotFound</c>,
/// <c>AuthorizationFailure</c>, …) as the reason and Azure's XML error document (with its <c>&lt;Message&gt;</c>) as
/// <c>error_body</c>; a connection that could not be made gives 500 <c>failed_to_connect</c>; anything else 500
/// <c>request_error</c>. The key is masked wherever it could appear.
/// </summary>
internal static class AzureErrors
{
    /// <summary>Kazoo's reason for a connection that could not be made.</summary>
    public const string FailedToConnect = "failed_to_connect";

    /// <summary>Kazoo's reason for any other failure that is not an HTTP answer.</summary>
    public const string RequestError = "request_error";

    /// <summary>
    /// Whether <paramref name="exception"/> is a backend failure to translate (not the caller's cancellation, and not a
    /// programming error such as a disposed handler).
    /// </summary>
    /// <param name="exception">What the Azure SDK threw.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static bool IsBackendFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not ObjectDisposedException and not ArgumentException
        && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>Translates a failure of one Azure call.</summary>
    /// <param name="exception">What the Azure SDK threw (a <see cref="RequestFailedException"/>, or an
    /// <see cref="AggregateException"/> of them when every retry failed).</param>
    /// <param name="credentials">The credentials used, to mask in anything reported.</param>
    public static AttachmentHandlerException Translate(Exception exception, AzureCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = Sanitized(exception, credentials);
        if (Answered(exception) is { } answered)
        {
            var response = answered.GetRawResponse();
            var code = answered.ErrorCode;
            if (string.IsNullOrEmpty(code) && response is not null && response.Headers.TryGetValue("x-ms-error-code", out var header))
            {
                code = header;
            }

            var reason = string.IsNullOrEmpty(code) ? StatusLine(answered.Status) : code;
            JsonElement? body = null;
            if (response?.Content is { } content && !content.ToMemory().IsEmpty)
            {
                response.Headers.TryGetValue("Content-Type", out var contentType);
                body = AttachmentHandlerException.BodyFrom(credentials.Mask(content.ToString()), contentType);
            }

            return new AttachmentHandlerException(AzureAttachmentHandler.HandlerKind, answered.Status, credentials.Mask(reason), body, inner);
        }

        var reasonWithoutAnswer = IsConnectFailure(exception) ? FailedToConnect : RequestError;
        return new AttachmentHandlerException(AzureAttachmentHandler.HandlerKind, 500, reasonWithoutAnswer, null, inner);
    }

    /// <summary>The HTTP status line Kazoo would fall back on, e.g. <c>404 NotFound</c>.</summary>
    /// <param name="status">The status code.</param>
    public static string StatusLine(int status)
    {
        var number = status.ToString(CultureInfo.InvariantCulture);
        return Enum.IsDefined(typeof(HttpStatusCode), status) ? number + " " + (HttpStatusCode)status : number;
    }

    /// <summary>The failure that carries the service's answer: the last one with an HTTP status, when there is one.</summary>
    private static RequestFailedException? Answered(Exception exception)
    {
        RequestFailedException? found = null;
        foreach (var failure in All(exception))
        {
            if (failure is RequestFailedException { Status: > 0 } answered)
            {
                found = answered;
            }
        }

        return found;
    }

    /// <summary>Whether every attempt failed before the server answered because no connection could be made.</summary>
    private static bool IsConnectFailure(Exception exception)
    {
        foreach (var failure in All(exception))
        {
            switch (failure)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }:
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The exception, its inner exceptions and the members of any aggregate, depth first.</summary>
    private static IEnumerable<Exception> All(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                for (var i = aggregate.InnerExceptions.Count - 1; i >= 0; i--)
                {
                    pending.Push(aggregate.InnerExceptions[i]);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>
    /// The SDK's exception as the inner exception, unless its text carries the key (it should not; if it ever does, a
    /// plain stand-in with the masked message is kept instead).
    /// </summary>
    private static Exception Sanitized(Exception exception, AzureCredentials credentials) =>
        credentials.AppearsIn(exception.ToString())
            ? new AzureCallException(exception.GetType().FullName + ": " + credentials.Mask(exception.Message))
            : exception;

    /// <summary>Stands in for an Azure SDK exception whose text held the key.</summary>
    private sealed class AzureCallException(string message) : Exception(message);
}
