using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// A backend refused or failed an attachment operation. Carries what Kazoo reports as the <c>invalid</c> error of its
/// settings probe (spec §3.3): the backend's HTTP status (<see cref="ErrorCode"/>), its response body
/// (<see cref="ErrorBody"/>) and the reason (<see cref="Reason"/>: S3's XML <c>&lt;Message&gt;</c>, Google's
/// <c>error.message</c>, an HTTP status line, or a word such as <c>oauth_failure</c>). Credentials never appear in the
/// message; the body is kept as the backend sent it and is not part of <see cref="Exception.Message"/>.
/// </summary>
public sealed class AttachmentHandlerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="handlerKind">The backend kind, e.g. <c>s3</c>.</param>
    /// <param name="errorCode">The backend's HTTP status; Kazoo's default is 500 (401 for <c>oauth_failure</c>).</param>
    /// <param name="reason">The reason, as Kazoo would word it; URL secrets in it are masked (<see cref="Serialization.SecretMask.MaskText"/>).</param>
    /// <param name="errorBody">The backend's response body: JSON when it parsed as JSON, otherwise a JSON string.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AttachmentHandlerException(string handlerKind, int errorCode, string reason, JsonElement? errorBody = null, Exception? innerException = null)
        : base($"The {handlerKind} backend failed ({errorCode}): {Serialization.SecretMask.MaskText(reason)}", innerException)
    {
        HandlerKind = handlerKind;
        ErrorCode = errorCode;
        Reason = Serialization.SecretMask.MaskText(reason);
        ErrorBody = errorBody;
    }

    /// <summary>The backend kind, e.g. <c>s3</c>.</summary>
    public string HandlerKind { get; }

    /// <summary>The backend's HTTP status (Kazoo's <c>error_code</c>).</summary>
    public int ErrorCode { get; }

    /// <summary>The reason (Kazoo's <c>message</c>).</summary>
    public string Reason { get; }

    /// <summary>The backend's response body (Kazoo's <c>error_body</c>), when there was one.</summary>
    public JsonElement? ErrorBody { get; }

    /// <summary>
    /// Makes a body for <see cref="ErrorBody"/> as Kazoo decodes it: JSON when the content type is JSON or missing and the
    /// text parses, otherwise the text as a JSON string.
    /// </summary>
    /// <param name="body">The response body.</param>
    /// <param name="contentType">The response's content type, if any.</param>
    public static JsonElement BodyFrom(string body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var mayBeJson = string.IsNullOrEmpty(contentType) || contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        if (mayBeJson && body.Length > 0)
        {
            try
            {
                using var parsed = JsonDocument.Parse(body);
                return parsed.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as text below.
            }
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(body);
        }

        using var text = JsonDocument.Parse(buffer.ToArray());
        return text.RootElement.Clone();
    }

    /// <summary>
    /// This failure as Crossbar reports it for an attachment entry: path <c>attachments.{id}</c>, code <c>invalid</c>,
    /// detail <c>{error_code, error_body, message}</c>.
    /// </summary>
    /// <param name="attachmentId">The entry's key in <c>attachments</c>.</param>
    public ValidationError ToValidationError(string attachmentId)
    {
        ArgumentNullException.ThrowIfNull(attachmentId);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("error_code", ErrorCode);
            writer.WritePropertyName("error_body");
            if (ErrorBody is { } body)
            {
                body.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(string.Empty);
            }

            writer.WriteString("message", Reason);
            writer.WriteEndObject();
        }

        using var detail = JsonDocument.Parse(buffer.ToArray());
        return new ValidationError("attachments." + attachmentId.Replace(".", "%2E", StringComparison.Ordinal), "invalid", detail.RootElement.Clone());
    }

    /// <summary>
    /// For handler authors: a request the backend never answered, worded the one way every handler words it: code 500 and
    /// <c>Socket error: </c> with the reason as Erlang names it, the way Kazoo's HTTP and S3 handlers report it:
    /// <c>econnrefused</c>, <c>nxdomain</c>, <c>etimedout</c>, <c>ehostunreach</c>, <c>enetunreach</c>, <c>econnreset</c>,
    /// <c>econnaborted</c>, <c>tls_alert (…)</c> with .NET's description of the TLS failure, or <c>timeout</c> when a time
    /// limit ran out (an <see cref="OperationCanceledException"/> or <see cref="TimeoutException"/>); any other failure of
    /// the connection by .NET's own message. It cannot tell a time limit from the caller's own cancellation: call it only
    /// when the caller's token is not cancelled, and let the caller's <see cref="OperationCanceledException"/> through.
    /// </summary>
    /// <param name="handlerKind">The backend kind, e.g. <c>dropbox</c>.</param>
    /// <param name="failure">What the HTTP client threw (looked through, inner exceptions included).</param>
    /// <param name="maskCredentials">For a handler whose client may quote its credentials in its texts (S3's key): masks them in the reason.</param>
    /// <param name="innerException">The inner exception to keep; <paramref name="failure"/> when null (such a handler passes a copy without credentials).</param>
    /// <returns>The exception to throw.</returns>
    public static AttachmentHandlerException FromTransportFailure(string handlerKind, Exception failure, Func<string, string>? maskCredentials = null, Exception? innerException = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = "Socket error: " + TransportReason(failure);
        return new AttachmentHandlerException(handlerKind, 500, maskCredentials is null ? reason : maskCredentials(reason), null, innerException ?? failure);
    }

    private static string TransportReason(Exception failure)
    {
        HttpRequestException? request = null;
        for (var current = failure; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case OperationCanceledException or TimeoutException:
                    return "timeout"; // a time limit, which may have cut a body short: the limit is the reason
                case SocketException socket when SocketReason(socket.SocketErrorCode) is { } reason:
                    return reason;
                case HttpRequestException http:
                    request ??= http;
                    break;
            }
        }

        return request?.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "nxdomain",
            // Kazoo names the alert ({tls_alert, "unknown ca"}); .NET puts its description in the innermost exception.
            HttpRequestError.SecureConnectionError => "tls_alert (" + Innermost(request).Message + ")",
            _ => (request ?? failure).Message,
        };
    }

    private static string? SocketReason(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "econnrefused",
        SocketError.TimedOut => "etimedout",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "nxdomain",
        SocketError.HostUnreachable => "ehostunreach",
        SocketError.NetworkUnreachable => "enetunreach",
        SocketError.ConnectionReset => "econnreset",
        SocketError.ConnectionAborted => "econnaborted",
        _ => null,
    };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    /// <summary>
    /// The <c>error.message</c> of a JSON error body, the shape Google's APIs and Microsoft Graph answer with
    /// (<c>{"error": {"code": …, "message": "…"}}</c>); null when the body has none.
    /// </summary>
    /// <param name="body">The error body, as <see cref="BodyFrom"/> gives it.</param>
    public static string? ErrorMessageOf(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } json
        && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
        && message.GetString() is { Length: > 0 } said
            ? said
            : null;

    /// <summary>
    /// Reads a failed response's body for an error: at most <paramref name="maxBytes"/> bytes as UTF-8, and an empty string
    /// when the connection drops while reading it (the status still says what failed).
    /// </summary>
    /// <param name="response">The failed response; its content is read, not disposed.</param>
    /// <param name="maxBytes">The most bytes to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, int maxBytes = 64 * 1024, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBodyAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Reads a body for an error without trusting its size: at most <paramref name="maxBytes"/> bytes as UTF-8.</summary>
    /// <param name="content">The response body stream.</param>
    /// <param name="maxBytes">The most bytes to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<string> ReadBodyAsync(Stream content, int maxBytes = 64 * 1024, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new byte[maxBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
