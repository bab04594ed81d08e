using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>What Kazoo's validator writes into saved documents (spec §3.3): schema defaults and lenient coercions.</summary>
public sealed class DefaultsTests
{
    [Fact]
    public async Task An_http_entry_gains_verb_put_and_base64_encode_data_false()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.HttpEntry()));

        var settings = answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("settings");
        Assert.Equal("put", settings.GetProperty("verb").GetString());
        Assert.False(settings.GetProperty("base64_encode_data").GetBoolean());
        Assert.Equal(["url", "base64_encode_data", "verb"], settings.EnumerateObject().Select(p => p.Name));
        var stored = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value;
        Assert.Equal("put", stored.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("settings").GetProperty("verb").GetString());
    }

    [Fact]
    public async Task A_value_that_is_sent_is_not_replaced_by_the_default()
    {
        await using var scenario = await Scenario.StartAsync();
        var entry = Scenario.HttpEntry();
        entry["settings"]!["verb"] = "post";

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(entry));

        Assert.Equal("post", answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("settings").GetProperty("verb").GetString());
    }

    [Fact]
    public async Task Other_handlers_gain_nothing()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(["bucket", "key", "secret"], answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("settings").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_boolean_sent_as_text_outside_a_oneOf_is_stored_as_a_boolean()
    {
        await using var scenario = await Scenario.StartAsync();
        var document = Scenario.Document(Scenario.S3Entry());
        document["plan"]!["modb"]!["types"]!["mailbox_message"]!["attachments"]!["stub"] = "true";

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, document);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.True(answer.Data.GetProperty("plan").GetProperty("modb").GetProperty("types").GetProperty("mailbox_message")
            .GetProperty("attachments").GetProperty("stub").GetBoolean());
    }

    [Fact]
    public async Task Plans_gain_defaults_too()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Master.PutAsync("v2/storage/plans", Scenario.Document(Scenario.HttpEntry()));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("put", answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("settings").GetProperty("verb").GetString());
    }
}
