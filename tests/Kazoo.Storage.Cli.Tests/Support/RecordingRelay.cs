using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>
/// A relay on loopback in front of a server (the Crossbar emulator) that passes every request and answer through unchanged
/// and keeps the request bodies, so a test can see the bytes a client really sent.
/// </summary>
internal sealed class RecordingRelay : IAsyncDisposable
{
    private readonly HttpClient _target;
    private LoopbackServer? _server;

    private RecordingRelay(Uri target) => _target = new HttpClient { BaseAddress = target };

    /// <summary>Where to send requests instead of the server.</summary>
    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>Every request that carried a body: its method, path and bytes, in arrival order.</summary>
    public ConcurrentQueue<(string Method, string Path, byte[] Body)> Bodies { get; } = new();

    public static async Task<RecordingRelay> StartAsync(Uri target)
    {
        var relay = new RecordingRelay(target);
        relay._server = await LoopbackServer.StartAsync(relay.RelayAsync);
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _target.Dispose();
    }

    private async Task RelayAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.Value!.TrimStart('/') + request.QueryString);
        if (body.Length > 0)
        {
            Bodies.Enqueue((request.Method, request.Path.Value!, body.ToArray()));
            forward.Content = new ByteArrayContent(body.ToArray());
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || name == "Accept")
            {
                forward.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _target.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
