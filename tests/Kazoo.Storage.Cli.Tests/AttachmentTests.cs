using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete through the http kind, against a loopback file backend, documents as files or from Crossbar.</summary>
public sealed class AttachmentTests : FileBackendTest
{
    private string Url => new Uri(Backend.BaseAddress, "vm").ToString();

    /// <summary><paramref name="args"/>, then the options that name the voicemail.</summary>
    private static string[] Voicemail(params string[] args) => [.. args, .. Documents.Voicemail()];

    private string AccountDoc() => Files.Write("account.json", Documents.HttpVoicemails(Url));

    [Fact]
    public async Task Put_get_and_delete_round_trip_a_file_byte_for_byte_under_Kazoos_name()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var input = Files.WriteBytes("message.mp3", content);
        var output = Files.PathOf("back.mp3");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var account = AccountDoc();

        var put = await Tool.RunAsync(Voicemail("attachment", "put", input, "--account-doc", account));
        var get = await Tool.RunAsync(Voicemail("attachment", "get", "-o", output, "--account-doc", account));
        var delete = await Tool.RunAsync(Voicemail("attachment", "delete", "--account-doc", account));
        var gone = await Tool.RunAsync(Voicemail("attachment", "get", "-o", Files.PathOf("gone.mp3"), "--account-doc", account));

