using System.Net;
using System.Text.Json;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>The error-body helpers every HTTP-speaking handler reads a failed response with.</summary>
public sealed class ErrorBodyTests
{
    private sealed class FailingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new IOException("The connection dropped.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("The connection dropped.");
    }

    [Fact]
    public async Task A_response_body_is_read_up_to_the_limit_as_utf8()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("é" + new string('x', 100)) };

        var text = await AttachmentHandlerException.ReadBodyAsync(response, maxBytes: 10, TestContext.Current.CancellationToken);

        Assert.Equal("é" + new string('x', 8), text);
    }

    [Fact]
    public async Task A_body_whose_connection_drops_reads_as_empty()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StreamContent(new FailingStream()) };

        var text = await AttachmentHandlerException.ReadBodyAsync(response, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("", text);
    }

    [Theory]
    [InlineData("""{"error": {"code": 404, "message": "No such object: b/o"}}""", "No such object: b/o")]
    [InlineData("""{"error": {"code": "itemNotFound", "message": ""}}""", null)]
    [InlineData("""{"error": "invalid_grant"}""", null)]
    [InlineData("""{"error_summary": "path/not_found/"}""", null)]
    [InlineData("""["error"]""", null)]
    public void The_error_message_of_a_json_body(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, AttachmentHandlerException.ErrorMessageOf(document.RootElement));
        Assert.Null(AttachmentHandlerException.ErrorMessageOf(null));
    }
}
