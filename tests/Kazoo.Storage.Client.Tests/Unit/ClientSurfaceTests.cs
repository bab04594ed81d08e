using System.Net;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class ClientSurfaceTests
{
    [Fact]
    public void Scopes_name_their_routes()
    {
        Assert.Equal("/v2/storage", StorageScope.System.Path);
        Assert.Equal("/v2/accounts/a1/storage", StorageScope.Account("a1").Path);
        Assert.Equal("/v2/accounts/a1/users/u1/storage", StorageScope.User("a1", "u1").Path);
        Assert.Equal(StorageScope.Account("a1"), StorageScope.Account("a1"));
        Assert.Equal("user u1 of account a1", StorageScope.User("a1", "u1").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a b")]
    public void A_scope_refuses_ids_that_are_not_one_path_segment(string id)
    {
        Assert.ThrowsAny<ArgumentException>(() => StorageScope.Account(id));
    }

    [Fact]
    public async Task Plans_exist_only_at_system_and_account_scope()
    {
        var client = Clients.Over(new FakeCrossbar());

        await Assert.ThrowsAsync<ArgumentException>(() => client.ListPlansAsync(StorageScope.User("a1", "u1"), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetPlanAsync(StorageScope.User("a1", "u1"), "p1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_client_can_be_mocked()
    {
        KazooStorageClient client = new MockClient();

        var answer = await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.DeleteAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal("mocked", answer.Value.Id);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.True(error.IsConflict);
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<InvalidOperationException>(() => new KazooStorageClient(FakeCrossbar.Endpoint, CrossbarCredentials.FromToken("t"), new KazooStorageClientOptions { MaxRetries = -1 }));
        Assert.Throws<InvalidOperationException>(() => new KazooStorageClient(FakeCrossbar.Endpoint, CrossbarCredentials.FromToken("t"), new KazooStorageClientOptions { TokenLifetime = TimeSpan.Zero }));
    }

    private sealed class MockClient : KazooStorageClient
    {
        public override Task<CrossbarResponse<StorageDocument>> GetAsync(StorageScope scope, CancellationToken cancellationToken = default) =>
            Task.FromResult(new CrossbarResponse<StorageDocument>(new StorageDocument { Id = "mocked" }) { RequestId = "r" });

        public override Task<CrossbarResponse<StorageDocument>> DeleteAsync(StorageScope scope, CancellationToken cancellationToken = default) =>
            Task.FromException<CrossbarResponse<StorageDocument>>(new CrossbarException("conflict", HttpStatusCode.Conflict, "409", "datastore_conflict"));
    }
}
