using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Attachments.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.AspNetCore.Http;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>Redirects (301/302, at most 10, loops) and failures in Kazoo's <c>invalid</c> shape (spec §7.5, §3.3).</summary>
public sealed class HttpRedirectAndErrorTests : IAsyncLifetime
{
    private static readonly byte[] Audio = Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray();
    private Receiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await Receiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    /// <summary>Answers requests whose path starts with <c>/hop{n}/</c> with a redirect to the next hop, without reading the body.</summary>
    private void RedirectChain(int hops, Func<int, int>? status = null, bool readBody = false, Func<int, string>? next = null) =>
        _receiver.Intercept = async (context, record) =>
        {
            var path = context.Request.Path.Value!;
            if (!path.StartsWith("/hop", StringComparison.Ordinal))
            {
                return false;
            }

            var n = int.Parse(path[4..path.IndexOf('/', 1)], System.Globalization.CultureInfo.InvariantCulture);
            if (readBody)
            {
                await Receiver.ReadBodyAsync(context, record);
            }

            context.Response.StatusCode = status?.Invoke(n) ?? (n % 2 == 0 ? 301 : 302);
            var rest = path[path.IndexOf('/', 1)..];
            context.Response.Headers.Location = next?.Invoke(n) ?? (n + 1 < hops ? "/hop" + (n + 1) + rest : "/final" + rest);
            return true;
        };

    [Fact]
    public async Task Redirects_301_and_302_are_followed_with_the_same_verb_and_body_and_the_final_url_is_stored()
    {
        RedirectChain(2);
        var backend = HttpBackend(_receiver.Url("hop0").ToString(), new JsonObject { ["verb"] = "post" });

        var stored = await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var requests = _receiver.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        Assert.StartsWith("/hop0/", requests[0].Target);
        Assert.StartsWith("/hop1/", requests[1].Target);
        Assert.StartsWith("/final/", requests[2].Target);
        Assert.Equal(Audio, requests[2].Body);
        Assert.Equal(_receiver.Url(requests[2].Target.TrimStart('/')).AbsoluteUri, stored.BackendId);
    }

    [Fact]
    public async Task A_seekable_body_already_sent_before_the_redirect_is_rewound_and_sent_again()
    {
        RedirectChain(1, readBody: true);
        var backend = HttpBackend(_receiver.Url("hop0").ToString());

        await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var requests = _receiver.Requests;
        Assert.Equal(Audio, requests[0].Body);
        Assert.Equal(Audio, requests[1].Body);
    }

