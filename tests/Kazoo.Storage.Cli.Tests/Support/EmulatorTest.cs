namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>A test with its own Crossbar emulator, gone at the end.</summary>
public abstract class EmulatorTest : CliTest
{
    private protected CrossbarEmulator Emulator { get; private set; } = null!;

    public override async ValueTask InitializeAsync() =>
        Emulator = await CrossbarEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary><paramref name="args"/>, then the options that reach the emulator as <paramref name="account"/>, with its API key.</summary>
    private protected string[] Connect(EmulatedAccount account, params string[] args) =>
        [.. args, "--server", Emulator.BaseAddress.ToString(), "--api-key", account.ApiKey, "--account", account.Id];
}
