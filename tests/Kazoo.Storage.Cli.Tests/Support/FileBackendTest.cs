using Kazoo.Storage.Cli.Hosting;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>A test with its own loopback file backend (PUT, GET, DELETE), gone at the end.</summary>
public abstract class FileBackendTest : CliTest
{
    private protected LoopbackFileBackend Backend { get; private set; } = null!;

    public override async ValueTask InitializeAsync() => Backend = await LoopbackFileBackend.StartAsync(TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        await base.DisposeAsync();
    }
}
