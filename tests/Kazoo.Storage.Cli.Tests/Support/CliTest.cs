namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>A test with a private folder for its input files, deleted at the end; subclasses add the servers it talks to.</summary>
public abstract class CliTest : IAsyncLifetime
{
    private protected TempFiles Files { get; } = new();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
