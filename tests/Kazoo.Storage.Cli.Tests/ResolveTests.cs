namespace Kazoo.Storage.Cli.Tests;

public sealed class ResolveTests : CliTest
{
    private static readonly string[] s_jsonKeys =
        ["classification", "connection", "attachment_handler_id", "attachment_handler_kind", "effective_settings", "stub", "object_name"];

    [Fact]
    public async Task A_voicemail_goes_to_the_accounts_http_backend_under_Kazoos_object_name()
    {
        var account = Files.Write("account.json", Documents.HttpVoicemails("https://files.example.com/vm"));
        var doc = Files.Write("message.json", $$"""{"_id": "{{Documents.DocumentId}}", "owner_id": "{{Documents.OwnerId}}", "pvt_account_id": "{{Documents.AccountId}}"}""");

        var result = await Tool.RunAsync(
            "resolve", "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message",
            "--doc-id", Documents.DocumentId, "--attachment", "message.mp3", "--doc", doc, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        foreach (var key in s_jsonKeys)
        {
            Assert.True(json.TryGetProperty(key, out _), $"missing {key}: {result.Out}");
        }

        Assert.Equal("modb", json.GetProperty("classification").GetString());
        Assert.Equal("local", json.GetProperty("connection").GetString());
        Assert.Equal(Documents.HttpId, json.GetProperty("attachment_handler_id").GetString());
        Assert.Equal("http", json.GetProperty("attachment_handler_kind").GetString());
        Assert.Equal("https://files.example.com/vm", json.GetProperty("effective_settings").GetProperty("url").GetString());
        Assert.False(json.GetProperty("stub").GetBoolean());
        // HTTP's default field list: {account_id}/{owner_id}/{id}/{attachment}.
        Assert.Equal($"{Documents.AccountId}/{Documents.OwnerId}/{Documents.DocumentId}/message.mp3", json.GetProperty("object_name").GetString());
    }

    [Fact]
    public async Task Without_documents_Kazoos_system_defaults_apply_and_nothing_leaves_CouchDB()
    {
        var result = await Tool.RunAsync("resolve", "--db", Documents.Modb, "--type", "mailbox_message", "--doc-id", Documents.DocumentId, "--attachment", "m.mp3", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.Equal("modb", json.GetProperty("classification").GetString());
        Assert.Equal("local", json.GetProperty("connection").GetString());
        Assert.Equal("couchdb", json.GetProperty("target").GetString());
        foreach (var key in new[] { "attachment_handler_id", "attachment_handler_kind", "effective_settings", "stub", "object_name" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(key).ValueKind);
        }
    }

    [Fact]
    public async Task S3_secrets_are_masked_unless_asked_for()
    {
        var account = Files.Write("account.json", Documents.S3Voicemails());
        string[] args = ["resolve", "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message", "--doc-id", Documents.DocumentId, "--attachment", "m.mp3"];

        var plain = await Tool.RunAsync(args);
        var json = await Tool.RunAsync([.. args, "--json"]);
        var revealed = await Tool.RunAsync([.. args, "--json", "--show-secrets"]);

        Assert.Equal(0, plain.ExitCode);
        Assert.DoesNotContain("testsecret", plain.Out);
        Assert.DoesNotContain("testkey", plain.Out);
        Assert.Contains("secret = ***", plain.Out);
        Assert.Contains($"object name     {Documents.Modb}/{Documents.DocumentId}_m.mp3", plain.Out);
        Assert.Contains("handler         " + Documents.S3Id + " (s3)", plain.Out);

        var settings = json.Json.GetProperty("effective_settings");
        Assert.Equal("***", settings.GetProperty("secret").GetString());
        Assert.Equal("***", settings.GetProperty("key").GetString());
        Assert.Equal("voicemail-bucket", settings.GetProperty("bucket").GetString());
        Assert.DoesNotContain("testsecret", json.Out);
        // The S3 key keeps the MODB name's %2F: slashes inside values never make folders.
        Assert.Equal($"{Documents.Modb}/{Documents.DocumentId}_m.mp3", json.Json.GetProperty("object_name").GetString());

        Assert.Equal("testsecret-do-not-print", revealed.Json.GetProperty("effective_settings").GetProperty("secret").GetString());
    }

    [Fact]
    public async Task A_password_inside_a_backend_url_is_masked_too()
    {
        var account = Files.Write("account.json", Documents.HttpVoicemails("https://kazoo:hunter2@files.example.com/vm"));

        var json = await Tool.RunAsync("resolve", "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message", "--json");
        var plain = await Tool.RunAsync("resolve", "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message");

        Assert.Equal(0, json.ExitCode);
        Assert.Equal("https://kazoo:***@files.example.com/vm", json.Json.GetProperty("effective_settings").GetProperty("url").GetString());
        Assert.DoesNotContain("hunter2", plain.Out);
        Assert.Contains("url = https://kazoo:***@files.example.com/vm", plain.Out);
    }

    [Fact]
    public async Task The_owners_document_refines_the_account_plan()
    {
        var account = Files.Write("account.json", Documents.S3Voicemails());
        var user = Files.Write("user.json", Documents.HttpVoicemails("https://user-files.example.com/vm"));

        var withOwner = await Tool.RunAsync("resolve", "--account-doc", account, "--user-doc", user, "--owner", Documents.OwnerId, "--db", Documents.Modb, "--type", "mailbox_message", "--json");
        var withoutOwner = await Tool.RunAsync("resolve", "--account-doc", account, "--user-doc", user, "--db", Documents.Modb, "--type", "mailbox_message", "--json");

        Assert.Equal(Documents.HttpId, withOwner.Json.GetProperty("attachment_handler_id").GetString());
        Assert.Equal("owner", withOwner.Json.GetProperty("plan").GetString());
        Assert.Equal(Documents.S3Id, withoutOwner.Json.GetProperty("attachment_handler_id").GetString());
    }

    [Fact]
    public async Task A_handler_id_the_merged_plan_does_not_know_gives_no_target_and_exit_1()
    {
        var account = Files.Write("account.json", """{"plan": {"modb": {"types": {"mailbox_message": {"attachments": {"handler": "ffffffffffffffffffffffffffffffff"}}}}}}""");

        var plain = await Tool.RunAsync("resolve", "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message");
        var json = await Tool.RunAsync("resolve", "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message", "--json");

        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("target          none:", plain.Out);
        Assert.Equal(1, json.ExitCode);
        Assert.Equal("none", json.Json.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, json.Json.GetProperty("connection").ValueKind);
    }

    [Fact]
    public async Task Doc_id_without_attachment_is_a_usage_error()
    {
        var result = await Tool.RunAsync("resolve", "--db", Documents.Modb, "--doc-id", Documents.DocumentId);

        result.AssertFailure(2, "--doc-id and --attachment go together");
        Assert.Contains("kazoo-storage resolve --help", result.Err);
    }

    [Theory]
    [InlineData("--db")]
    [InlineData("--type")]
    [InlineData("--owner")]
    public async Task An_empty_value_is_a_usage_error_that_names_the_option(string option)
    {
        string[] args = option == "--db" ? ["resolve", "--db", ""] : ["resolve", "--db", Documents.Modb, option, ""];

        var result = await Tool.RunAsync(args);

        result.AssertFailure(2, $"{option} must not be empty.");
        Assert.DoesNotContain("Parameter", result.Err);
    }

    [Fact]
    public async Task The_database_is_required()
    {
        var result = await Tool.RunAsync("resolve", "--type", "mailbox_message");

        result.AssertFailure(2, "--db");
    }

    [Fact]
    public async Task A_document_of_the_wrong_shape_is_unusable_input()
    {
        var account = Files.Write("account.json", """{"attachments": {"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b": {"handler": "s3", "settings": {"bucket": 123}}}}""");

        var result = await Tool.RunAsync("resolve", "--account-doc", account, "--db", Documents.Modb);

        result.AssertFailure(2, "is not a storage document at $.attachments");
        Assert.Contains("kazoo-storage validate", result.Err);
    }
}
