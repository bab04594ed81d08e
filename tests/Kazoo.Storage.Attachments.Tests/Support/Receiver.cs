using System.Collections.Concurrent;
using System.Text;
using Kazoo.Storage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Kazoo.Storage.Attachments.Tests.Support;

/// <summary>One part of a <c>multipart/form-data</c> body as the receiver parsed it.</summary>
internal sealed record RecordedPart(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException("The part has no " + name + " header.");

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>One request as the receiver saw it: the raw request target (path and query, not decoded), headers and body.</summary>
internal sealed class RecordedRequest
{
    public required string Method { get; init; }

    /// <summary>The request target exactly as sent (<c>/base/acc%2Fx/doc?q=1</c>).</summary>
    public required string Target { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The body, when the receiver read it; null when it answered without reading.</summary>
    public byte[]? Body { get; set; }

    /// <summary>The parts of a multipart body, in order; null for other bodies.</summary>
    public IReadOnlyList<RecordedPart>? Parts { get; set; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A loopback HTTP server (a <see cref="LoopbackServer"/>) that records every request and, by default, behaves as a small
/// file store: PUT/POST keep the body under the request target (201), GET serves it (200, or 404 with a JSON body), DELETE
/// removes it (204/404). <see cref="Intercept"/> replaces that behaviour for the requests it claims.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly List<RecordedRequest> _requests = [];
    private LoopbackServer _server = null!;
    private int _inFlight;
    private int _maxInFlight;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The files PUT/POST stored, by request target.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs first for every request: return true when it answered. The record has method, target and headers; the body is
    /// read only if the interceptor calls <see cref="ReadBodyAsync"/>.
    /// </summary>
    public Func<HttpContext, RecordedRequest, Task<bool>>? Intercept { get; set; }

    /// <summary>Delays every answer (to see how many requests overlap).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The most requests that were in progress at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver();
        // A small fixed receive buffer so a slow reader really holds the sender back.
        var options = new LoopbackServerOptions { ReceiveBufferSize = 256 * 1024, ShutdownTimeout = TimeSpan.FromSeconds(2) };
        receiver._server = await LoopbackServer.StartAsync(receiver.HandleAsync, options);
        return receiver;
    }

    /// <summary>Reads and records the whole body, and parses it when it is multipart.</summary>
    public static async Task ReadBodyAsync(HttpContext context, RecordedRequest record)
    {
        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
        record.Body = copy.ToArray();
        var contentType = context.Request.ContentType;
        if (contentType is not null && contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            record.Parts = await ParseMultipartAsync(contentType, new MemoryStream(record.Body), context.RequestAborted);
        }
    }

    public static string Boundary(string contentType) =>
        HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(contentType).Boundary).Value
        ?? throw new InvalidOperationException("The multipart content type has no boundary.");

    private static async Task<IReadOnlyList<RecordedPart>> ParseMultipartAsync(string contentType, Stream body, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(Boundary(contentType), body);
        var parts = new List<RecordedPart>();
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content, cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in section.Headers ?? new Dictionary<string, StringValues>())
            {
                headers[name] = value.ToString();
            }

            parts.Add(new RecordedPart(headers, content.ToArray()));
        }

        return parts;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
        {
        }

        try
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in context.Request.Headers)
            {
                headers[name] = value.ToString();
            }

            var record = new RecordedRequest
            {
                Method = context.Request.Method,
                Target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                Headers = headers,
            };
            lock (_requests)
            {
                _requests.Add(record);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (Intercept is { } intercept && await intercept(context, record))
            {
                return;
            }

            await DefaultAsync(context, record);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task DefaultAsync(HttpContext context, RecordedRequest record)
    {
        switch (context.Request.Method)
        {
            case "PUT":
            case "POST":
                await ReadBodyAsync(context, record);
                Files[record.Target] = record.Body!;
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"ok":true}""");
                break;
            case "GET" when Files.TryGetValue(record.Target, out var file):
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(file);
                break;
            case "DELETE" when Files.TryRemove(record.Target, out _):
                context.Response.StatusCode = 204;
                break;
            default:
                context.Response.StatusCode = 404;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":"not_found"}""");
                break;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
