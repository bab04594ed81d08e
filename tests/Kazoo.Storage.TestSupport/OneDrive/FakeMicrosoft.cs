using Kazoo.Storage.Testing;

namespace Kazoo.Storage.TestSupport.OneDrive;

/// <summary>
/// Microsoft on loopback: the Graph host (Graph's routes and the identity platform's token endpoint) and a second host for
/// what Graph hands out as pre-authenticated URLs (upload sessions, downloads), as the real ones live on other hosts. One per
/// test, so no state leaks between tests.
/// </summary>
public sealed class FakeMicrosoft : IAsyncDisposable
{
    private readonly LoopbackServer _graphServer;
    private readonly LoopbackServer _contentServer;

    private FakeMicrosoft(LoopbackServer graphServer, LoopbackServer contentServer, FakeIdentity identity, FakeGraph graph)
    {
        _graphServer = graphServer;
        _contentServer = contentServer;
        Identity = identity;
        Graph = graph;
    }

    /// <summary>Graph's base address as the handler's options take it: <c>http://127.0.0.1:PORT/v1.0/</c>.</summary>
    public Uri GraphBaseUri => new(_graphServer.BaseAddress, "v1.0/");

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint => new(_graphServer.BaseAddress, FakeIdentity.Path.TrimStart('/'));

    public FakeIdentity Identity { get; }

    public FakeGraph Graph { get; }

    /// <summary>Every protocol violation either fake saw.</summary>
    public IReadOnlyList<string> Violations => [.. Identity.Violations, .. Graph.Violations];

    /// <summary>Starts both hosts on free ports.</summary>
    /// <param name="clock">The clock access tokens expire on.</param>
    public static async Task<FakeMicrosoft> StartAsync(TimeProvider clock)
    {
        var identity = new FakeIdentity(clock);
        var graph = new FakeGraph(identity);
        var graphServer = await LoopbackServer.StartAsync(context =>
            context.Request.Path == FakeIdentity.Path ? identity.HandleAsync(context) : graph.HandleGraphAsync(context));
        var contentServer = await LoopbackServer.StartAsync(graph.HandleContentAsync);
        graph.GraphBase = graphServer.BaseAddress;
        graph.ContentBase = contentServer.BaseAddress;
        return new FakeMicrosoft(graphServer, contentServer, identity, graph);
    }

    public async ValueTask DisposeAsync()
    {
        await _contentServer.DisposeAsync();
        await _graphServer.DisposeAsync();
    }
}
