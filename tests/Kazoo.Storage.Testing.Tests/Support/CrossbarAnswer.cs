using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Kazoo.Storage.Testing.Tests.Support;

/// <summary>One answer from the emulator: status, headers and the parsed envelope.</summary>
internal sealed class CrossbarAnswer(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, JsonElement envelope)
{
    public HttpStatusCode Status { get; } = status;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;

    /// <summary>The parsed body; an empty object when there was none.</summary>
    public JsonElement Envelope { get; } = envelope;

    public JsonElement Data => Envelope.GetProperty("data");

    /// <summary>The envelope's <c>message</c>.</summary>
    public string? Message => Envelope.TryGetProperty("message", out var message) ? message.GetString() : null;

    public string? Revision => Envelope.TryGetProperty("revision", out var revision) ? revision.GetString() : null;

    /// <summary>The detail object Crossbar reports under a path and a code in a 400's <c>data</c>.</summary>
    public JsonElement Error(string path, string code) => Data.GetProperty(path).GetProperty(code);

    public override string ToString() => (int)Status + " " + Envelope.GetRawText();
}
