using Kazoo.Storage.Testing;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.TestSupport.GoogleStorage;

/// <summary>
/// Google on loopback for one test: the shared fake OAuth token endpoint (<see cref="FakeGoogle"/>'s) and the Cloud Storage
/// JSON API (<see cref="FakeCloudStorage"/>, which accepts exactly the access tokens that endpoint issued and has not
/// seen expire) on its own <see cref="LoopbackServer"/>.
/// </summary>
public sealed class FakeGoogleCloud : IAsyncDisposable
{
    private readonly FakeGoogle _google;
    private readonly LoopbackServer _storageServer;

    private FakeGoogleCloud(FakeGoogle google, LoopbackServer storageServer, FakeCloudStorage storage)
    {
        _google = google;
        _storageServer = storageServer;
        Storage = storage;
    }

    /// <summary>The Cloud Storage JSON API's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri StorageUri => _storageServer.BaseAddress;

    /// <summary>The OAuth token endpoint.</summary>
    public Uri TokenEndpoint => _google.TokenEndpoint;

    public FakeOAuth OAuth => _google.OAuth;

    public FakeCloudStorage Storage { get; }

    /// <summary>Every protocol violation either fake saw.</summary>
    public IReadOnlyList<string> Violations => [.. _google.Violations, .. Storage.Violations];

    /// <summary>Starts both on free ports.</summary>
    /// <param name="clock">The clock access tokens expire on.</param>
    public static async Task<FakeGoogleCloud> StartAsync(TimeProvider clock)
    {
        var google = await FakeGoogle.StartAsync(clock);
        var storage = new FakeCloudStorage(google.OAuth.IsValid);
        var server = await LoopbackServer.StartAsync(storage.HandleAsync);
        storage.BaseUri = server.BaseAddress;
        return new FakeGoogleCloud(google, server, storage);
    }

    public async ValueTask DisposeAsync()
    {
        await _storageServer.DisposeAsync();
        await _google.DisposeAsync();
    }
}
