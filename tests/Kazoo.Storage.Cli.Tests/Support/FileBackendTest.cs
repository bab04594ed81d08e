using Kazoo.Storage.Cli.Hosting;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>A test with its own loopback file backend (PUT, GET, DELETE) and a private folder for input files, both gone at the end.</summary>
public abstract class FileBackendTest : IAsyncLifetime
{
    private protected TempFiles Files { get; } = new();

    private protected LoopbackFileBackend Backend { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Backend = await LoopbackFileBackend.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
