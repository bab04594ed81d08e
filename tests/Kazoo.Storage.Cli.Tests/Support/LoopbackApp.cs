using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>The tests' small HTTP servers: Kestrel on 127.0.0.1 and a free port, one handler for every request.</summary>
internal static class LoopbackApp
{
    /// <summary>Starts a server that answers every request with <paramref name="handle"/>.</summary>
    /// <returns>The running app (stop and dispose it when done) and its base address, with a trailing slash.</returns>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
