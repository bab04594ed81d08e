using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>Concurrent writes to one document: each is applied in turn and bumps the revision; none is lost.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_parallel_patches_each_adding_one_key_lose_nothing()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["ui_metadata"] = new JsonObject { ["key_" + i] = i } })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value;
        Assert.Equal(50, stored.GetProperty("ui_metadata").EnumerateObject().Count());
        Assert.StartsWith("51-", stored.GetProperty("_rev").GetString());
        Assert.Equal(50, answers.Select(a => a.Revision).Distinct().Count());
    }

    [Fact]
    public async Task Fifty_parallel_posts_each_bump_the_revision()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, new JsonObject());

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            scenario.Caller.PostAsync(scenario.AccountStorage, new JsonObject { ["writer"] = i })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var generations = answers.Select(a => int.Parse(a.Revision!.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 50), generations);
        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value;
        var last = answers.Single(a => a.Revision == stored.GetProperty("_rev").GetString());
        Assert.Equal(last.Data.GetProperty("writer").GetInt32(), stored.GetProperty("writer").GetInt32());
    }

    [Fact]
    public async Task Parallel_logins_and_reads_on_many_accounts_are_answered()
    {
        await using var scenario = await Scenario.StartAsync();
        var accounts = Enumerable.Range(0, 20).Select(i => scenario.Emulator.AddAccount("Account " + i)).ToList();

        var answers = await Task.WhenAll(accounts.Select(async account =>
        {
            using var caller = new CrossbarCaller(scenario.Emulator);
            await caller.LoginWithApiKeyAsync(account.ApiKey);
            await caller.PutAsync($"v2/accounts/{account.Id}/storage", Scenario.Document(Scenario.S3Entry()));
            return await caller.GetAsync($"v2/accounts/{account.Id}/storage");
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }
}
