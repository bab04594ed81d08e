using System.Net;
using System.Net.Sockets;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>Starting, addressing and stopping emulators; the directory of accounts and users.</summary>
public sealed class EmulatorLifetimeTests
{
    [Fact]
    public async Task An_emulator_listens_on_loopback_on_a_free_port()
    {
        await using var emulator = await CrossbarEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
        Assert.NotEqual(0, emulator.BaseAddress.Port);
        Assert.EndsWith("/", emulator.BaseAddress.AbsoluteUri);
        Assert.Matches("^[0-9a-f]{32}$", emulator.MasterAccountId);
        Assert.Matches("^[0-9a-f]{64}$", emulator.MasterApiKey);
        Assert.True(emulator.Options.PlanGetAndDeleteTypeCheckBug);
    }

    [Fact]
    public async Task Two_emulators_are_independent()
    {
        await using var first = await Scenario.StartAsync();
        await using var second = await Scenario.StartAsync();
        await first.Master.PutAsync("v2/storage", new System.Text.Json.Nodes.JsonObject());

        Assert.NotEqual(first.Emulator.BaseAddress, second.Emulator.BaseAddress);
        Assert.NotNull(first.Emulator.GetStoredDocument("system"));
        Assert.Null(second.Emulator.GetStoredDocument("system"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await new CrossbarCaller(second.Emulator, first.Master.Token).GetAsync("v2/storage")).Status);
    }

    [Fact]
    public async Task A_stopped_emulator_releases_its_port()
    {
        var emulator = await CrossbarEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var port = emulator.BaseAddress.Port;

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public async Task Stopping_ends_a_request_that_waits_on_a_delay()
    {
        var emulator = await CrossbarEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var caller = new CrossbarCaller(emulator, emulator.IssueToken(emulator.MasterAccountId));
        emulator.Faults.DelayNext(1, TimeSpan.FromMinutes(5));

        var waiting = caller.GetAsync("v2/storage");
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var stop = emulator.DisposeAsync().AsTask();

        await Assert.ThrowsAnyAsync<Exception>(() => waiting);
        await stop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Accounts_and_users_are_checked_when_added()
    {
        await using var emulator = await CrossbarEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var account = emulator.AddAccount("Acme", isReseller: true);
        emulator.AddUser(account.Id, "Bob", "pw");

        Assert.Equal(emulator.MasterAccountId, account.ParentId);
        Assert.True(account.IsReseller);
        Assert.Matches("^[0-9a-f]{64}$", account.ApiKey);
        Assert.Throws<ArgumentException>(() => emulator.AddAccount("Orphan", Guid.NewGuid().ToString("N")));
        Assert.Throws<ArgumentException>(() => emulator.AddUser(Guid.NewGuid().ToString("N"), "x", "pw"));
        Assert.Throws<InvalidOperationException>(() => emulator.AddUser(account.Id, "BOB", "other"));
        Assert.Throws<ArgumentException>(() => emulator.IssueToken(account.Id, Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task Invalid_options_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions { TokenLifetime = TimeSpan.Zero }, TestContext.Current.CancellationToken));
    }
}
