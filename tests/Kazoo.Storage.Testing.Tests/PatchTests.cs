using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>PATCH: Kazoo's merge (Corrections #1), each quirk on and off, and validation of the merged document.</summary>
public sealed class PatchTests
{
    private static JsonObject Stored() => new()
    {
        ["attachments"] = new JsonObject { [Scenario.AttachmentId] = Scenario.S3Entry() },
        ["plan"] = Scenario.PlanFor(Scenario.AttachmentId),
        ["ui_metadata"] = new JsonObject { ["origin"] = "test", ["version"] = "1" },
        ["note"] = "first",
    };

    [Fact]
    public async Task Patch_without_a_document_is_404()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["note"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("bad_identifier", answer.Message);
    }

    [Fact]
    public async Task Patch_deep_merges_request_values_over_stored_ones()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, JsonNode.Parse("""{"ui_metadata":{"version":"2","extra":true},"note":"second"}"""));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.StartsWith("2-", answer.Revision);
        var ui = answer.Data.GetProperty("ui_metadata");
        Assert.Equal("test", ui.GetProperty("origin").GetString());
        Assert.Equal("2", ui.GetProperty("version").GetString());
        Assert.True(ui.GetProperty("extra").GetBoolean());
        Assert.Equal("second", answer.Data.GetProperty("note").GetString());
        Assert.True(answer.Data.TryGetProperty("attachments", out _));
    }

    [Fact]
    public async Task A_null_deletes_the_key_and_an_empty_object_replaces_the_stored_one()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, JsonNode.Parse("""{"note":null,"ui_metadata":{}}"""));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Data.TryGetProperty("note", out _));
        Assert.Equal("{}", answer.Data.GetProperty("ui_metadata").GetRawText());
    }

    [Fact]
    public async Task With_the_quirk_off_a_null_is_stored_and_an_empty_object_changes_nothing()
    {
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { PatchNullDeletesKeys = false });
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, JsonNode.Parse("""{"note":null,"ui_metadata":{}}"""));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(JsonValueKind.Null, answer.Data.GetProperty("note").ValueKind);
        Assert.Equal("test", answer.Data.GetProperty("ui_metadata").GetProperty("origin").GetString());
    }

    [Fact]
    public async Task The_merged_document_comes_out_with_keys_in_descending_order()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["aaa"] = 1 });

        Assert.Equal(["ui_metadata", "plan", "note", "attachments", "aaa", "id"], answer.Data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["version", "origin"], answer.Data.GetProperty("ui_metadata").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["settings", "name", "handler", "_sig"],
            answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task With_sorting_off_keys_keep_their_order_and_new_ones_follow()
    {
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { PatchSortsKeysDescending = false });
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["aaa"] = 1, ["note"] = "second" });

        Assert.Equal(["attachments", "plan", "ui_metadata", "note", "aaa", "id"], answer.Data.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_merged_document_is_validated_and_nothing_is_saved_when_it_is_invalid()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage,
            new JsonObject { ["attachments"] = new JsonObject { [Scenario.AttachmentId] = new JsonObject { ["settings"] = new JsonObject { ["bucket"] = "abc" } } } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var error = answer.Error("attachments." + Scenario.AttachmentId, "not_one_schema_valid");
        Assert.Equal("abc", error.GetProperty("value").GetProperty("settings").GetProperty("bucket").GetString());
        Assert.StartsWith("1-", scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value.GetProperty("_rev").GetString());
    }

    [Fact]
    public async Task Removing_the_attachment_a_plan_names_fails_the_reference_check()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Stored());

        var answer = await scenario.Caller.PatchAsync(scenario.AccountStorage, JsonNode.Parse("""{"attachments":{}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Data.GetProperty("plan.modb.types.mailbox_message.attachments.handler").TryGetProperty("error", out _));
    }
}
