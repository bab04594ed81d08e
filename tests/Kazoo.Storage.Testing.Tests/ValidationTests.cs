using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>Crossbar's 400 answers for invalid documents, with Kazoo's exact errors (spec §3.3 and §5).</summary>
public sealed class ValidationTests
{
    [Fact]
    public async Task A_short_bucket_is_not_one_schema_valid_on_the_entry()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry("abc")));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("400", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal("validation error", answer.Message);
        Assert.Equal("error", answer.Envelope.GetProperty("status").GetString());
        var error = answer.Error("attachments." + Scenario.AttachmentId, "not_one_schema_valid");
        Assert.Equal("failed to validate", error.GetProperty("message").GetString());
        Assert.Equal("abc", error.GetProperty("value").GetProperty("settings").GetProperty("bucket").GetString());
        Assert.Single(answer.Data.EnumerateObject());
        Assert.Null(scenario.Emulator.GetStoredDocument(scenario.Account.Id));
    }

    [Fact]
    public async Task Echoed_entries_have_their_secrets_masked_where_Kazoo_echoes_them_in_clear()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry("abc")));

        var settings = answer.Error("attachments." + Scenario.AttachmentId, "not_one_schema_valid").GetProperty("value").GetProperty("settings");
        Assert.Equal("***", settings.GetProperty("secret").GetString());
        Assert.Equal("***", settings.GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_plan_handler_that_names_no_attachment_is_an_invalid_reference()
    {
        await using var scenario = await Scenario.StartAsync();
        var document = Scenario.Document(Scenario.S3Entry());
        document["plan"] = Scenario.PlanFor("deadbeefdeadbeefdeadbeefdeadbeef");

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, document);

        var error = answer.Error("plan.modb.types.mailbox_message.attachments.handler", "error");
        Assert.Equal("invalid reference 'deadbeefdeadbeefdeadbeefdeadbeef' to attachments", error.GetProperty("message").GetString());
        Assert.Equal("deadbeefdeadbeefdeadbeefdeadbeef", error.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_hyphenated_attachment_id_is_additionalProperties_with_the_parent_object()
    {
        await using var scenario = await Scenario.StartAsync();
        const string hyphenated = "0f5c2c2e-7d1b-4a7e-9a3b-6c1d2e3f4a5b";
        var document = new JsonObject { ["attachments"] = new JsonObject { [hyphenated] = Scenario.S3Entry() } };

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, document);

        var error = answer.Error("attachments." + hyphenated, "additionalProperties");
        Assert.Equal("Strict checking of data is enabled; only include schema-defined properties", error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("value").TryGetProperty(hyphenated, out _));
    }

    [Fact]
    public async Task Post_and_the_plan_routes_validate_too()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var post = await scenario.Caller.PostAsync(scenario.AccountStorage, new JsonObject { ["plan"] = new JsonObject { ["yodb"] = new JsonObject() } });
        var plan = await scenario.Master.PutAsync("v2/storage/plans", Scenario.Document(Scenario.S3Entry("abc")));

        Assert.Equal(HttpStatusCode.BadRequest, post.Status);
        Assert.True(post.Data.GetProperty("plan.yodb").TryGetProperty("additionalProperties", out _));
        Assert.Equal(HttpStatusCode.BadRequest, plan.Status);
        Assert.StartsWith("1-", scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value.GetProperty("_rev").GetString());
    }

    [Fact]
    public async Task An_http_backend_on_localhost_is_refused_by_default()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.HttpEntry("http://127.0.0.1:8080/store")));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Data.GetProperty("attachments." + Scenario.AttachmentId).TryGetProperty("not_one_schema_valid", out _));
    }

    [Fact]
    public async Task An_http_backend_on_loopback_is_accepted_when_the_blacklist_is_cleared()
    {
        var validation = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] };
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { Validation = validation });

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.HttpEntry("http://127.0.0.1:8080/store")));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Fact]
    public async Task Precise_validation_reports_the_real_path_when_chosen()
    {
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { Validation = ValidationOptions.Default });

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry("abc")));

        Assert.Equal(6, answer.Error("attachments." + Scenario.AttachmentId + ".settings.bucket", "minLength").GetProperty("target").GetInt32());
    }

    [Fact]
    public async Task Top_level_private_keys_are_removed_before_validation()
    {
        await using var scenario = await Scenario.StartAsync();
        var document = Scenario.Document(Scenario.S3Entry());
        document["_attachments"] = new JsonArray();
        document["pvt_anything"] = new JsonObject();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, document);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Fact]
    public async Task The_400_data_is_what_the_SDK_reads_back_as_ValidationErrors()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry("abc")));
        var errors = ValidationErrors.FromCrossbarData(answer.Data);

        Assert.True(errors.Contains("attachments." + Scenario.AttachmentId, "not_one_schema_valid"));
    }
}
