using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>The <c>/storage/plans</c> routes (spec §2.2), Kazoo's type-check bug on and off.</summary>
public sealed class PlanTests
{
    private const string SystemPlans = "v2/storage/plans";

    [Fact]
    public async Task Put_creates_a_system_plan_with_a_random_id()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Master.PutAsync(SystemPlans, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var id = answer.Data.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal("/v2/storage/plans/" + id, answer.Headers.Location!.OriginalString);
        var stored = scenario.Emulator.GetStoredDocument(id)!.Value;
        Assert.Equal("storage_plan", stored.GetProperty("pvt_type").GetString());
        Assert.True(stored.GetProperty("pvt_system_plan").GetBoolean());
    }

    [Fact]
    public async Task Put_uses_the_body_id_and_a_second_put_with_it_conflicts()
    {
        await using var scenario = await Scenario.StartAsync();
        var document = Scenario.Document(Scenario.S3Entry());
        document["id"] = "my-plan";

        var first = await scenario.Master.PutAsync(SystemPlans, document);
        var second = await scenario.Master.PutAsync(SystemPlans, document);

        Assert.Equal("my-plan", first.Data.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("datastore_conflict", second.Message);
    }

    [Fact]
    public async Task Account_plans_belong_to_the_account_and_are_not_system_plans()
    {
        await using var scenario = await Scenario.StartAsync();
        var reseller = scenario.Emulator.AddAccount("Reseller", isReseller: true);

        var answer = await scenario.Master.PutAsync($"v2/accounts/{reseller.Id}/storage/plans", Scenario.Document(Scenario.S3Entry()));
        var stored = scenario.Emulator.GetStoredDocument(answer.Data.GetProperty("id").GetString()!)!.Value;

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.False(stored.GetProperty("pvt_system_plan").GetBoolean());
        Assert.Equal(reseller.Id, stored.GetProperty("pvt_account_id").GetString());
    }

    [Fact]
    public async Task The_lists_hold_raw_documents_of_their_own_scope()
    {
        await using var scenario = await Scenario.StartAsync();
        var reseller = scenario.Emulator.AddAccount("Reseller", isReseller: true);
        var other = scenario.Emulator.AddAccount("Other", isReseller: true);
        var systemPlan = await scenario.Master.PutAsync(SystemPlans, Scenario.Document(Scenario.S3Entry()));
        var resellerPlan = await scenario.Master.PutAsync($"v2/accounts/{reseller.Id}/storage/plans", new JsonObject());
        await scenario.Master.PutAsync($"v2/accounts/{other.Id}/storage/plans", new JsonObject());
        await scenario.Master.PutAsync("v2/storage", new JsonObject());

        var systemList = await scenario.Master.GetAsync(SystemPlans);
        var resellerList = await scenario.Master.GetAsync($"v2/accounts/{reseller.Id}/storage/plans");

        var systemEntry = Assert.Single(systemList.Data.EnumerateArray());
        Assert.Equal(systemPlan.Data.GetProperty("id").GetString(), systemEntry.GetProperty("_id").GetString());
        Assert.Equal(systemPlan.Revision, systemEntry.GetProperty("_rev").GetString());
        Assert.Equal("storage_plan", systemEntry.GetProperty("pvt_type").GetString());
        Assert.Equal(1, systemList.Envelope.GetProperty("page_size").GetInt32());
        Assert.Equal(resellerPlan.Data.GetProperty("id").GetString(), Assert.Single(resellerList.Data.EnumerateArray()).GetProperty("_id").GetString());
    }

    [Fact]
    public async Task Lists_are_paginated_by_page_size_and_start_key()
    {
        await using var scenario = await Scenario.StartAsync();
        foreach (var id in new[] { "plan-c", "plan-a", "plan-b" })
        {
            await scenario.Master.PutAsync(SystemPlans, new JsonObject { ["id"] = id });
        }

        var first = await scenario.Master.GetAsync(SystemPlans + "?page_size=2");
        var second = await scenario.Master.GetAsync(SystemPlans + "?page_size=2&start_key=" + first.Envelope.GetProperty("next_start_key").GetString());
        var all = await scenario.Master.GetAsync(SystemPlans + "?paginate=false");

        Assert.Equal(["plan-a", "plan-b"], first.Data.EnumerateArray().Select(d => d.GetProperty("_id").GetString()));
        Assert.Equal(2, first.Envelope.GetProperty("page_size").GetInt32());
        Assert.Equal("plan-c", first.Envelope.GetProperty("next_start_key").GetString());
        Assert.Equal(["plan-c"], second.Data.EnumerateArray().Select(d => d.GetProperty("_id").GetString()));
        Assert.Equal("plan-c", second.Envelope.GetProperty("start_key").GetString());
        Assert.False(second.Envelope.TryGetProperty("next_start_key", out _));
        Assert.Equal(3, all.Data.GetArrayLength());
    }

    [Fact]
    public async Task Get_and_delete_of_a_real_plan_are_404_because_of_Kazoo_type_check_bug()
    {
        await using var scenario = await Scenario.StartAsync();
        var id = (await scenario.Master.PutAsync(SystemPlans, new JsonObject())).Data.GetProperty("id").GetString()!;

        var get = await scenario.Master.GetAsync(SystemPlans + "/" + id);
        var delete = await scenario.Master.DeleteAsync(SystemPlans + "/" + id);

        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Equal("bad_identifier", get.Message);
        Assert.Equal(id, get.Data.GetProperty("cause").GetString());
        Assert.Equal(HttpStatusCode.NotFound, delete.Status);
        Assert.NotNull(scenario.Emulator.GetStoredDocument(id));
    }

    [Fact]
    public async Task The_bug_makes_the_plan_route_find_storage_documents_instead()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Master.PutAsync("v2/storage", new JsonObject { ["note"] = "system" });

        var answer = await scenario.Master.GetAsync(SystemPlans + "/system");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("system", answer.Data.GetProperty("note").GetString());
    }

