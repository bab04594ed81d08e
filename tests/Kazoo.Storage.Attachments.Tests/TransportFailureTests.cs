using System.Net.Http;
using System.Security.Authentication;
using System.Net.Sockets;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>
/// <see cref="AttachmentHandlerException.FromTransportFailure"/>: the one wording of a request that got no answer, as
/// Kazoo's HTTP and S3 handlers report it, whatever the handler and however .NET wraps the cause.
/// </summary>
public sealed class TransportFailureTests
{
    public static TheoryData<SocketError, string> SocketErrors => new()
    {
        { SocketError.ConnectionRefused, "econnrefused" },
        { SocketError.TimedOut, "etimedout" },
        { SocketError.HostNotFound, "nxdomain" },
        { SocketError.TryAgain, "nxdomain" },
        { SocketError.HostUnreachable, "ehostunreach" },
        { SocketError.NetworkUnreachable, "enetunreach" },
        { SocketError.ConnectionReset, "econnreset" },
        { SocketError.ConnectionAborted, "econnaborted" },
    };

    [Theory]
    [MemberData(nameof(SocketErrors))]
    public void A_socket_failure_under_the_client_exception_is_named_as_Erlang_names_it(SocketError error, string reason)
    {
        var failure = new HttpRequestException(HttpRequestError.ConnectionError, "Connection failed (127.0.0.1:1)", new SocketException((int)error));

        var exception = AttachmentHandlerException.FromTransportFailure("dropbox", failure);

        Assert.Equal(("dropbox", 500, "Socket error: " + reason), (exception.HandlerKind, exception.ErrorCode, exception.Reason));
        Assert.Null(exception.ErrorBody);
        Assert.Same(failure, exception.InnerException);
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_nxdomain_even_without_a_socket_exception()
    {
        var failure = new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known. (nowhere.invalid:443)");

        Assert.Equal("Socket error: nxdomain", AttachmentHandlerException.FromTransportFailure("http", failure).Reason);
    }

    [Fact]
    public void A_TLS_failure_is_a_tls_alert_with_the_description_of_the_innermost_cause()
    {
        var failure = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));

        Assert.Equal(
            "Socket error: tls_alert (The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot)",
            AttachmentHandlerException.FromTransportFailure("google_storage", failure).Reason);
    }

    [Fact]
    public void A_time_limit_is_a_timeout_even_when_it_cut_a_body_short()
    {
        // HttpClient.Timeout: a TaskCanceledException over a TimeoutException; a linked time limit: the cancellation over
        // the copy of the body it interrupted.
        var clientTimeout = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException());
        var cutShort = new TaskCanceledException("A task was canceled.", new HttpRequestException("Error while copying content to a stream.", new IOException()));

        Assert.Equal("Socket error: timeout", AttachmentHandlerException.FromTransportFailure("onedrive", clientTimeout).Reason);
        Assert.Equal("Socket error: timeout", AttachmentHandlerException.FromTransportFailure("onedrive", cutShort).Reason);
        Assert.Equal("Socket error: timeout", AttachmentHandlerException.FromTransportFailure("s3", new InvalidOperationException("wrapped", new TimeoutException())).Reason);
    }

    [Fact]
    public void Another_failure_of_the_connection_keeps_the_client_message_masked_and_the_inner_exception_given()
    {
        var failure = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely for key AKIAEXAMPLE.");
        var sanitized = new InvalidOperationException("a copy without credentials");

        var exception = AttachmentHandlerException.FromTransportFailure("s3", failure, text => text.Replace("AKIAEXAMPLE", "***", StringComparison.Ordinal), sanitized);

        Assert.Equal("Socket error: The response ended prematurely for key ***.", exception.Reason);
        Assert.DoesNotContain("AKIAEXAMPLE", exception.Message, StringComparison.Ordinal);
        Assert.Same(sanitized, exception.InnerException);
    }
}
