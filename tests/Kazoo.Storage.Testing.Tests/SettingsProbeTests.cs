using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>The settings probe, <c>_sig</c> and <c>validate_settings</c> (spec §2.3 and §6).</summary>
public sealed class SettingsProbeTests
{
    /// <summary>Records every probe call and answers with <paramref name="result"/>.</summary>
    private sealed class RecordingProbe(ProbeResult result)
    {
        public List<(string Id, JsonElement Entry)> Calls { get; } = [];

        public Task<ProbeResult> ProbeAsync(string attachmentId, JsonElement entry, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add((attachmentId, entry.Clone()));
            }

            return Task.FromResult(result);
        }
    }

    private static async Task<(Scenario Scenario, RecordingProbe Probe)> StartAsync(ProbeResult result, CrossbarEmulatorOptions? options = null)
    {
        var scenario = await Scenario.StartAsync(options);
        var probe = new RecordingProbe(result);
        scenario.Emulator.RegisterProbe("s3", probe.ProbeAsync);
        scenario.Emulator.RegisterProbe("http", probe.ProbeAsync);
        return (scenario, probe);
    }

    [Fact]
    public async Task A_successful_probe_writes_the_entry_signature_as_sig()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.HttpEntry()));

        var (id, entry) = Assert.Single(probe.Calls);
        Assert.Equal(Scenario.AttachmentId, id);
        Assert.Equal("put", entry.GetProperty("settings").GetProperty("verb").GetString());
        Assert.False(entry.TryGetProperty("_sig", out _));
        var sig = answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("_sig").GetString();
        Assert.Matches("^[0-9a-f]{32}$", sig);
    }

    [Fact]
    public async Task The_signature_is_the_md5_of_the_entry_public_members_without_an_id_key()
    {
        var (scenario, _) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        // Kazoo's rule (spec §6.3, correction 11): public members in stored order, compact UTF-8 JSON, and no "id" key
        // (kz_doc:public_fields/1 sets id to null, and setting a key to null deletes it).
        const string encoded = """{"handler":"s3","name":"S3 Storage","settings":{"bucket":"my-bucket","key":"AKIAEXAMPLE","secret":"wJalrXUtnFEMI"}}""";
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(encoded)));
        Assert.Equal(expected, answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("_sig").GetString());
    }

    [Fact]
    public async Task An_entry_carrying_the_sig_kazoo_computed_is_not_probed()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;
        var entry = new JsonObject
        {
            ["name"] = "Archivé",
            ["handler"] = "http",
            ["id"] = "ignored by the signature",
            ["weight"] = JsonNode.Parse("1.50"),
            ["settings"] = new JsonObject { ["url"] = "https://rec.example.com/in", ["verb"] = "put" },
            ["pvt_note"] = "private",
        };
        // Validation has written the schema's default into settings before the probe signs the entry.
        const string encoded = """{"name":"Archivé","handler":"http","weight":1.50,"settings":{"url":"https://rec.example.com/in","verb":"put","base64_encode_data":false}}""";
        entry["_sig"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(encoded)));

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(entry));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Empty(probe.Calls);
    }

    [Fact]
    public async Task Sending_the_entry_back_unchanged_with_its_sig_does_not_probe_again()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.HttpEntry()));
        var current = JsonNode.Parse((await scenario.Caller.GetAsync(scenario.AccountStorage)).Data.GetRawText())!.AsObject();
        current.Remove("id");
        current["note"] = "only this changed";

        var post = await scenario.Caller.PostAsync(scenario.AccountStorage, current);

        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.Single(probe.Calls);
    }

    [Fact]
    public async Task A_changed_entry_or_a_changed_key_order_is_probed_again()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        var sig = scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value.GetProperty("attachments").GetProperty(Scenario.AttachmentId).GetProperty("_sig").GetString();

        var changed = Scenario.S3Entry("another-bucket");
        changed["_sig"] = sig;
        await scenario.Caller.PostAsync(scenario.AccountStorage, Scenario.Document(changed));
        var reordered = new JsonObject
        {
            ["settings"] = Scenario.S3Entry()["settings"]!.DeepClone(),
            ["handler"] = "s3",
            ["name"] = "S3 Storage",
            ["_sig"] = sig,
        };
        await scenario.Caller.PostAsync(scenario.AccountStorage, Scenario.Document(reordered));

        Assert.Equal(3, probe.Calls.Count);
    }

    [Fact]
    public async Task A_failed_probe_is_400_invalid_with_the_backend_answer_and_nothing_is_saved()
    {
        var body = JsonDocument.Parse("""{"error":{"code":403,"message":"denied"}}""").RootElement.Clone();
        var (scenario, _) = await StartAsync(ProbeResult.Failed(403, "The AWS Access Key Id you provided does not exist in our records.", body));
        await using var lifetime = scenario;

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("validation error", answer.Message);
        var invalid = answer.Error("attachments." + Scenario.AttachmentId, "invalid");
        Assert.Equal(403, invalid.GetProperty("error_code").GetInt32());
        Assert.Equal("denied", invalid.GetProperty("error_body").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("The AWS Access Key Id you provided does not exist in our records.", invalid.GetProperty("message").GetString());
        Assert.Null(scenario.Emulator.GetStoredDocument(scenario.Account.Id));
    }

    [Fact]
    public async Task A_failure_without_body_or_message_has_an_empty_body_and_the_reason_phrase()
    {
        var (scenario, _) = await StartAsync(new ProbeResult(false));
        await using var lifetime = scenario;

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var invalid = answer.Error("attachments." + Scenario.AttachmentId, "invalid");
        Assert.Equal(500, invalid.GetProperty("error_code").GetInt32());
        Assert.Equal("", invalid.GetProperty("error_body").GetString());
        Assert.Equal("Internal Server Error", invalid.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_failing_entry_is_reported()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Failed(401, "nope"));
        await using var lifetime = scenario;
        var document = new JsonObject
        {
            ["attachments"] = new JsonObject { [Scenario.AttachmentId] = Scenario.S3Entry(), [Scenario.OtherAttachmentId] = Scenario.HttpEntry() },
        };

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, document);

        Assert.Equal(2, probe.Calls.Count);
        Assert.Equal(["attachments." + Scenario.AttachmentId, "attachments." + Scenario.OtherAttachmentId], answer.Data.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_probe_that_throws_fails_the_entry_with_500()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.RegisterProbe("s3", (_, _, _) => throw new InvalidOperationException("socket closed"));

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        var invalid = answer.Error("attachments." + Scenario.AttachmentId, "invalid");
        Assert.Equal(500, invalid.GetProperty("error_code").GetInt32());
        Assert.Equal("socket closed", invalid.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_handler_kind_without_a_probe_passes_and_gets_a_sig()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.True(answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).TryGetProperty("_sig", out _));
    }

    [Theory]
    [InlineData("query")]
    [InlineData("data")]
    [InlineData("envelope")]
    public async Task Skipping_the_probe_is_forbidden_by_default(string where)
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;

        var answer = await SkipAsync(scenario, where, "false");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("validation error", answer.Message);
        Assert.Equal("The system does not allow bypassing settings validation", answer.Error("validate_settings", "forbidden").GetProperty("message").GetString());
        Assert.Empty(probe.Calls);
        Assert.Null(scenario.Emulator.GetStoredDocument(scenario.Account.Id));
    }

    [Fact]
    public async Task Any_value_but_true_asks_to_skip_as_kz_term_is_true_reads_it()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;

        var no = await SkipAsync(scenario, "query", "no");
        var yes = await SkipAsync(scenario, "query", "true");

        Assert.Equal(HttpStatusCode.BadRequest, no.Status);
        Assert.Equal(HttpStatusCode.Created, yes.Status);
        Assert.Single(probe.Calls);
    }

    [Fact]
    public async Task Skipping_is_allowed_when_the_server_allows_overrides_and_the_flag_in_data_is_saved()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Failed(403, "would fail"), new CrossbarEmulatorOptions { AllowValidationOverrides = true });
        await using var lifetime = scenario;

        var answer = await SkipAsync(scenario, "data", "false");

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Empty(probe.Calls);
        Assert.False(answer.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).TryGetProperty("_sig", out _));
        Assert.False(answer.Data.GetProperty("validate_settings").GetBoolean());
    }

    [Fact]
    public async Task The_first_patch_after_a_put_probes_again_because_the_keys_are_reordered()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok);
        await using var lifetime = scenario;
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        await scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["note"] = "1" });
        await scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["note"] = "2" });

        Assert.Equal(2, probe.Calls.Count);
    }

    [Fact]
    public async Task Without_sorting_a_patch_does_not_probe_an_unchanged_entry()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Ok, new CrossbarEmulatorOptions { PatchSortsKeysDescending = false });
        await using var lifetime = scenario;
        await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        await scenario.Caller.PatchAsync(scenario.AccountStorage, new JsonObject { ["note"] = "1" });

        Assert.Single(probe.Calls);
    }

    [Fact]
    public async Task Plans_are_never_probed()
    {
        var (scenario, probe) = await StartAsync(ProbeResult.Failed(403, "would fail"));
        await using var lifetime = scenario;

        var put = await scenario.Master.PutAsync("v2/storage/plans", Scenario.Document(Scenario.S3Entry()));
        var id = put.Data.GetProperty("id").GetString();
        var post = await scenario.Master.PostAsync("v2/storage/plans/" + id, Scenario.Document(Scenario.S3Entry("other-bucket")));

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.Empty(probe.Calls);
        Assert.False(put.Data.GetProperty("attachments").GetProperty(Scenario.AttachmentId).TryGetProperty("_sig", out _));
    }

    private static JsonNode Flag(string value) => value == "false" ? JsonValue.Create(false) : JsonValue.Create(value);

    private static Task<CrossbarAnswer> SkipAsync(Scenario scenario, string where, string value)
    {
        var document = Scenario.Document(Scenario.S3Entry());
        switch (where)
        {
            case "query":
                return scenario.Caller.PutAsync(scenario.AccountStorage + "?validate_settings=" + value, document);
            case "data":
                document["validate_settings"] = Flag(value);
                return scenario.Caller.PutAsync(scenario.AccountStorage, document);
            default:
                return scenario.Caller.SendAsync(HttpMethod.Put, scenario.AccountStorage,
                    new JsonObject { ["data"] = document, ["validate_settings"] = Flag(value) }.ToJsonString());
        }
    }
}
