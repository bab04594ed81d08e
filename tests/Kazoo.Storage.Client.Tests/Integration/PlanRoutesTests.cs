using System.Text.Json;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Client.Tests.Integration;

public sealed class PlanRoutesTests
{
    private static StorageDocument Plan(string? id = null) =>
        TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()) with { Id = id };

    [Fact]
    public async Task System_plans_go_through_create_list_get_replace_and_patch_despite_kazoos_type_check_bug()
    {
        await using var crossbar = await Emulator.StartAsync();
        var probes = Emulator.CountHttpProbes(crossbar);
        var client = Emulator.Client(crossbar);
        var ct = TestContext.Current.CancellationToken;

        var created = await client.CreatePlanAsync(StorageScope.System, Plan(), ct);
        var planId = created.Value.Id!;
        var listed = await client.ListPlansAsync(StorageScope.System, ct);
        var read = await client.GetPlanAsync(StorageScope.System, planId, ct);
        var replaced = await client.ReplacePlanAsync(StorageScope.System, planId, read.Value.WithUiMetadata(JsonDocument.Parse("{\"v\":1}").RootElement), ct);
        var patched = await client.PatchPlanAsync(StorageScope.System, planId, new StoragePatchBuilder().Set("ui_metadata.v", 2).Build(), ct);
        var delete = await Assert.ThrowsAsync<CrossbarException>(() => client.DeletePlanAsync(StorageScope.System, planId, ct));

        Assert.Matches("^[0-9a-f]{32}$", planId);
        var raw = Assert.Single(listed.Value);
        Assert.Equal(planId, raw.ExtensionData["_id"].GetString());
        Assert.True(raw.ExtensionData.ContainsKey("_rev"));
        Assert.Equal("storage_plan", raw.ExtensionData["pvt_type"].GetString());
        // GET /storage/plans/{id} answers 404 (Kazoo's bug); the client found the plan in the listing.
        Assert.Equal(planId, read.Value.Id);
        Assert.DoesNotContain(read.Value.ExtensionData.Keys, k => k.StartsWith('_') || k.StartsWith("pvt_", StringComparison.Ordinal));
        Assert.Equal(1, replaced.Value.UiMetadataOf()!.Value.GetProperty("v").GetInt32());
        Assert.Equal(2, patched.Value.UiMetadataOf()!.Value.GetProperty("v").GetInt32());
        Assert.True(delete.IsNotFound);
        Assert.Contains("type-check bug", delete.Message);
        Assert.NotNull(crossbar.GetStoredDocument(planId));
        Assert.Empty(probes);
    }

    [Fact]
    public async Task Without_the_bug_plans_are_read_and_deleted_directly()
    {
        await using var crossbar = await Emulator.StartAsync(new CrossbarEmulatorOptions { PlanGetAndDeleteTypeCheckBug = false });
        var client = Emulator.Client(crossbar);
        var ct = TestContext.Current.CancellationToken;
        var planId = TestDocuments.NewId();

        await client.CreatePlanAsync(StorageScope.System, Plan(planId), ct);
        var read = await client.GetPlanAsync(StorageScope.System, planId, ct);
        await client.DeletePlanAsync(StorageScope.System, planId, ct);

        Assert.Equal(planId, read.Value.Id);
        // One GET, and it was the plan's own: no listing was needed.
        Assert.Equal(1, crossbar.CountRequests("GET", "/v2/storage/plans"));
        Assert.Equal(1, crossbar.CountRequests("GET", "/v2/storage/plans/" + planId));
        Assert.Null(crossbar.GetStoredDocument(planId));
    }

    [Fact]
    public async Task A_resellers_plans_are_listed_across_pages()
    {
        await using var crossbar = await Emulator.StartAsync();
        var reseller = crossbar.AddAccount("reseller", isReseller: true);
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromApiKey(reseller.ApiKey));
        var scope = StorageScope.Account(reseller.Id);
        var ct = TestContext.Current.CancellationToken;
        var ids = Enumerable.Range(0, 57).Select(_ => TestDocuments.NewId()).ToList();

        foreach (var id in ids)
        {
            await client.CreatePlanAsync(scope, Plan(id), ct);
        }

        var listed = await client.ListPlansAsync(scope, ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Value.Select(p => p.ExtensionData["_id"].GetString()));
        Assert.Equal(2, crossbar.CountRequests("GET", "/v2/accounts/" + reseller.Id + "/storage/plans"));
    }

    [Fact]
    public async Task Creating_a_plan_with_an_existing_id_conflicts()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var planId = TestDocuments.NewId();
        var ct = TestContext.Current.CancellationToken;

        await client.CreatePlanAsync(StorageScope.System, Plan(planId), ct);
        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.CreatePlanAsync(StorageScope.System, Plan(planId), ct));

        Assert.True(error.IsConflict);
    }

    [Fact]
    public async Task Getting_a_plan_that_does_not_exist_is_not_found_after_the_listing()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetPlanAsync(StorageScope.System, TestDocuments.NewId(), TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
    }
}
