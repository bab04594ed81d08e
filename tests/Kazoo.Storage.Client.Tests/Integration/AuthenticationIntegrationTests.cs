using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Client.Tests.Integration;

public sealed class AuthenticationIntegrationTests
{
    [Theory]
    [InlineData("name")]
    [InlineData("realm")]
    [InlineData("phone")]
    public async Task A_user_logs_in_naming_the_account_any_way_kazoo_accepts(string by)
    {
        await using var crossbar = await Emulator.StartAsync();
        var account = crossbar.AddAccount("acme");
        crossbar.AddPhoneNumber(account.Id, "+14155550100");
        crossbar.AddUser(account.Id, "alice", "pa55word", isAdmin: true);
        CrossbarCredentials credentials = by switch
        {
            "name" => UserCredentials.ForAccountName("Alice", "pa55word", "acme"),
            "realm" => UserCredentials.ForAccountRealm("alice", "pa55word", account.Realm),
            _ => UserCredentials.ForPhoneNumber("alice", "pa55word", "+14155550100"),
        };
        var client = Emulator.Client(crossbar, credentials);
        var scope = StorageScope.Account(account.Id);

        await client.CreateAsync(scope, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), TestContext.Current.CancellationToken);

        Assert.Equal(1, crossbar.CountRequests("PUT", "/v2/user_auth"));
    }

    [Fact]
    public async Task A_wrong_password_is_unauthorized()
    {
        await using var crossbar = await Emulator.StartAsync();
        var account = crossbar.AddAccount("acme");
        crossbar.AddUser(account.Id, "alice", "right");
        var client = Emulator.Client(crossbar, UserCredentials.ForAccountName("alice", "wrong", "acme"));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.Account(account.Id), TestContext.Current.CancellationToken));

        Assert.True(error.IsUnauthorized);
        Assert.Equal("invalid_credentials", error.CrossbarMessage);
        Assert.Equal(0, crossbar.CountRequests("GET", "/v2/accounts/"));
    }

    [Fact]
    public async Task An_unknown_account_name_is_unauthorized_as_kazoo_answers()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar, UserCredentials.ForAccountName("alice", "pw", "nosuchaccount"));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.True(error.IsUnauthorized);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_credentials_from_kazoos_404_bad_identifier_without_the_key_in_the_message()
    {
        await using var crossbar = await Emulator.StartAsync();
        var key = new string('f', 64);
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromApiKey(key));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        // Crossbar answers a well-formed key that no account has with 404 bad_identifier, the key as data.cause: refused
        // credentials, whatever the status.
        Assert.True(error.IsUnauthorized);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("bad_identifier", error.CrossbarMessage);
        Assert.Contains("/v2/api_auth", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, crossbar.CountRequests("GET", "/v2/storage"));
    }

    [Fact]
    public async Task An_api_key_of_the_wrong_length_is_refused_credentials_from_kazoos_400_without_the_key()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromApiKey("short-key"));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.True(error.IsUnauthorized);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.DoesNotContain("short-key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_answer_with_more_keys_than_the_client_reads_still_logs_in()
    {
        await using var crossbar = await Emulator.StartAsync();
        var account = crossbar.AddAccount("Wide Answers");
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromApiKey(account.ApiKey));

        // The answer carries capabilities, is_master_account and ui_config: ignored, the token is kept.
        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.Account(account.Id), TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Equal(1, crossbar.CountRequests("PUT", "/v2/api_auth"));
    }

    [Fact]
    public async Task Revoked_tokens_are_renewed_once_and_the_call_succeeds()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var ct = TestContext.Current.CancellationToken;
        await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);

        crossbar.ExpireAllTokens();
        await client.GetAsync(StorageScope.System, ct);

        Assert.Equal(2, crossbar.CountRequests("PUT", "/v2/api_auth"));
        Assert.Equal(2, crossbar.CountRequests("GET", "/v2/storage"));
    }

    [Fact]
    public async Task Many_calls_after_a_revocation_share_one_new_login()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var ct = TestContext.Current.CancellationToken;
        await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);

        crossbar.ExpireAllTokens();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync(StorageScope.System, ct)));

        Assert.Equal(2, crossbar.CountRequests("PUT", "/v2/api_auth"));
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires_so_no_call_is_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var crossbar = await Emulator.StartAsync(new CrossbarEmulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromHours(1) });
        var client = Emulator.Client(crossbar, configure: o => o.TimeProvider = time);
        var ct = TestContext.Current.CancellationToken;
        await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);

        time.Advance(TimeSpan.FromMinutes(56));
        await client.GetAsync(StorageScope.System, ct);

        Assert.Equal(2, crossbar.CountRequests("PUT", "/v2/api_auth"));
        Assert.Equal(1, crossbar.CountRequests("GET", "/v2/storage"));
    }

    [Fact]
    public async Task A_token_that_expires_sooner_than_assumed_is_renewed_on_its_401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var crossbar = await Emulator.StartAsync(new CrossbarEmulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromMinutes(10) });
        var client = Emulator.Client(crossbar, configure: o => o.TimeProvider = time);
        var ct = TestContext.Current.CancellationToken;
        await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);

        time.Advance(TimeSpan.FromMinutes(11));
        await client.GetAsync(StorageScope.System, ct);

        Assert.Equal(2, crossbar.CountRequests("PUT", "/v2/api_auth"));
        Assert.Equal(2, crossbar.CountRequests("GET", "/v2/storage"));
    }

    [Fact]
    public async Task A_caller_supplied_token_works_until_it_is_revoked()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromToken(crossbar.IssueToken(crossbar.MasterAccountId)));
        var ct = TestContext.Current.CancellationToken;

        await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);
        crossbar.ExpireAllTokens();
        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, ct));

        Assert.True(error.IsUnauthorized);
        Assert.Equal(0, crossbar.CountRequests("PUT", "/v2/api_auth"));
        Assert.Equal(1, crossbar.CountRequests("GET", "/v2/storage"));
    }
}