    [Fact]
    public async Task An_unseekable_body_waits_for_100_continue_so_a_redirect_before_reading_it_can_still_send_it()
    {
        RedirectChain(3);
        var backend = HttpBackend(_receiver.Url("hop0").ToString());

        await Handler().PutAsync(backend, Voicemail(), ForwardOnlyStream.Of(Audio), "audio/mpeg", Cancel);

        var requests = _receiver.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal("100-continue", r.Header("Expect")));
        Assert.Equal(Audio, requests[3].Body);
    }

    [Fact]
    public async Task An_unseekable_body_the_redirecting_server_already_read_cannot_be_sent_again()
    {
        RedirectChain(1, readBody: true);
        var backend = HttpBackend(_receiver.Url("hop0").ToString());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(backend, Voicemail(), ForwardOnlyStream.Of(Audio), "audio/mpeg", Cancel));

        Assert.Equal(301, failure.ErrorCode);
        Assert.Contains("cannot be sent again", failure.Reason, StringComparison.Ordinal);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Ten_redirects_are_followed_and_the_eleventh_is_refused()
    {
        RedirectChain(10);
        var ten = await Handler().PutAsync(HttpBackend(_receiver.Url("hop0").ToString()), Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);
        Assert.Contains("/final/", ten.BackendId, StringComparison.Ordinal);
        Assert.Equal(11, _receiver.Requests.Count);

        RedirectChain(11);
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(HttpBackend(_receiver.Url("hop0").ToString()), Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));
        Assert.Equal("too many redirects", failure.Reason);
        var second = _receiver.Requests.Skip(11).ToArray();
        Assert.Equal(11, second.Length);
        Assert.All(second, r => Assert.StartsWith("/hop", r.Target, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_loop_is_detected()
    {
        // hop0 → hop1 → hop2 → hop0 …
        RedirectChain(3, next: n => "/hop" + ((n + 1) % 3) + "/x");
        var backend = HttpBackend(_receiver.Url("hop0").ToString(), new JsonObject
        {
            ["field_list"] = new JsonArray(new JsonObject { ["const"] = "x" }),
        });

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal("redirect loop detected", failure.Reason);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Equal(301, failure.ErrorCode);
    }

    [Fact]
    public async Task A_relative_location_is_resolved_against_the_current_url()
    {
        RedirectChain(1, next: _ => "../../elsewhere/here");
        var backend = HttpBackend(_receiver.Url("hop0").ToString(), new JsonObject { ["field_list"] = new JsonArray(new JsonObject { ["const"] = "a/b" }) });

        var stored = await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        Assert.Equal("/elsewhere/here", _receiver.Requests[1].Target);
        Assert.Equal(_receiver.Url("elsewhere/here").AbsoluteUri, stored.BackendId);
    }

    [Fact]
    public async Task Other_redirect_codes_are_not_followed()
    {
        RedirectChain(1, status: _ => 307);
        var backend = HttpBackend(_receiver.Url("hop0").ToString());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal(307, failure.ErrorCode);
        Assert.Equal("307 Temporary Redirect", failure.Reason);
        Assert.Single(_receiver.Requests);
    }

    private void Answer(int status, string? contentType, string body) =>
        _receiver.Intercept = async (context, record) =>
        {
            await Receiver.ReadBodyAsync(context, record);
            context.Response.StatusCode = status;
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            await context.Response.WriteAsync(body);
            return true;
        };

    [Fact]
    public async Task A_non_2xx_answer_gives_the_invalid_error_with_the_json_body_and_the_status_line()
    {
        Answer(403, "application/json", """{"error":"forbidden","detail":{"why":"no quota"}}""");
        var backend = HttpBackend(_receiver.Url("in").ToString());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal("http", failure.HandlerKind);
        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal("403 Forbidden", failure.Reason);
        var error = failure.ToValidationError("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b");
        Assert.Equal("attachments.0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b", error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(
            """{"error_code":403,"error_body":{"error":"forbidden","detail":{"why":"no quota"}},"message":"403 Forbidden"}""",
            error.Detail.GetRawText());
    }

    [Fact]
    public async Task A_body_without_content_type_is_decoded_when_it_is_json()
    {
        Answer(500, null, """{"oops":1}""");
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(HttpBackend(_receiver.Url("in").ToString()), Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal(JsonValueKind.Object, failure.ErrorBody!.Value.ValueKind);
        Assert.Equal(1, failure.ErrorBody.Value.GetProperty("oops").GetInt32());
        Assert.Equal("500 Internal Server Error", failure.Reason);
    }

    [Fact]
    public async Task A_text_body_is_kept_as_a_string()
    {
        Answer(507, "text/plain", """{"looks":"like json"}""");
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(HttpBackend(_receiver.Url("in").ToString()), Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal(JsonValueKind.String, failure.ErrorBody!.Value.ValueKind);
        Assert.Equal("""{"looks":"like json"}""", failure.ErrorBody.Value.GetString());
        Assert.Equal(507, failure.ErrorCode);
        Assert.Equal("507 Insufficient Storage", failure.Reason);
    }

    [Fact]
    public async Task A_refused_connection_is_a_socket_error_with_code_500()
    {
        var backend = HttpBackend(Loopback.ClosedUrl("store").ToString());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Socket error: econnrefused", failure.Reason);
        Assert.IsType<HttpRequestException>(failure.InnerException);
        var detail = failure.ToValidationError("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b").Detail;
        Assert.Equal("""{"error_code":500,"error_body":"","message":"Socket error: econnrefused"}""", detail.GetRawText());
    }

    [Fact]
    public async Task A_refused_certificate_is_a_tls_alert_that_says_why()
    {
        await using var server = UntrustedTlsServer.Start();
        var backend = HttpBackend(new Uri(server.Url, "store").ToString());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.StartsWith("Socket error: tls_alert (The remote certificate is invalid", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_a_socket_timeout()
    {
        _receiver.Intercept = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            return false;
        };
        var handler = Handler(new HttpAttachmentHandlerOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            handler.PutAsync(HttpBackend(_receiver.Url("in").ToString()), Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));

        Assert.Equal("Socket error: timeout", failure.Reason);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_backend_failure()
    {
        _receiver.Intercept = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            return false;
        };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        cancel.CancelAfter(200);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Handler().PutAsync(HttpBackend(_receiver.Url("in").ToString()), Voicemail(), new MemoryStream(Audio), "audio/mpeg", cancel.Token));
    }

    [Fact]
    public async Task A_failing_content_stream_surfaces_its_own_exception()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString());

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Handler().PutAsync(backend, Voicemail(), new FailingStream(), "audio/mpeg", Cancel));

        Assert.Equal("the source broke", failure.Message);
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidDataException("the source broke");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