        Assert.True(put.ExitCode == 0, put.ToString());
        // The http kind's default name: {account_id}/{doc id}/{attachment}; no document, so Kazoo's unknown_account.
        Assert.Contains($"✓ Stored message.mp3, 3,145,745 bytes (http backend {Documents.HttpId})", put.Out);
        Assert.Contains($"object name  unknown_account/{Documents.DocumentId}/message.mp3", put.Out);
        Assert.Contains("sha256       " + hash, put.Out);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(content, File.ReadAllBytes(output));
        Assert.Contains("sha256       " + hash, get.Out);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains($"✓ Deleted message.mp3 (http backend {Documents.HttpId})", delete.Out);
        Assert.Equal(0, Backend.FileCount);
        gone.AssertFailure(3, "error: The http backend failed (404): 404 Not Found");
        Assert.False(File.Exists(Files.PathOf("gone.mp3")));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(output)!, "*.partial"));
    }

    [Fact]
    public async Task Transfers_over_1_MiB_show_progress_bars_on_a_terminal_only()
    {
        var input = Files.WriteBytes("big.mp3", RandomNumberGenerator.GetBytes(2 * 1024 * 1024));
        var account = AccountDoc();
        var terminal = new SharedWriter();
        var host = CliHost.ForWriters(new SharedWriter(), terminal) with { Interactive = true };

        var onTerminal = await CliApp.RunAsync(Voicemail("attachment", "put", input, "--account-doc", account), host, TestContext.Current.CancellationToken);
        var getOnTerminal = await CliApp.RunAsync(Voicemail("attachment", "get", "-o", Files.PathOf("a.mp3"), "--account-doc", account), host, TestContext.Current.CancellationToken);
        var redirected = await Tool.RunAsync(Voicemail("attachment", "get", "-o", Files.PathOf("b.mp3"), "--account-doc", account));

        Assert.Equal(0, onTerminal);
        Assert.Equal(0, getOnTerminal);
        Assert.Contains("Uploading message.mp3", terminal.ToString());
        Assert.Contains("Downloading message.mp3", terminal.ToString());
        Assert.Contains("100%", terminal.ToString());
        Assert.Equal(0, redirected.ExitCode);
        Assert.DoesNotContain("Downloading", redirected.Err);
    }

    [Fact]
    public async Task Json_gives_the_object_name_kind_bytes_and_sha256()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var metadata = Files.Write("doc.json", $$"""{"_id": "{{Documents.DocumentId}}", "owner_id": "{{Documents.OwnerId}}", "pvt_account_id": "{{Documents.AccountId}}"}""");

        var runs = await AttachmentRuns.AssertRoundTripAsync(
            Files,
            content,
            Voicemail("--account-doc", AccountDoc(), "--doc", metadata),
            $"{Documents.AccountId}/{Documents.OwnerId}/{Documents.DocumentId}/message.mp3",
            "http",
            () => Task.FromResult(Backend.FileCount == 1));

        Assert.All(runs, run => Assert.Empty(run.Err));
    }

    [Fact]
    public async Task Get_without_o_writes_the_bytes_to_standard_output_and_the_summary_to_standard_error()
    {
        var content = RandomNumberGenerator.GetBytes(70_000);
        var account = AccountDoc();
        await Tool.RunWithInputAsync(new MemoryStream(content), Voicemail("attachment", "put", "-", "--account-doc", account));
        using var stdout = new MemoryStream();

        var get = await Tool.RunWithOutputStreamAsync(stdout, Voicemail("attachment", "get", "--account-doc", account));
        var jsonToStdout = await Tool.RunAsync(Voicemail("attachment", "get", "--json", "--account-doc", account));

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(content, stdout.ToArray());
        Assert.Empty(get.Out);
        Assert.Contains("✓ Read message.mp3, 70,000 bytes", get.Err);
        Assert.Equal(2, jsonToStdout.ExitCode);
        Assert.Contains("give -o FILE", jsonToStdout.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_plan_without_a_target_fails_with_the_resolvers_reason()
    {
        var account = Files.Write("account.json", $$"""
            { "plan": { "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{Documents.HttpId}}" } } } } } }
            """);

        var plain = await Tool.RunAsync(Voicemail("attachment", "delete", "--account-doc", account));
        var json = await Tool.RunAsync(Voicemail("attachment", "delete", "--account-doc", account, "--json"));

        plain.AssertFailure(1, $"error: Kazoo finds no storage target for mailbox_message attachments of database {Documents.Modb}:");
        Assert.Contains("hint: kazoo-storage resolve", plain.Err);
        Assert.Equal(1, json.ExitCode);
        var error = json.Json.GetProperty("error");
        Assert.Equal("failure", error.GetProperty("kind").GetString());
        Assert.StartsWith("Kazoo finds no storage target", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_backend_kind_without_a_handler_names_the_kinds_the_tool_has_and_no_secret()
    {
        // Kazoo's ftp handler has no schema and no handler in the SDK: a document that names it anyway has no handler here.
        const string FtpId = "5c6d7e8f90a1b2c3d4e5f60718293a4b";
        var account = Files.Write("account.json", Documents.Voicemails(FtpId, """{ "handler": "ftp", "settings": { "url": "ftp://kazoo:ftp-password-never-printed@ftp.example.com/vm" } }"""));

        var result = await Tool.RunAsync(Voicemail("attachment", "put", "-", "--account-doc", account));

        Assert.True(result.ExitCode == 1, result.ToString());
        // Long messages wrap at the console's width: read them as one line.
        Assert.Contains($"to backend {FtpId} of kind 'ftp', but no handler for 'ftp' is registered (registered: azure, dropbox, google_drive, google_storage, http, onedrive, s3)", result.Err.ReplaceLineEndings(""));
        Assert.Contains("hint: kazoo-storage has handlers for http, s3, google_drive, azure, google_storage, dropbox, onedrive.", result.Err);
        Assert.DoesNotContain("ftp-password-never-printed", result.ToString());
    }

    [Fact]
    public async Task A_type_kept_in_CouchDB_says_so()
    {
        var result = await Tool.RunAsync("attachment", "get", "--account-doc", AccountDoc(), "--db", Documents.Modb, "--type", "fax", "--doc-id", Documents.DocumentId, "--attachment", "fax.pdf");

        result.AssertFailure(1, "error: The plan keeps fax attachments of database " + Documents.Modb + " in CouchDB");
    }

    [Fact]
    public async Task Without_documents_or_a_server_it_is_a_usage_error()
    {
        var none = await Tool.RunAsync(Voicemail("attachment", "get"));
        var both = await Tool.RunAsync([.. Voicemail("attachment", "get", "--account-doc", AccountDoc()), "--server", "http://127.0.0.1:1/", "--api-key", "k"]);
        var missing = await Tool.RunAsync("attachment", "put", "-", "--account-doc", AccountDoc(), "--db", Documents.Modb);

        none.AssertFailure(2, "Which storage documents?");
        both.AssertFailure(2, "not both");
        missing.AssertFailure(2, "--doc-id");
    }

    [Fact]
    public async Task Documents_come_from_Crossbar_and_an_accounts_key_needs_the_system_document_as_a_file()
    {
        var loopback = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] };
        await using var crossbar = await CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions { Validation = loopback }, TestContext.Current.CancellationToken);
        var account = crossbar.AddAccount("Acme");
        using (var master = new Crossbar.KazooStorageClient(crossbar.BaseAddress, Crossbar.CrossbarCredentials.FromApiKey(crossbar.MasterApiKey), new Crossbar.KazooStorageClientOptions { Validation = loopback }))
        {
            await master.CreateFromJsonAsync(Crossbar.StorageScope.Account(account.Id), System.Text.Encoding.UTF8.GetBytes(Documents.HttpVoicemails(Url)), TestContext.Current.CancellationToken);
        }

        var db = Attachments.KazooDatabaseName.Modb(account.Id, 2024, 1);
        string[] Attachment(string apiKey, params string[] args) =>
            [.. args, "--db", db, "--type", "mailbox_message", "--doc-id", Documents.DocumentId, "--attachment", "message.mp3", "--server", crossbar.BaseAddress.ToString(), "--api-key", apiKey];
        var input = Files.WriteBytes("in.bin", [1, 2, 3]);
        var system = Files.Write("system.json", "{}");

        var asMaster = await Tool.RunAsync(Attachment(crossbar.MasterApiKey, "attachment", "put", input));
        var refused = await Tool.RunAsync(Attachment(account.ApiKey, "attachment", "delete"));
        var withSystemFile = await Tool.RunAsync(Attachment(account.ApiKey, "attachment", "delete", "--system-doc", system));

        Assert.True(asMaster.ExitCode == 0, asMaster.ToString());
        Assert.Contains($"object name  unknown_account/{Documents.DocumentId}/message.mp3", asMaster.Out);
        refused.AssertFailure(4, "may not use the storage document of system");
        Assert.Contains("hint: only the master account may read the system document: give it with --system-doc FILE.", refused.Err);
        Assert.DoesNotContain(account.ApiKey, refused.ToString());
        Assert.True(withSystemFile.ExitCode == 0, withSystemFile.ToString());
        Assert.Equal(0, Backend.FileCount);
    }
}
