using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Crossbar.Protocol;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class RedactionTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50X2lkIjoiYTEifQ.c2lnbmF0dXJlLXNlY3JldA";

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        var apiKey = CrossbarCredentials.FromApiKey(Clients.ApiKey);
        var user = CrossbarCredentials.FromUser("alice", "hunter2-password", "acme");
        var token = CrossbarCredentials.FromToken(Token);

        Assert.DoesNotContain(Clients.ApiKey, apiKey.ToString());
        Assert.DoesNotContain("hunter2-password", user.ToString());
        Assert.DoesNotContain(UserCredentials.HashOf("alice", "hunter2-password"), user.ToString());
        Assert.Contains("alice", user.ToString());
        Assert.Contains("acme", user.ToString());
        Assert.DoesNotContain(Token, token.ToString());
    }

    [Fact]
    public void Login_bodies_never_print_their_secrets()
    {
        var apiKey = new ApiKeyAuthRequest(Clients.ApiKey);
        var user = ((UserCredentials)CrossbarCredentials.FromUser("alice", "pw", "acme")).ToString();

        Assert.DoesNotContain(Clients.ApiKey, apiKey.ToString());
        Assert.DoesNotContain(UserCredentials.HashOf("alice", "pw"), new UserAuthRequest { Credentials = UserCredentials.HashOf("alice", "pw") }.ToString());
        Assert.DoesNotContain("pw ", user);
    }

    [Fact]
    public async Task Logs_show_a_fingerprint_of_the_token_and_never_a_secret()
    {
        using var logs = new LogCapture();
        using var factory = logs.CreateFactory();
        var fake = new FakeCrossbar { TokenForLogin = n => Token + n };
        fake.On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", (request, n) => n == 1
            ? FakeCrossbar.Fail(401, "invalid credentials")
            : FakeCrossbar.Ok(new JsonObject { ["id"] = "acc1" }));
        var client = Clients.Over(fake, CrossbarCredentials.FromUser("alice", "hunter2-password", "acme"), loggerFactory: factory);

        await client.GetAsync(StorageScope.Account("acc10000000000000000000000000000"), TestContext.Current.CancellationToken);

        var all = logs.All;
        Assert.DoesNotContain(Token, all);
        Assert.DoesNotContain("hunter2-password", all);
        Assert.DoesNotContain(UserCredentials.HashOf("alice", "hunter2-password"), all);
        Assert.Contains("sha256:", all);
        Assert.Contains("logging in again once", all);
        Assert.Contains("/v2/accounts/acc10000000000000000000000000000/storage", all);
    }

    [Fact]
    public async Task A_failed_api_key_login_logs_nothing_secret()
    {
        using var logs = new LogCapture();
        using var factory = logs.CreateFactory();
        var fake = new FakeCrossbar().On("PUT", "/v2/api_auth", () => FakeCrossbar.Fail(401, "invalid_credentials"));
        var client = Clients.Over(fake, loggerFactory: factory);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.DoesNotContain(Clients.ApiKey, logs.All);
        Assert.DoesNotContain(Clients.ApiKey, error.ToString());
    }

    [Fact]
    public void A_patch_prints_with_secrets_masked_but_sends_them()
    {
        var patch = new StoragePatchBuilder().SetAttachment("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b", TestDocuments.S3(secret: "rotated-secret-456")).Build();

        Assert.DoesNotContain("rotated-secret-456", patch.ToString());
        Assert.Contains("rotated-secret-456", patch.ToJson());
    }
}
