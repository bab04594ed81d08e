using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class AuthenticationTests
{
    private static FakeCrossbar WithStorage() =>
        new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Ok(new JsonObject { ["id"] = "system" }));

    [Fact]
    public async Task An_api_key_logs_in_once_and_the_token_goes_in_x_auth_token()
    {
        var fake = WithStorage();
        var client = Clients.Over(fake);

        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);
        }

        var login = fake.To("PUT", "/v2/api_auth").Single();
        Assert.Equal(Clients.ApiKey, login.Json!["data"]!["api_key"]!.GetValue<string>());
        Assert.Null(login.Header("X-Auth-Token"));
        Assert.All(fake.To("GET", "/v2/storage"), r => Assert.Equal(fake.TokenForLogin(1), r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task A_user_login_sends_the_md5_of_the_lowercased_username_and_the_password()
    {
        var fake = WithStorage();
        var client = Clients.Over(fake, UserCredentials.ForAccountName("Alice", "p4ss:word", "acme"));

        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        var data = fake.To("PUT", "/v2/user_auth").Single().Json!["data"]!;
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("alice:p4ss:word")));
        Assert.Equal(expected, data["credentials"]!.GetValue<string>());
        Assert.Equal("md5", data["method"]!.GetValue<string>());
        Assert.Equal("acme", data["account_name"]!.GetValue<string>());
        Assert.Null(data["account_realm"]);
        Assert.Null(data["phone_number"]);
    }

    [Fact]
    public void The_credentials_hash_matches_kazoos_recipe()
    {
        // printf 'user:changeme' | md5sum
        Assert.Equal("27ae56836d07fc8c74b096d7fc06f9d6", UserCredentials.HashOf("user", "changeme"));
        Assert.Equal(UserCredentials.HashOf("user", "changeme"), UserCredentials.HashOf("USER", "changeme"));
        Assert.NotEqual(UserCredentials.HashOf("user", "changeme"), UserCredentials.HashOf("user", "CHANGEME"));
    }

    [Theory]
    [InlineData("realm")]
    [InlineData("phone")]
    public async Task A_user_login_can_name_the_account_by_realm_or_phone_number(string by)
    {
        var fake = WithStorage();
        var credentials = by == "realm"
            ? UserCredentials.ForAccountRealm("bob", "pw", "acme.sip.example.com")
            : UserCredentials.ForPhoneNumber("bob", "pw", "+14155550100");
        var client = Clients.Over(fake, credentials);

        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        var data = fake.To("PUT", "/v2/user_auth").Single().Json!["data"]!.AsObject();
        Assert.Equal(by == "realm" ? "account_realm" : "phone_number", Assert.Single(data, p => p.Key.StartsWith("account_", StringComparison.Ordinal) || p.Key == "phone_number").Key);
    }

    [Fact]
    public async Task The_token_is_renewed_at_ninety_percent_of_its_lifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var fake = WithStorage();
        var client = Clients.Over(fake, configure: o =>
        {
            o.TimeProvider = time;
            o.TokenLifetime = TimeSpan.FromHours(1);
        });

        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(53));
        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);
        Assert.Equal(1, fake.Logins);

        time.Advance(TimeSpan.FromMinutes(2));
        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, fake.Logins);
        Assert.Equal(fake.TokenForLogin(2), fake.To("GET", "/v2/storage").Last().Header("X-Auth-Token"));
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_request_sent_again()
    {
        var fake = new FakeCrossbar().On("POST", "/v2/storage", (request, _) =>
            request.Header("X-Auth-Token") == "token-1-eyJhbGciOiJSUzI1NiJ9.c2VjcmV0"
                ? FakeCrossbar.Fail(401, "invalid credentials")
                : FakeCrossbar.Ok(new JsonObject { ["id"] = "system" }));
        var client = Clients.Over(fake);

        var answer = await client.ReplaceAsync(StorageScope.System, new(), TestContext.Current.CancellationToken);

        Assert.Equal("system", answer.Value.Id);
        Assert.Equal(2, fake.Logins);
        Assert.Equal(2, fake.To("POST", "/v2/storage").Count());
        Assert.Equal(fake.To("POST", "/v2/storage").First().Body, fake.To("POST", "/v2/storage").Last().Body);
    }

    [Fact]
    public async Task A_token_refused_twice_fails_with_unauthorized_after_one_renewal()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Fail(401, "invalid credentials"));
        var client = Clients.Over(fake);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.True(error.IsUnauthorized);
        Assert.Equal(2, fake.Logins);
        Assert.Equal(2, fake.To("GET", "/v2/storage").Count());
    }

    [Fact]
    public async Task Concurrent_calls_share_one_login_and_one_renewal()
    {
        var fake = new FakeCrossbar { TokenForLogin = n => "token-" + n };
        var refused = 0;
        var allSentWithTheFirstToken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.OnAsync("GET", "/v2/storage", async (request, _) =>
        {
            if (request.Header("X-Auth-Token") != "token-1")
            {
                return FakeCrossbar.Ok(new JsonObject());
            }

            // The first token is refused (as after a server restart), but only once all 20 calls have sent it: however
            // slowly the machine starts them, none can see the renewal before it has used the first login.
            if (Interlocked.Increment(ref refused) == 20)
            {
                allSentWithTheFirstToken.SetResult();
            }

            await allSentWithTheFirstToken.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            return FakeCrossbar.Fail(401, "invalid credentials");
        });
        var client = Clients.Over(fake);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken)));

        Assert.Equal(2, fake.Logins);
        Assert.Equal(20, fake.To("GET", "/v2/storage").Count(r => r.Header("X-Auth-Token") == "token-1"));
        Assert.Equal(20, fake.To("GET", "/v2/storage").Count(r => r.Header("X-Auth-Token") == "token-2"));
    }

    [Fact]
    public async Task A_caller_supplied_token_is_sent_as_is_and_never_renewed()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Fail(401, "invalid credentials"));
        var client = Clients.Over(fake, CrossbarCredentials.FromToken("caller-token"));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.True(error.IsUnauthorized);
        Assert.Equal(0, fake.Logins);
        Assert.Equal("caller-token", fake.To("GET", "/v2/storage").Single().Header("X-Auth-Token"));
    }

    [Fact]
    public async Task A_login_answered_503_is_retried_because_it_changes_no_document()
    {
        var fake = WithStorage().On("PUT", "/v2/api_auth", (_, n) => n == 1
            ? FakeCrossbar.Fail(503, "datastore_unreachable")
            : FakeCrossbar.Json(System.Net.HttpStatusCode.Created, FakeCrossbar.Envelope(new JsonObject { ["account_id"] = "a1" }, authToken: "token-after-retry")));
        var client = Clients.Over(fake);

        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, fake.To("PUT", "/v2/api_auth").Count());
        Assert.Equal("token-after-retry", fake.To("GET", "/v2/storage").Single().Header("X-Auth-Token"));
    }

    [Fact]
    public async Task Bad_login_credentials_fail_with_unauthorized_and_no_storage_request()
    {
        var fake = WithStorage().On("PUT", "/v2/api_auth", () => FakeCrossbar.Fail(401, "invalid_credentials", new JsonObject { ["message"] = "invalid credentials" }));
        var client = Clients.Over(fake);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.True(error.IsUnauthorized);
        Assert.Contains("api_auth", error.Message);
        Assert.DoesNotContain(Clients.ApiKey, error.Message);
        Assert.Empty(fake.To("GET", "/v2/storage"));
    }
}
