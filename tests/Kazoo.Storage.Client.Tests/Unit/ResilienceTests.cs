using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class ResilienceTests
{
    private const string AccountId = "4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a";

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_get_is_retried_after_503s_and_keeps_its_request_id(string kind)
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", (_, n) => n <= 2 ? FakeCrossbar.Fail(503, "datastore_unreachable") : FakeCrossbar.Ok(new JsonObject { ["id"] = "system" }));
        var client = Clients.Over(kind, fake);

        var answer = await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal("system", answer.Value.Id);
        var attempts = fake.To("GET", "/v2/storage").ToList();
        Assert.Equal(3, attempts.Count);
        var requestId = Assert.Single(attempts.Select(a => a.Header("X-Request-ID")).Distinct());
        Assert.Matches("^[0-9a-f]{32}$", requestId);
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task Each_call_gets_a_request_id_of_its_own(string kind)
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Ok(new JsonObject { ["id"] = "system" }));
        var client = Clients.Over(kind, fake);

        for (var i = 0; i < 200; i++)
        {
            await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);
        }

        var ids = fake.To("GET", "/v2/storage").Select(a => a.Header("X-Request-ID")).ToList();
        Assert.Equal(200, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(200, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_get_is_retried_after_a_dropped_connection(string kind)
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", (_, n) => n == 1 ? throw new HttpRequestException("The response ended prematurely.") : FakeCrossbar.Ok(new JsonObject()));
        var client = Clients.Over(kind, fake);

        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, fake.To("GET", "/v2/storage").Count());
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task Retries_stop_after_the_configured_number_and_report_the_last_answer(string kind)
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Fail(503, "datastore_unreachable"));
        var client = Clients.Over(kind, fake, configure: o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.ServerError, error.Kind);
        Assert.Equal(3, fake.To("GET", "/v2/storage").Count());
    }

    // 429 with Retry-After: the retry waits what the server asked for (1 s here, where the back-off would wait 1 ms).
    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_get_answered_429_waits_for_retry_after(string kind)
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage", (_, n) =>
        {
            if (n > 1)
            {
                return FakeCrossbar.Ok(new JsonObject { ["id"] = "system" });
            }

            var busy = FakeCrossbar.Fail(429, "too_many_requests");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return busy;
        });
        var client = Clients.Over(kind, fake);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var answer = await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal("system", answer.Value.Id);
        Assert.Equal(2, fake.To("GET", "/v2/storage").Count());
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started), TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("PUT", "new")]
    [InlineData("PUT", "di")]
    [InlineData("POST", "new")]
    [InlineData("POST", "di")]
    [InlineData("PATCH", "new")]
    [InlineData("PATCH", "di")]
    [InlineData("DELETE", "new")]
    [InlineData("DELETE", "di")]
    public async Task Writes_are_never_retried(string method, string kind)
    {
        var fake = new FakeCrossbar().On(method, "/v2/storage", () => FakeCrossbar.Fail(503, "datastore_unreachable"));
        var client = Clients.Over(kind, fake);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => Call(client, method));

        Assert.Equal(CrossbarErrorKind.ServerError, error.Kind);
        Assert.Single(fake.To(method, "/v2/storage"));
    }

    [Theory]
    [InlineData("POST", "new")]
    [InlineData("POST", "di")]
    [InlineData("DELETE", "new")]
    [InlineData("DELETE", "di")]
    public async Task A_write_whose_connection_drops_is_not_sent_again(string method, string kind)
    {
        var fake = new FakeCrossbar().On(method, "/v2/storage", (_, _) => throw new HttpRequestException("The response ended prematurely."));
        var client = Clients.Over(kind, fake);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => Call(client, method));

        Assert.Equal(CrossbarErrorKind.Transport, error.Kind);
        Assert.Single(fake.To(method, "/v2/storage"));
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_slow_get_times_out_per_attempt_and_is_retried(string kind)
    {
        var fake = new FakeCrossbar().OnAsync("GET", "/v2/storage", async (_, n) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            }

            return FakeCrossbar.Ok(new JsonObject());
        });
        var client = Clients.Over(kind, fake, CrossbarCredentials.FromToken("t"), o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

        await client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, fake.To("GET", "/v2/storage").Count());
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_slow_write_times_out_once_with_a_timeout_error(string kind)
    {
        var fake = new FakeCrossbar().OnAsync("PATCH", "/v2/storage", async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            return FakeCrossbar.Ok(new JsonObject());
        });
        var client = Clients.Over(kind, fake, CrossbarCredentials.FromToken("t"), o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.PatchAsync(StorageScope.System, StoragePatch.FromJson("""{"ui_metadata":{"a":1}}"""), TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.Timeout, error.Kind);
        Assert.Single(fake.To("PATCH", "/v2/storage"));
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task The_total_timeout_bounds_all_retries(string kind)
    {
        var fake = new FakeCrossbar().OnAsync("GET", "/v2/storage", async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            return FakeCrossbar.Ok(new JsonObject());
        });
        var client = Clients.Over(kind, fake, CrossbarCredentials.FromToken("t"), o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 10;
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.Timeout, error.Kind);
        Assert.InRange(fake.To("GET", "/v2/storage").Count(), 2, 5);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_write_is_bounded_by_the_overall_timeout_when_it_is_the_shorter(string kind)
    {
        var fake = new FakeCrossbar().OnAsync("POST", "/v2/storage", async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            return FakeCrossbar.Ok(new JsonObject());
        });
        var client = Clients.Over(kind, fake, CrossbarCredentials.FromToken("t"), o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(500);
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.ReplaceAsync(StorageScope.System, new(), TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.Timeout, error.Kind);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.Single(fake.To("POST", "/v2/storage"));
    }

    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task With_retries_off_a_get_is_sent_once_and_still_times_out(string kind)
    {
        var fake = new FakeCrossbar()
            .On("GET", "/v2/storage", () => FakeCrossbar.Fail(503, "datastore_unreachable"))
            .OnAsync("GET", "/v2/accounts/" + AccountId + "/storage", async (_, _) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                return FakeCrossbar.Ok(new JsonObject());
            });
        var client = Clients.Over(kind, fake, CrossbarCredentials.FromToken("t"), o =>
        {
            o.MaxRetries = 0;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        });

        var failed = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));
        var slow = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.Account(AccountId), TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.ServerError, failed.Kind);
        Assert.Single(fake.To("GET", "/v2/storage"));
        Assert.Equal(CrossbarErrorKind.Timeout, slow.Kind);
        Assert.Single(fake.To("GET", "/v2/accounts/" + AccountId + "/storage"));
    }

    private static Task Call(KazooStorageClient client, string method) => method switch
    {
        "PUT" => client.CreateAsync(StorageScope.System, new(), TestContext.Current.CancellationToken),
        "POST" => client.ReplaceAsync(StorageScope.System, new(), TestContext.Current.CancellationToken),
        "PATCH" => client.PatchAsync(StorageScope.System, StoragePatch.FromJson("""{"ui_metadata":{"a":1}}"""), TestContext.Current.CancellationToken),
        _ => client.DeleteAsync(StorageScope.System, TestContext.Current.CancellationToken),
    };
}