    [Fact]
    public async Task With_the_bug_off_get_and_delete_work_on_plans_only()
    {
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { PlanGetAndDeleteTypeCheckBug = false });
        var id = (await scenario.Master.PutAsync(SystemPlans, new JsonObject { ["note"] = "plan" })).Data.GetProperty("id").GetString()!;
        await scenario.Master.PutAsync("v2/storage", new JsonObject());

        var get = await scenario.Master.GetAsync(SystemPlans + "/" + id);
        var system = await scenario.Master.GetAsync(SystemPlans + "/system");
        var delete = await scenario.Master.DeleteAsync(SystemPlans + "/" + id);

        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal("plan", get.Data.GetProperty("note").GetString());
        Assert.Equal(HttpStatusCode.NotFound, system.Status);
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.True(delete.Data.GetProperty("_read_only").GetProperty("deleted").GetBoolean());
        Assert.Null(scenario.Emulator.GetStoredDocument(id));
    }

    [Fact]
    public async Task Post_and_patch_work_on_plans()
    {
        await using var scenario = await Scenario.StartAsync();
        var id = (await scenario.Master.PutAsync(SystemPlans, Scenario.Document(Scenario.S3Entry()))).Data.GetProperty("id").GetString()!;

        var post = await scenario.Master.PostAsync(SystemPlans + "/" + id, new JsonObject { ["note"] = "replaced" });
        var patch = await scenario.Master.PatchAsync(SystemPlans + "/" + id, new JsonObject { ["extra"] = 1 });
        var stored = scenario.Emulator.GetStoredDocument(id)!.Value;

        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.False(post.Data.TryGetProperty("attachments", out _));
        Assert.Equal(HttpStatusCode.OK, patch.Status);
        Assert.Equal("replaced", patch.Data.GetProperty("note").GetString());
        Assert.Equal(1, patch.Data.GetProperty("extra").GetInt32());
        Assert.Equal("storage_plan", stored.GetProperty("pvt_type").GetString());
        Assert.True(stored.GetProperty("pvt_system_plan").GetBoolean());
        Assert.StartsWith("3-", stored.GetProperty("_rev").GetString());
    }

    [Fact]
    public async Task Post_and_patch_on_a_missing_plan_are_404()
    {
        await using var scenario = await Scenario.StartAsync();

        var post = await scenario.Master.PostAsync(SystemPlans + "/nothing", new JsonObject());
        var patch = await scenario.Master.PatchAsync(SystemPlans + "/nothing", new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, post.Status);
        Assert.Equal(HttpStatusCode.NotFound, patch.Status);
        Assert.Equal(JsonValueKind.String, patch.Data.GetProperty("cause").ValueKind);
    }
}
