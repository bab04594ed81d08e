using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kazoo.Storage.Cli.Hosting;

/// <summary>
/// The smallest HTTP attachment backend Kazoo's <c>http</c> handler can talk to, in-process on 127.0.0.1 and a free port:
/// PUT or POST stores the body under the request target (201), GET serves it (200, else 404), DELETE removes it (204, else
/// 404). Bodies are streamed to files in a private temporary folder, which is deleted when the backend stops.
/// </summary>
internal sealed class LoopbackFileBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private LoopbackFileBackend(WebApplication app, string folder, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:45123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How many files it holds.</summary>
    public int FileCount => Directory.EnumerateFiles(_folder).Count();

    /// <summary>Starts a backend.</summary>
    public static async Task<LoopbackFileBackend> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("kazoo-storage-backend-").FullName;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(context => HandleAsync(context, folder));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackFileBackend(app, folder, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops listening and deletes what was stored.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a request that was cut off; the system's temporary folder cleanup takes it.
        }
    }

    private static async Task HandleAsync(HttpContext context, string folder)
    {
        // The raw target, as sent: Kazoo's object names keep their %2F, which must not become folders here.
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var file = Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target))));
        var aborted = context.RequestAborted;
        switch (context.Request.Method)
        {
            case "PUT" or "POST":
            {
                var partial = file + ".partial";
                var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (output.ConfigureAwait(false))
                {
                    await context.Request.Body.CopyToAsync(output, aborted).ConfigureAwait(false);
                }

                File.Move(partial, file, overwrite: true);
                context.Response.StatusCode = StatusCodes.Status201Created;
                break;
            }

            case "GET" when File.Exists(file):
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/octet-stream";
                context.Response.ContentLength = new FileInfo(file).Length;
                await context.Response.SendFileAsync(file, aborted).ConfigureAwait(false);
                break;
            case "DELETE" when File.Exists(file):
                File.Delete(file);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }
}
