using Kazoo.Storage.Azure.Tests.Support;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete, and probe, through the azure kind, against the real Azurite the Azure tests use.</summary>
public sealed class AttachmentAzureTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private const string AzureId = "7a8b9c0d1e2f30415263748596a7b8c9";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Azurite's path-style endpoint, the account standing for itself.</summary>
    private string[] EndpointArgs => ["--azure-endpoint", azurite.Options().BlobEndpointTemplate];

    private string Entry(string? key = null) =>
        $$"""{ "handler": "azure", "settings": { "account": "{{azurite.Account}}", "key": "{{key ?? azurite.Key}}", "container": "{{azurite.Container}}" } }""";

    private string AccountDoc(string? key = null) => _files.Write("account.json", $$"""
        {
          "attachments": { "{{AzureId}}": {{Entry(key)}} },
          "plan": { "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{AzureId}}" } } } } }
        }
        """);

    private string[] Voicemail(string documentId, params string[] args) =>
        [.. args, "--db", Documents.Modb, "--type", "mailbox_message", "--doc-id", documentId, "--attachment", "message.mp3", "--json", .. EndpointArgs];

    [Fact]
    public async Task Put_get_and_delete_round_trip_through_Azure_at_Kazoos_blob_name()
    {
        azurite.Require();
        var content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 3); // above the 4 MiB block: staged blocks, then one commit
        var input = _files.WriteBytes("message.mp3", content);
        var output = _files.PathOf("back.mp3");
        var account = AccountDoc();
        var documentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var name = $"{documentId}_message.mp3"; // Kazoo's default for azure: {docid}_{attachment}

        var put = await Tool.RunAsync(Voicemail(documentId, "attachment", "put", input, "--account-doc", account));
        var stored = await azurite.ExistsAsync(name);
        var get = await Tool.RunAsync(Voicemail(documentId, "attachment", "get", "-o", output, "--account-doc", account));
        var delete = await Tool.RunAsync(Voicemail(documentId, "attachment", "delete", "--account-doc", account));

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal(name, put.Json.GetProperty("object_name").GetString());
        Assert.Equal("azure", put.Json.GetProperty("attachment_handler_kind").GetString());
        Assert.Equal(content.Length, put.Json.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), put.Json.GetProperty("sha256").GetString());
        Assert.True(stored);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(content, File.ReadAllBytes(output));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), get.Json.GetProperty("sha256").GetString());
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.False(await azurite.ExistsAsync(name));
        Assert.DoesNotContain(azurite.Key, put.ToString() + get + delete);
    }

    [Fact]
    public async Task Probe_passes_and_leaves_no_test_file()
    {
        azurite.Require();
        var document = _files.Write("storage.json", $$"""{ "attachments": { "{{AzureId}}": {{Entry()}} } }""");

        var result = await Tool.RunAsync(["probe", document, "--account", Documents.AccountId, "--json", .. EndpointArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var backend = Assert.Single(result.Json.GetProperty("backends").EnumerateArray());
        Assert.Equal("azure", backend.GetProperty("kind").GetString());
        Assert.Equal("passed", backend.GetProperty("outcome").GetString());
        Assert.Empty(await azurite.NamesAsync(""));
        Assert.DoesNotContain(azurite.Key, result.ToString());
    }

    [Fact]
    public async Task A_wrong_key_is_exit_4_with_azures_code_and_is_never_printed()
    {
        azurite.Require();
        var wrong = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var documentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var result = await Tool.RunAsync(Voicemail(documentId, "attachment", "put", _files.WriteBytes("x.mp3", [1, 2, 3]), "--account-doc", AccountDoc(wrong)));

        Assert.Equal(4, result.ExitCode);
        var error = result.Json.GetProperty("error");
        Assert.Equal("backend", error.GetProperty("kind").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        Assert.DoesNotContain(wrong, result.ToString());
        Assert.DoesNotContain(azurite.Key, result.ToString());
    }

    [Fact]
    public async Task An_endpoint_without_the_account_placeholder_is_a_usage_error()
    {
        var documentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var result = await Tool.RunAsync(["attachment", "put", _files.WriteBytes("x.mp3", [1]), "--account-doc", AccountDoc("a2V5"), "--db", Documents.Modb,
            "--type", "mailbox_message", "--doc-id", documentId, "--attachment", "message.mp3", "--azure-endpoint", "http://127.0.0.1:1/no-placeholder"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--azure-endpoint must be an http or https URL with {account} in it", result.Err.ReplaceLineEndings(""));
    }
}
