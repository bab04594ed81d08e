using Kazoo.Storage.Testing;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.Cli.Hosting;

/// <summary>
/// A server on 127.0.0.1 (<see cref="LoopbackServer"/>) with what it serves from (a client to forward with, a folder), which
/// is released when the server has stopped, or when it could not start.
/// </summary>
internal abstract class LoopbackHost : IAsyncDisposable
{
    private LoopbackServer? _server;

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:45123/</c>.</summary>
    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>Stops listening, then releases what it served from.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        Release();
    }

    /// <summary>Starts listening; when that fails, what it would have served from is released.</summary>
    protected async Task StartAsync(LoopbackServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            _server = await LoopbackServer.StartAsync(HandleAsync, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>Answers one request.</summary>
    protected abstract Task HandleAsync(HttpContext context);

    /// <summary>Releases what it serves from.</summary>
    protected abstract void Release();
}
