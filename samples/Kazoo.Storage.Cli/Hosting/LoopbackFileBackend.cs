using System.Security.Cryptography;
using System.Text;
using Kazoo.Storage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kazoo.Storage.Cli.Hosting;

/// <summary>
/// The smallest HTTP attachment backend Kazoo's <c>http</c> handler can talk to, in-process on 127.0.0.1 and a free port:
/// PUT or POST stores the body under the request target (201), GET serves it (200, else 404), DELETE removes it (204, else
/// 404). Bodies are streamed to files in a private temporary folder, which is deleted when the backend stops.
/// </summary>
internal sealed class LoopbackFileBackend : LoopbackHost
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kazoo-storage-backend-").FullName;

    /// <summary>How many files it holds.</summary>
    public int FileCount => Directory.EnumerateFiles(_folder).Count();

    /// <summary>Starts a backend.</summary>
    public static async Task<LoopbackFileBackend> StartAsync(CancellationToken cancellationToken)
    {
        var backend = new LoopbackFileBackend();
        await backend.StartAsync(new LoopbackServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(2) }, cancellationToken).ConfigureAwait(false);
        return backend;
    }

    protected override void Release()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a request that was cut off; the system's temporary folder cleanup takes it.
        }
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        // The raw target, as sent: Kazoo's object names keep their %2F, which must not become folders here.
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var file = Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target))));
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
