using Kazoo.Storage.Azure.Tests.Support;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete, and probe, through the azure kind, against the real Azurite the Azure tests use.</summary>
public sealed class AttachmentAzureTests(Azurite azurite) : CliTest, IClassFixture<Azurite>
{
    private const string AzureId = "7a8b9c0d1e2f30415263748596a7b8c9";

    /// <summary>Azurite's path-style endpoint, the account standing for itself.</summary>
    private string[] EndpointArgs => ["--azure-endpoint", azurite.Options().BlobEndpointTemplate];

    private string Entry(string? key = null) =>
        $$"""{ "handler": "azure", "settings": { "account": "{{azurite.Account}}", "key": "{{key ?? azurite.Key}}", "container": "{{azurite.Container}}" } }""";

    /// <summary>An account document sending voicemails to Azurite with <paramref name="key"/>, and the voicemail <paramref name="documentId"/>.</summary>
    private string[] Voicemail(string documentId, string? key = null) =>
        ["--account-doc", Files.Write("account.json", Documents.Voicemails(AzureId, Entry(key))), .. Documents.Voicemail(documentId)];

    [Fact]
    public async Task Put_get_and_delete_round_trip_through_Azure_at_Kazoos_blob_name()
    {
        azurite.Require();
        var content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 3); // above the 4 MiB block: staged blocks, then one commit
        var documentId = Documents.NewId();
        var name = $"{documentId}_message.mp3"; // Kazoo's default for azure: {docid}_{attachment}

        var runs = await AttachmentRuns.AssertRoundTripAsync(Files, content, [.. Voicemail(documentId), .. EndpointArgs], name, "azure", () => azurite.ExistsAsync(name));

        Assert.DoesNotContain(azurite.Key, string.Join('\n', runs));
    }

    [Fact]
    public async Task Probe_passes_and_leaves_no_test_file()
    {
        azurite.Require();
        var document = Files.Write("storage.json", Documents.Backend(AzureId, Entry()));

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

        var result = await Tool.RunAsync(["attachment", "put", Files.WriteBytes("x.mp3", [1, 2, 3]), .. Voicemail(Documents.NewId(), wrong), "--json", .. EndpointArgs]);

        AttachmentRuns.AssertBackendFailure(result, 4, 403, wrong, azurite.Key);
    }

    [Fact]
    public async Task An_endpoint_without_the_account_placeholder_is_a_usage_error()
    {
        var result = await Tool.RunAsync(["attachment", "put", Files.WriteBytes("x.mp3", [1]), .. Voicemail(Documents.NewId(), "a2V5"), "--azure-endpoint", "http://127.0.0.1:1/no-placeholder"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--azure-endpoint must be an http or https URL with {account} in it", result.Err.ReplaceLineEndings(""));
    }
}
