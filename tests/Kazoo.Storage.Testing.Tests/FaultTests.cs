using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>Dropped connections, error answers and delays, in arrival order, for storage and auth routes alike.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_dropped_connection_is_an_HttpRequestException_for_the_client()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.DropNextConnections(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => scenario.Caller.GetAsync(scenario.AccountStorage));

        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Caller.GetAsync(scenario.AccountStorage)).Status);
        Assert.Equal(2, scenario.Emulator.RequestCount);
    }

    [Fact]
    public async Task A_drop_on_a_pooled_connection_is_not_sent_again_by_the_client()
    {
        await using var scenario = await Scenario.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Caller.GetAsync(scenario.AccountStorage)).Status);
        scenario.Emulator.Faults.DropNextConnections(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => scenario.Caller.GetAsync(scenario.AccountStorage));

        Assert.Equal(2, scenario.Emulator.RequestCount);
    }

    [Fact]
    public async Task A_dropped_write_is_not_applied()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.DropNextConnections(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry())));

        Assert.Null(scenario.Emulator.GetStoredDocument(scenario.Account.Id));
        Assert.Equal(1, scenario.Emulator.CountRequests("PUT", "/v2/accounts/"));
    }

    [Fact]
    public async Task FailNext_answers_503_datastore_unreachable_then_requests_work_again()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.FailNext(2);

        var first = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        var second = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        var third = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
        Assert.Equal("503", first.Envelope.GetProperty("error").GetString());
        Assert.Equal("datastore_unreachable", first.Message);
        Assert.Equal("error", first.Envelope.GetProperty("status").GetString());
        Assert.Equal("datastore unreachable", first.Data.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal(HttpStatusCode.Created, third.Status);
    }

    [Fact]
    public async Task FailNext_takes_any_error_status()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.FailNext(1, 500);

        var answer = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal("500", answer.Envelope.GetProperty("error").GetString());
        Assert.Throws<ArgumentOutOfRangeException>(() => scenario.Emulator.Faults.FailNext(1, 200));
    }

    [Fact]
    public async Task DelayNext_waits_before_answering_normally()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.DelayNext(1, TimeSpan.FromMilliseconds(300));

        var watch = Stopwatch.StartNew();
        var delayed = await scenario.Caller.GetAsync(scenario.AccountStorage);
        var delayedTime = watch.Elapsed;
        watch.Restart();
        var prompt = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.NotFound, delayed.Status);
        Assert.True(delayedTime >= TimeSpan.FromMilliseconds(290), delayedTime.ToString());
        Assert.Equal(HttpStatusCode.NotFound, prompt.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(290), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task Faults_are_taken_in_the_order_they_were_added_by_auth_routes_too()
    {
        await using var scenario = await Scenario.StartAsync();
        var faults = scenario.Emulator.Faults;
        faults.FailNext(1, 502);
        faults.DropNextConnections(1);
        faults.FailNext(1);

        var login = await scenario.Anonymous.PutAsync("v2/api_auth", new JsonObject { ["api_key"] = scenario.Account.ApiKey });
        await Assert.ThrowsAsync<HttpRequestException>(() => scenario.Caller.GetAsync(scenario.AccountStorage));
        var third = await scenario.Caller.GetAsync("v2/token_auth");
        var fourth = await scenario.Caller.GetAsync("v2/token_auth");

        Assert.Equal(HttpStatusCode.BadGateway, login.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.Status);
        Assert.Equal(HttpStatusCode.OK, fourth.Status);
        Assert.Equal(0, faults.Pending);
    }

    [Fact]
    public async Task Reset_forgets_pending_faults()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.FailNext(3);
        scenario.Emulator.Faults.Reset();

        var answer = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(0, scenario.Emulator.Faults.Pending);
    }

    [Fact]
    public async Task Requests_are_counted_by_method_and_path_faulted_ones_included()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.Faults.FailNext(1);

        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(3, scenario.Emulator.RequestCount);
        Assert.Equal(2, scenario.Emulator.CountRequests("PUT", "/" + scenario.AccountStorage));
        Assert.Equal(2, scenario.Emulator.CountRequests("PUT", scenario.AccountStorage));
        Assert.Equal(2, scenario.Emulator.CountRequests("put", "/v2/accounts/"));
        Assert.Equal(1, scenario.Emulator.CountRequests("GET", "/v2/"));
        Assert.Equal(0, scenario.Emulator.CountRequests("DELETE", "/v2/"));
    }
}
