using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleDrive.Tests.Fakes;

/// <summary>
/// Google on loopback: the Drive v3 routes (<see cref="FakeDrive"/>) and an OAuth token endpoint (<see cref="FakeOAuth"/>)
/// on Kestrel, 127.0.0.1, a free port. One per test, so state never leaks between tests.
/// </summary>
public sealed class FakeGoogle : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGoogle(WebApplication app, FakeOAuth oauth, FakeDrive drive, Uri baseUri)
    {
        _app = app;
        OAuth = oauth;
        Drive = drive;
        BaseUri = baseUri;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint => new(BaseUri, "oauth2/token");

    public FakeOAuth OAuth { get; }

    public FakeDrive Drive { get; }

    /// <summary>Every protocol violation either fake saw.</summary>
    public IReadOnlyList<string> Violations => [.. OAuth.Violations, .. Drive.Violations];

    public static async Task<FakeGoogle> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var oauth = new FakeOAuth(clock);
        var drive = new FakeDrive(oauth);
        app.Run(context => context.Request.Path == "/oauth2/token" ? oauth.HandleAsync(context) : drive.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var baseUri = new Uri(address.TrimEnd('/') + "/");
        drive.BaseUri = baseUri;
        return new FakeGoogle(app, oauth, drive, baseUri);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
