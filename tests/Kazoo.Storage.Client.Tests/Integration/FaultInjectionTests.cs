using System.Text.Json;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Client.Tests.Integration;

/// <summary>
/// Idempotent calls recover from dropped connections, 503s and slow answers; writes are never sent twice (the emulator
/// counts what arrived), whether the client was made with <c>new</c> or with dependency injection.
/// </summary>
public sealed class FaultInjectionTests
{
    /// <summary>
    /// An emulator with an account document, and a client for the faults. With <paramref name="attemptTimeout"/> the client
    /// uses a token issued up front, so no login runs under the short timeout.
    /// </summary>
    private static async Task<(CrossbarEmulator Crossbar, KazooStorageClient Client, StorageScope Scope)> ArrangeAsync(string kind, TimeSpan? attemptTimeout = null)
    {
        var crossbar = await Emulator.StartAsync();
        Emulator.CountHttpProbes(crossbar);
        var scope = StorageScope.Account(crossbar.AddAccount("acme").Id);
        // The client has logged in (creating the document) before any fault is queued, so faults hit the call under test.
        var creator = Emulator.Client(crossbar, kind: kind);
        await creator.CreateAsync(scope, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), TestContext.Current.CancellationToken);
        var client = attemptTimeout is { } timeout
            ? Emulator.Client(crossbar, CrossbarCredentials.FromToken(crossbar.IssueToken(crossbar.MasterAccountId)), o => o.AttemptTimeout = timeout, kind: kind)
            : creator;
        return (crossbar, client, scope);
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_get_recovers_from_dropped_connections(string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind);
        await using var _ = crossbar;
        var before = crossbar.CountRequests("GET", scope.Path);

        crossbar.Faults.DropNextConnections(3);
        var answer = await client.GetAsync(scope, TestContext.Current.CancellationToken);

        Assert.Equal(scope.AccountId, answer.Value.Id);
        Assert.Equal(4, crossbar.CountRequests("GET", scope.Path) - before);
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_get_recovers_from_503s(string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind);
        await using var _ = crossbar;

        crossbar.Faults.FailNext(2, 503);
        await client.GetAsync(scope, TestContext.Current.CancellationToken);

        Assert.Equal(3, crossbar.CountRequests("GET", scope.Path));
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_get_recovers_from_a_slow_answer(string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind, attemptTimeout: TimeSpan.FromSeconds(1));
        await using var _ = crossbar;

        crossbar.Faults.DelayNext(1, TimeSpan.FromSeconds(4));
        await client.GetAsync(scope, TestContext.Current.CancellationToken);

        Assert.Equal(2, crossbar.CountRequests("GET", scope.Path));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_answered_503_is_not_sent_again(string method, string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind);
        await using var _ = crossbar;
        var before = crossbar.CountRequests(method, scope.Path);

        crossbar.Faults.FailNext(1, 503);
        var error = await Assert.ThrowsAsync<CrossbarException>(() => WriteAsync(client, scope, method));

        Assert.Equal(CrossbarErrorKind.ServerError, error.Kind);
        Assert.Equal("datastore_unreachable", error.CrossbarMessage);
        Assert.Equal(1, crossbar.CountRequests(method, scope.Path) - before);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_whose_connection_drops_is_not_sent_again(string method, string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind);
        await using var _ = crossbar;
        var before = crossbar.CountRequests(method, scope.Path);

        crossbar.Faults.DropNextConnections(2);
        var error = await Assert.ThrowsAsync<CrossbarException>(() => WriteAsync(client, scope, method));

        Assert.Equal(CrossbarErrorKind.Transport, error.Kind);
        Assert.Equal(1, crossbar.CountRequests(method, scope.Path) - before);
        crossbar.Faults.Reset();
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_slow_write_times_out_and_is_not_sent_again(string method, string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind, attemptTimeout: TimeSpan.FromSeconds(1));
        await using var _ = crossbar;
        var before = crossbar.CountRequests(method, scope.Path);

        crossbar.Faults.DelayNext(1, TimeSpan.FromSeconds(4));
        var error = await Assert.ThrowsAsync<CrossbarException>(() => WriteAsync(client, scope, method));

        Assert.Equal(CrossbarErrorKind.Timeout, error.Kind);
        Assert.Equal(1, crossbar.CountRequests(method, scope.Path) - before);
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task An_update_whose_write_fails_does_not_write_twice(string kind)
    {
        var (crossbar, client, scope) = await ArrangeAsync(kind);
        await using var _ = crossbar;
        var ct = TestContext.Current.CancellationToken;

        // The GET goes through; the PATCH that follows is answered 503.
        await client.GetAsync(scope, ct);
        var error = await Assert.ThrowsAsync<CrossbarException>(async () =>
        {
            await client.UpdateAsync(scope, d =>
            {
                crossbar.Faults.FailNext(1, 503);
                return d.WithUiMetadata(JsonDocument.Parse("{\"x\":1}").RootElement);
            }, ct);
        });

        Assert.Equal(CrossbarErrorKind.ServerError, error.Kind);
        Assert.Equal(1, crossbar.CountRequests("PATCH", scope.Path));
        Assert.False((await client.GetAsync(scope, ct)).Value.UiMetadataOf().HasValue);
    }

    /// <summary>Each write method with each way to make a client.</summary>
    public static TheoryData<string, string> Writes()
    {
        var writes = new TheoryData<string, string>();
        foreach (var method in (string[])["PUT", "POST", "PATCH", "DELETE"])
        {
            foreach (var kind in (string[])["new", "di"])
            {
                writes.Add(method, kind);
            }
        }

        return writes;
    }

    private static Task WriteAsync(KazooStorageClient client, StorageScope scope, string method)
    {
        var ct = TestContext.Current.CancellationToken;
        var document = TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http());
        return method switch
        {
            "PUT" => client.CreateAsync(scope, document, ct),
            "POST" => client.ReplaceAsync(scope, document, ct),
            "PATCH" => client.PatchAsync(scope, new StoragePatchBuilder().Set("ui_metadata.touched", true).Build(), ct),
            _ => client.DeleteAsync(scope, ct),
        };
    }
}
