using System.Net;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class ClientSurfaceTests
{
    [Fact]
    public void Scopes_name_their_routes()
    {
        Assert.Equal("/v2/storage", StorageScope.System.Path);
        Assert.Equal("/v2/accounts/a1000000000000000000000000000000/storage", StorageScope.Account("a1000000000000000000000000000000").Path);
        Assert.Equal("/v2/accounts/a1000000000000000000000000000000/users/u1000000000000000000000000000000/storage", StorageScope.User("a1000000000000000000000000000000", "u1000000000000000000000000000000").Path);
        Assert.Equal(StorageScope.Account("a1000000000000000000000000000000"), StorageScope.Account("a1000000000000000000000000000000"));
        Assert.Equal("user u1000000000000000000000000000000 of account a1000000000000000000000000000000", StorageScope.User("a1000000000000000000000000000000", "u1000000000000000000000000000000").ToString());
    }

    // One id rule for scopes and database names: 32 lowercase letters and digits, as Kazoo writes ids.
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a b")]
    [InlineData("NOT-AN-ID")]
    [InlineData("4E9F3C2A1B0D4C8E9F7A6B5C4D3E2F1A")]
    [InlineData("4e9f3c2a-1b0d-4c8e-9f7a-6b5c4d3e2f1a")]
    [InlineData("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1")]
    [InlineData("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a0")]
    public void A_scope_refuses_what_is_not_a_kazoo_id_as_database_names_do(string id)
    {
        var scope = Assert.ThrowsAny<ArgumentException>(() => StorageScope.Account(id));
        Assert.ThrowsAny<ArgumentException>(() => StorageScope.User(Guid.NewGuid().ToString("N"), id));
        Assert.ThrowsAny<ArgumentException>(() => KazooDatabaseName.Account(id));
        Assert.False(KazooId.IsValid(id));
        Assert.Equal("accountId", scope.ParamName);
    }

    [Theory]
    [InlineData("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")] // Kazoo's schemas allow any lowercase letter, not only hex digits
    public void A_scope_and_a_database_name_take_the_same_ids(string id)
    {
        Assert.True(KazooId.IsValid(id));
        Assert.Equal(id, StorageScope.Account(id).AccountId);
        Assert.Equal(id, StorageScope.User(id, id).UserId);
        Assert.StartsWith("account%2F" + id[..2], KazooDatabaseName.Account(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plans_exist_only_at_system_and_account_scope()
    {
        var client = Clients.Over(new FakeCrossbar());

        await Assert.ThrowsAsync<ArgumentException>(() => client.ListPlansAsync(StorageScope.User("a1000000000000000000000000000000", "u1000000000000000000000000000000"), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetPlanAsync(StorageScope.User("a1000000000000000000000000000000", "u1000000000000000000000000000000"), "p1", TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task Get_or_default_answers_null_when_the_scope_has_no_document(string kind)
    {
        var missing = StorageScope.Account(Guid.NewGuid().ToString("N"));
        var present = StorageScope.Account(Guid.NewGuid().ToString("N"));
        var fake = new FakeCrossbar()
            .On("GET", missing.Path, () => FakeCrossbar.Fail(404, "bad_identifier", new System.Text.Json.Nodes.JsonObject { ["cause"] = missing.AccountId }))
            .On("GET", present.Path, () => FakeCrossbar.Ok(new System.Text.Json.Nodes.JsonObject { ["id"] = present.AccountId }))
            .On("GET", "/v2/storage", () => FakeCrossbar.Fail(404, "not_found"));
        var client = Clients.Over(kind, fake);
        var ct = TestContext.Current.CancellationToken;

        Assert.Null(await client.GetOrDefaultAsync(missing, ct));
        Assert.Equal(present.AccountId, (await client.GetOrDefaultAsync(present, ct))!.Value.Id);
        // A 404 that is not Kazoo's "no such document" (Crossbar without its storage module) is still an error.
        var noModule = await Assert.ThrowsAsync<CrossbarException>(() => client.GetOrDefaultAsync(StorageScope.System, ct));
        Assert.True(noModule.IsNotFound);
    }

    [Fact]
    public async Task A_client_made_with_new_disposes_what_it_created_and_not_the_transport_it_was_given()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Ok(new System.Text.Json.Nodes.JsonObject { ["id"] = "system" }));
        var client = Clients.Over(fake);
        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        await client.DisposeAsync();
        client.Dispose();

        Assert.False(fake.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_client_from_dependency_injection_owns_nothing_the_container_made()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Ok(new System.Text.Json.Nodes.JsonObject { ["id"] = "system" }));
        await using var provider = new ServiceCollection().AddKazooStorage(o =>
        {
            o.Endpoint = FakeCrossbar.Endpoint;
            o.Credentials = CrossbarCredentials.FromToken("t");
            o.Transport = fake;
        }).BuildServiceProvider();

        provider.GetRequiredService<KazooStorageClient>().Dispose();
        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(KazooStorageServiceCollectionExtensions.HttpClientName);
        using var answer = await http.GetAsync(new Uri("v2/storage", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(fake.Disposed);
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

    // The Refit interfaces and envelopes are how the client talks, not what it offers: none is public. The scalar and
    // collection converters exist for generated member tables: public for generated code in other assemblies, hidden.
    [Fact]
    public void The_wire_types_are_internal_and_the_generated_code_helpers_hidden()
    {
        var exported = typeof(KazooStorageClient).Assembly.GetExportedTypes();

        Assert.DoesNotContain(exported, type => type.Namespace == "Kazoo.Storage.Crossbar.Protocol");
        Assert.All(
            exported.Where(type => type.Namespace == "Kazoo.Storage.Serialization" && type.Name.Split('`')[0].EndsWith("Converter", StringComparison.Ordinal)),
            type => Assert.Equal(
                System.ComponentModel.EditorBrowsableState.Never,
                Assert.Single(type.GetCustomAttributes(typeof(System.ComponentModel.EditorBrowsableAttribute), false).Cast<System.ComponentModel.EditorBrowsableAttribute>()).State));
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
