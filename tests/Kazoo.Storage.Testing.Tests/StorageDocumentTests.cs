using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>GET, PUT, POST and DELETE on the storage documents (spec §2.2).</summary>
public sealed class StorageDocumentTests
{
    [Fact]
    public async Task Get_without_a_document_is_404_bad_identifier_with_the_id_as_cause()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("404", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal("bad_identifier", answer.Message);
        Assert.Equal(scenario.Account.Id, answer.Data.GetProperty("cause").GetString());
        Assert.Equal("bad identifier", answer.Data.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Put_creates_with_201_a_location_and_the_public_document()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal($"/v2/accounts/{scenario.Account.Id}/storage/{scenario.Account.Id}", answer.Headers.Location!.OriginalString);
        Assert.Equal(scenario.Account.Id, answer.Data.GetProperty("id").GetString());
        Assert.Equal("my-bucket", answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("settings").GetProperty("bucket").GetString());
        Assert.StartsWith("1-", answer.Revision);
        Assert.False(answer.Data.TryGetProperty("pvt_type", out _));
    }

    [Fact]
    public async Task The_stored_document_carries_Kazoo_private_metadata()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { TimeProvider = clock });
        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value;

        Assert.Equal(scenario.Account.Id, stored.GetProperty("_id").GetString());
        Assert.Equal(answer.Revision, stored.GetProperty("_rev").GetString());
        Assert.Equal("storage", stored.GetProperty("pvt_type").GetString());
        Assert.Equal("system_data", stored.GetProperty("pvt_account_db").GetString());
        Assert.Equal(scenario.Account.Id, stored.GetProperty("pvt_account_id").GetString());
        Assert.Equal(63871286400, stored.GetProperty("pvt_created").GetInt64());
        Assert.Equal(answer.Envelope.GetProperty("request_id").GetString(), stored.GetProperty("pvt_request_id").GetString());
        Assert.Equal(scenario.Account.Id, stored.GetProperty("pvt_auth_account_id").GetString());
        Assert.Equal(["_id", "_rev"], stored.EnumerateObject().Take(2).Select(p => p.Name));
    }

    [Fact]
    public async Task Put_on_an_existing_document_is_409_datastore_conflict()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry("other-bucket")));

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("409", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal("datastore_conflict", answer.Message);
        Assert.Equal("conflicting documents", answer.Data.GetProperty("message").GetString());
        Assert.Equal("1", scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value.GetProperty("_rev").GetString()![..1]);
    }

    [Fact]
    public async Task Put_ignores_the_sent_id_and_top_level_private_keys_but_keeps_unknown_keys()
    {
        await using var scenario = await Scenario.StartAsync();
        var document = Scenario.Document(Scenario.S3Entry());
        document["id"] = "something-else";
        document["pvt_type"] = "evil";
        document["_rev"] = "9-abc";
        document["custom_note"] = "kept";

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, document);
        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value;

        Assert.Equal(scenario.Account.Id, answer.Data.GetProperty("id").GetString());
        Assert.Equal("storage", stored.GetProperty("pvt_type").GetString());
        Assert.StartsWith("1-", stored.GetProperty("_rev").GetString());
        Assert.False(stored.TryGetProperty("id", out _));
        Assert.Equal("kept", answer.Data.GetProperty("custom_note").GetString());
    }

    [Fact]
    public async Task Get_answers_public_members_and_id_and_keeps_nested_underscore_keys()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var answer = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["attachments", "plan", "id"], answer.Data.EnumerateObject().Select(p => p.Name));
        Assert.True(answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).TryGetProperty("_sig", out _));
        Assert.Equal(scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value.GetProperty("_rev").GetString(), answer.Revision);
    }

    [Fact]
    public async Task Post_without_a_document_is_404_after_validation()
    {
        await using var scenario = await Scenario.StartAsync();

        var valid = await scenario.Caller.PostAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        var invalid = await scenario.Caller.PostAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry("abc")));

        Assert.Equal(HttpStatusCode.NotFound, valid.Status);
        Assert.Equal("bad_identifier", valid.Message);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
    }

    [Fact]
    public async Task Post_replaces_public_content_and_keeps_private_fields()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { TimeProvider = clock });
        var document = Scenario.Document(Scenario.S3Entry());
        document["custom_note"] = "dropped by the next POST";
        await scenario.Caller.PutAsync(scenario.AccountStorage, document);
        clock.Advance(TimeSpan.FromMinutes(5));

        var replacement = new JsonObject { ["attachments"] = new JsonObject { [Scenario.OtherAttachmentId] = Scenario.HttpEntry() } };
        var answer = await scenario.Caller.PostAsync(scenario.AccountStorage, replacement);
        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value;

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.StartsWith("2-", answer.Revision);
        Assert.Equal(["attachments", "id"], answer.Data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(63871286400, stored.GetProperty("pvt_created").GetInt64());
        Assert.Equal(63871286700, stored.GetProperty("pvt_modified").GetInt64());
        Assert.Equal("storage", stored.GetProperty("pvt_type").GetString());
    }

    [Fact]
    public async Task Delete_is_hard_and_answers_the_document_marked_deleted()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var deleted = await scenario.Caller.DeleteAsync(scenario.AccountStorage);
        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id);
        var get = await scenario.Caller.GetAsync(scenario.AccountStorage);
        var again = await scenario.Caller.DeleteAsync(scenario.AccountStorage);
        var recreated = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.True(deleted.Data.GetProperty("_read_only").GetProperty("deleted").GetBoolean());
        Assert.Equal(scenario.Account.Id, deleted.Data.GetProperty("id").GetString());
        Assert.True(deleted.Data.TryGetProperty("attachments", out _));
        Assert.Null(stored);
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.StartsWith("3-", recreated.Revision);
    }

    [Fact]
    public async Task The_system_document_is_stored_as_system()
    {
        await using var scenario = await Scenario.StartAsync();

        var put = await scenario.Master.PutAsync("v2/storage", Scenario.Document(Scenario.S3Entry()));
        var get = await scenario.Master.GetAsync("v2/storage");

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal("/v2/storage/system", put.Headers.Location!.OriginalString);
        Assert.Equal("system", get.Data.GetProperty("id").GetString());
        Assert.False(scenario.Emulator.GetStoredDocument("system")!.Value.TryGetProperty("pvt_account_id", out _));
    }

    [Fact]
    public async Task Put_without_data_stores_an_empty_document()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.SendAsync(HttpMethod.Put, scenario.AccountStorage, (string?)null);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal(JsonValueKind.Object, answer.Data.ValueKind);
        Assert.Equal(["id"], answer.Data.EnumerateObject().Select(p => p.Name));
    }
}
