using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Crossbar.Protocol;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task The_client_registered_with_a_delegate_logs_in_and_calls_crossbar()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Ok(new JsonObject { ["id"] = "system" }));
        using var logs = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddKazooStorage(o =>
            {
                o.Endpoint = FakeCrossbar.Endpoint;
                o.Credentials = CrossbarCredentials.FromApiKey(Clients.ApiKey);
                o.Transport = fake;
            });
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var client = provider.GetRequiredService<KazooStorageClient>();
        var answer = await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal("system", answer.Value.Id);
        Assert.Same(client, provider.GetRequiredService<KazooStorageClient>());
        Assert.Equal(fake.TokenForLogin(1), fake.To("GET", "/v2/storage").Single().Header("X-Auth-Token"));
        Assert.NotNull(provider.GetRequiredService<ICrossbarStorageApi>());
        Assert.DoesNotContain(fake.TokenForLogin(1), logs.All);
        Assert.DoesNotContain(Clients.ApiKey, logs.All);
        Assert.Contains("Crossbar answered 200 to GET /v2/storage", logs.All);
    }

    [Fact]
    public async Task The_client_registered_from_configuration_reads_every_setting()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Fail(503, "datastore_unreachable"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KazooStorage:Endpoint"] = "http://crossbar.test:8000/",
            ["KazooStorage:Credentials:Username"] = "alice",
            ["KazooStorage:Credentials:Password"] = "pw",
            ["KazooStorage:Credentials:AccountName"] = "acme",
            ["KazooStorage:MaxRetries"] = "1",
            ["KazooStorage:RetryDelay"] = "00:00:00.001",
            ["KazooStorage:TokenLifetime"] = "00:30:00",
            ["KazooStorage:ValidateBeforeSending"] = "false",
            ["KazooStorage:SkipSettingsProbe"] = "true",
            ["KazooStorage:MaxUpdateAttempts"] = "7",
            ["KazooStorage:Timeout"] = "00:00:20",
            ["KazooStorage:AttemptTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection().AddKazooStorage(configuration.GetSection("KazooStorage"), o => o.Transport = fake);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<KazooStorageClientOptions>>().Value;
        await Assert.ThrowsAsync<CrossbarException>(() => provider.GetRequiredService<KazooStorageClient>().GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal(new Uri("http://crossbar.test:8000/"), options.Endpoint);
        var user = Assert.IsType<UserCredentials>(options.Credentials);
        Assert.Equal("acme", user.AccountName);
        Assert.Equal(TimeSpan.FromMinutes(30), options.TokenLifetime);
        Assert.False(options.ValidateBeforeSending);
        Assert.True(options.SkipSettingsProbe);
        Assert.Equal(7, options.MaxUpdateAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AttemptTimeout);
        Assert.Equal(2, fake.To("GET", "/v2/storage").Count());
        Assert.Single(fake.To("PUT", "/v2/user_auth"));
    }

    [Fact]
    public async Task Missing_options_fail_when_the_client_is_resolved()
    {
        var services = new ServiceCollection().AddKazooStorage(o => o.Credentials = CrossbarCredentials.FromApiKey(Clients.ApiKey));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<KazooStorageClient>());

        Assert.Contains("Endpoint", error.ToString());
    }

    [Fact]
    public void Bad_configuration_values_name_the_key_and_never_the_secret()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoint"] = "http://crossbar.test/",
            ["Credentials:ApiKey"] = Clients.ApiKey,
            ["MaxRetries"] = "many",
        }).Build();
        using var provider = new ServiceCollection().AddKazooStorage(configuration).BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IOptions<KazooStorageClientOptions>>().Value);

        Assert.Contains("MaxRetries", error.Message);
        Assert.DoesNotContain(Clients.ApiKey, error.ToString());
    }

    // The binder reads the plain settings; what only code gives is left as it is even when configuration names it.
    [Fact]
    public void Configuration_binds_the_settings_and_leaves_what_only_code_gives_alone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["endpoint"] = "http://crossbar.test/",
            ["Credentials:Token"] = "token-never-bound",
            ["maxRetries"] = "0",
            ["Validation:Mode"] = "KazooExact",
            ["Transport:Name"] = "x",
            ["TimeProvider:LocalTimeZone:Id"] = "UTC",
        }).Build();
        using var provider = new ServiceCollection().AddKazooStorage(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<KazooStorageClientOptions>>().Value;

        Assert.Equal(new Uri("http://crossbar.test/"), options.Endpoint);
        Assert.Equal(0, options.MaxRetries);
        Assert.IsType<TokenCredentials>(options.Credentials);
        Assert.Same(Kazoo.Storage.Validation.ValidationOptions.Default, options.Validation);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.Transport);
    }

    [Theory]
    [InlineData("ApiKey", "Password", "Credentials:ApiKey and Credentials:Password")]
    [InlineData("ApiKey", "Token", "Credentials:ApiKey and Credentials:Token")]
    [InlineData("Password", "Token", "Credentials:Password and Credentials:Token")]
    public void Two_ways_to_log_in_in_configuration_are_refused_naming_both_settings_never_their_values(string one, string other, string named)
    {
        var values = new Dictionary<string, string> { ["ApiKey"] = Clients.ApiKey, ["Password"] = "pw-never-printed", ["Token"] = "token-never-printed" };
        var settings = new Dictionary<string, string?>
        {
            ["KazooStorage:Endpoint"] = "http://crossbar.test/",
            ["KazooStorage:Credentials:" + one] = values[one],
            ["KazooStorage:Credentials:" + other] = values[other],
        };
        if (one == "Password" || other == "Password")
        {
            // A whole user login, but for the clash.
            settings["KazooStorage:Credentials:Username"] = "alice";
            settings["KazooStorage:Credentials:AccountName"] = "acme";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddKazooStorage(configuration.GetSection("KazooStorage")).BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<KazooStorageClient>());

        Assert.StartsWith("KazooStorage configuration: " + named + " cannot be used together: log in one way", error.Message, StringComparison.Ordinal);
        Assert.All(values.Values, value => Assert.DoesNotContain(value, error.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData("k", null, null, null, null)]
    [InlineData(null, "u", "p", null, null)]
    [InlineData(null, null, null, "t", null)]
    [InlineData("k", "u", null, null, "k and u")]
    [InlineData("k", "u", "p", null, "k and p")] // the password is what an API key cannot go with
    [InlineData("k", null, null, "t", "k and t")]
    [InlineData(null, null, "p", "t", "p and t")]
    public void The_credentials_rule_allows_one_way_to_log_in(string? apiKey, string? username, string? password, string? token, string? conflict)
    {
        var message = CrossbarCredentials.FindConflict(apiKey, username, password, token);

        if (conflict is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.StartsWith(conflict + " cannot be used together: log in one way", message, StringComparison.Ordinal);
        }
    }
}
