using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kazoo.Storage.Testing;

/// <summary>
/// A small HTTP server for tests: Kestrel on 127.0.0.1, one handler for every request, no limit on request bodies (the
/// handler decides), and nothing read from configuration or the environment and nothing logged. The Crossbar emulator runs
/// on it; use it for an attachment backend or any other stand-in a test needs.
/// </summary>
/// <example>
/// <code>
/// await using var backend = await LoopbackServer.StartAsync(context =>
/// {
///     context.Response.StatusCode = 201;
///     return Task.CompletedTask;
/// });
/// // PUT anything under backend.BaseAddress: 201.
/// </code>
/// </example>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a server on a free port that answers every request with <paramref name="handler"/>.</summary>
    /// <param name="handler">Answers every request.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static Task<LoopbackServer> StartAsync(RequestDelegate handler, CancellationToken cancellationToken = default) =>
        StartAsync(handler, new LoopbackServerOptions(), cancellationToken);

    /// <summary>Starts a server that answers every request with <paramref name="handler"/>.</summary>
    /// <param name="handler">Answers every request.</param>
    /// <param name="options">The port, the shutdown timeout and the socket's receive buffer.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="IOException">The port asked for is taken.</exception>
    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler, LoopbackServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        if (options.ReceiveBufferSize is { } receiveBufferSize)
        {
            // A fixed receive buffer (no autotuning): a handler that reads slowly really holds the sender back.
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = receiveBufferSize };
                socket.Bind(endpoint);
                return socket;
            });
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops the server (requests in flight get <see cref="LoopbackServerOptions.ShutdownTimeout"/> to finish) and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>How a <see cref="LoopbackServer"/> listens.</summary>
public sealed record LoopbackServerOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) for a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long requests in flight may run on once the server is stopped; 5 seconds by default.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A fixed receive buffer for each connection, in bytes, so that a handler that reads slowly holds the sender back (to
    /// test how much a client buffers); null (the default) leaves the operating system's autotuning on.
    /// </summary>
    public int? ReceiveBufferSize { get; init; }
}
