using System.Net;
using System.Net.Sockets;
using System.Xml;
using Amazon.Runtime;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// Turns AWS SDK failures into Kazoo's <c>invalid</c> shape (spec §3.3, §7.3): an HTTP error gives its status, the XML
/// <c>&lt;Message&gt;</c> as the reason and the XML body as <c>error_body</c>; a socket failure gives 500 and
/// "Socket error: …"; anything else 500 and "Unknown Error". The access key id and the secret are masked wherever they
/// would appear.
/// </summary>
internal static class S3Errors
{
    /// <summary>Kazoo's reason for a failure that is neither an HTTP answer nor a socket error.</summary>
    public const string UnknownError = "Unknown Error";

    /// <summary>
    /// Whether <paramref name="exception"/> is a backend failure to translate (not the caller's cancellation, and not a
    /// programming error such as a disposed handler).
    /// </summary>
    /// <param name="exception">What the AWS SDK threw.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static bool IsBackendFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not ObjectDisposedException and not ArgumentException
        && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>Translates a failure of one S3 call.</summary>
    /// <param name="exception">What the AWS SDK threw.</param>
    /// <param name="record">The call's recorded HTTP answer, if any.</param>
    /// <param name="credentials">The credentials used, to mask in anything reported.</param>
    public static AttachmentHandlerException Translate(Exception exception, S3ResponseRecord? record, S3Credentials credentials)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AmazonServiceException service && service.StatusCode != 0)
        {
            var status = (int)service.StatusCode;
            var body = record?.ErrorBody;
            var reason = XmlMember(body, "Message");
            if (string.IsNullOrEmpty(reason))
            {
                // Kazoo reports S3's <Message>; servers such as radosgw send it empty. The error code says more than nothing.
                reason = !string.IsNullOrEmpty(service.ErrorCode) ? service.ErrorCode
                    : XmlMember(body, "Code") is { Length: > 0 } code ? code
                    : StatusLine(status);
            }

            reason = credentials.Mask(reason);
            var errorBody = body is null
                ? (System.Text.Json.JsonElement?)null
                : AttachmentHandlerException.BodyFrom(credentials.Mask(body), record?.ErrorContentType);
            return new AttachmentHandlerException(S3AttachmentHandler.HandlerKind, status, reason, errorBody, Sanitized(exception, credentials));
        }

        if (Find<SocketException>(exception) is not null
            || exception is TimeoutException or OperationCanceledException || Find<TimeoutException>(exception) is not null
            || Find<HttpRequestException>(exception) is { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded })
        {
            // No answer: erlcloud reports {socket_error, Reason} (a request timeout, the caller's own cancellation never
            // gets here, is {socket_error, timeout}).
            // The AWS SDK's texts may quote the key: the reason is masked as every other S3 text is.
            return AttachmentHandlerException.FromTransportFailure(S3AttachmentHandler.HandlerKind, exception, credentials.Mask, Sanitized(exception, credentials));
        }

        return new AttachmentHandlerException(S3AttachmentHandler.HandlerKind, 500, UnknownError, null, Sanitized(exception, credentials));
    }

    /// <summary>The text of the first <paramref name="name"/> element under the XML root, or null.</summary>
    /// <param name="xml">An S3 XML document, or null.</param>
    /// <param name="name">The element name, e.g. <c>Message</c>.</param>
    public static string? XmlMember(string? xml, string name)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                return null;
            }

            var depth = reader.Depth;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName == name)
                {
                    return reader.ReadElementContentAsString();
                }
            }
        }
        catch (XmlException)
        {
            // Not XML: no member.
        }

        return null;
    }

    private static string StatusLine(int status)
    {
        var text = Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : string.Empty;
        return text.Length == 0 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : status.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + text;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>
    /// The SDK's exception as the inner exception, unless its messages carry a credential (they should not; if one ever
    /// does, a plain stand-in with the masked message chain is kept instead).
    /// </summary>
    private static Exception Sanitized(Exception exception, S3Credentials credentials)
    {
        var text = exception.ToString();
        if (!credentials.AppearsIn(text))
        {
            return exception;
        }

        return new S3CallException(exception.GetType().FullName + ": " + credentials.Mask(exception.Message));
    }

    /// <summary>Stands in for an AWS SDK exception whose text held a credential.</summary>
    private sealed class S3CallException(string message) : Exception(message);
}

/// <summary>An access key id and secret, kept out of every key, message and <see cref="object.ToString"/>.</summary>
internal sealed class S3Credentials
{
    private readonly string _accessKey;
    private readonly string _secret;

    public S3Credentials(string accessKey, string secret)
    {
        _accessKey = accessKey;
        _secret = secret;
    }

    /// <summary>The AWS SDK credentials.</summary>
    public AWSCredentials ToAws() => new BasicAWSCredentials(_accessKey, _secret);

    /// <summary>Feeds both values to a keyed hash (for the client cache key).</summary>
    /// <param name="write">Receives each value in turn.</param>
    public void WriteTo(Action<string> write)
    {
        write(_accessKey);
        write(_secret);
    }

    /// <summary>Whether either value appears in <paramref name="text"/>.</summary>
    /// <param name="text">Any text.</param>
    public bool AppearsIn(string? text) =>
        !string.IsNullOrEmpty(text)
        && ((_secret.Length > 0 && text.Contains(_secret, StringComparison.Ordinal))
            || (_accessKey.Length > 0 && text.Contains(_accessKey, StringComparison.Ordinal)));

    /// <summary>
    /// <paramref name="text"/> with the secret and the access key id replaced by <c>***</c>, and URL secrets (a signed
    /// request's <c>X-Amz-Signature</c>, a host's password) masked by <see cref="SecretMask.MaskText"/>.
    /// </summary>
    /// <param name="text">Any text.</param>
    public string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = SecretMask.MaskText(text);

        if (_secret.Length > 0)
        {
            text = text.Replace(_secret, SecretMask.Masked, StringComparison.Ordinal);
        }

        if (_accessKey.Length > 0)
        {
            text = text.Replace(_accessKey, SecretMask.Masked, StringComparison.Ordinal);
        }

        return text;
    }

    /// <inheritdoc/>
    public override string ToString() => "S3Credentials { Key = ***, Secret = *** }";
}
