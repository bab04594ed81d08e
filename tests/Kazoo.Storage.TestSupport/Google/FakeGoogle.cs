using Kazoo.Storage.Testing;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// Google on loopback: the Drive v3 routes (<see cref="FakeDrive"/>) and an OAuth token endpoint (<see cref="FakeOAuth"/>)
/// on one <see cref="LoopbackServer"/>. One per test, so state never leaks between tests.
/// </summary>
public sealed class FakeGoogle : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private FakeGoogle(LoopbackServer server, FakeOAuth oauth, FakeDrive drive)
    {
        _server = server;
        OAuth = oauth;
        Drive = drive;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri => _server.BaseAddress;

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint => new(BaseUri, "oauth2/token");

    public FakeOAuth OAuth { get; }

    public FakeDrive Drive { get; }

    /// <summary>Every protocol violation either fake saw.</summary>
    public IReadOnlyList<string> Violations => [.. OAuth.Violations, .. Drive.Violations];

    /// <summary>Starts Google on a free port.</summary>
    /// <param name="clock">The clock access tokens expire on.</param>
    public static async Task<FakeGoogle> StartAsync(TimeProvider clock)
    {
        var oauth = new FakeOAuth(clock);
        var drive = new FakeDrive(oauth);
        var server = await LoopbackServer.StartAsync(context => context.Request.Path == "/oauth2/token" ? oauth.HandleAsync(context) : drive.HandleAsync(context));
        drive.BaseUri = server.BaseAddress;
        return new FakeGoogle(server, oauth, drive);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
