using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.Plans;
using static Kazoo.Storage.Plans.Tests.Fixtures;

namespace Kazoo.Storage.Plans.Tests;

public sealed class ResolutionTests
{
    public static TheoryData<string> CaseNames => new(ResolutionCases.All.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Resolves_as_Kazoo_does(string name)
    {
        var c = ResolutionCases.All[name];
        var target = StoragePlanResolver.Resolve(Inputs(c.Documents), c.Query);
        var actual = JsonNode.Parse(target.ToJson(revealSecrets: true))!.AsObject();
        var expected = JsonNode.Parse(c.Expected)!.AsObject();

        foreach (var (key, value) in expected)
        {
            if (key.EndsWith('~'))
            {
                var member = key[..^1];
                var needle = value!.GetValue<string>();
                var texts = actual[member] switch
                {
                    JsonArray array => array.Select(n => n!.GetValue<string>()).ToArray(),
                    JsonValue text => [text.GetValue<string>()],
                    _ => [],
                };
                Assert.True(texts.Any(t => t.Contains(needle, StringComparison.Ordinal)),
                    $"{member} should contain \"{needle}\" but was {actual[member]?.ToJsonString() ?? "null"}\n{target.ToJson(revealSecrets: true)}");
                continue;
            }

            var path = key.Split('.');
            JsonNode? node = actual;
            foreach (var part in path)
            {
                node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : throw new Xunit.Sdk.XunitException($"missing {key} in\n{target.ToJson(revealSecrets: true)}");
            }

            Assert.True(JsonNode.DeepEquals(value, node), $"{key}: expected {value?.ToJsonString() ?? "null"}, got {node?.ToJsonString() ?? "null"}\n{target.ToJson(revealSecrets: true)}");
        }

        // Invariants that hold for every target.
        Assert.Equal(target.Kind != StorageTargetKind.NoTarget, target.HasTarget);
        Assert.Equal(target.Kind == StorageTargetKind.NoTarget, target.Reason is not null);
        Assert.Equal(target.UsesAttachmentHandler, target.Backend is not null);
        Assert.Equal(target.HasTarget, target.Connection is not null);
        if (target.Backend is not null)
        {
            Assert.Equal(target.AttachmentHandlerKind, target.Backend.Handler);
        }
    }

    [Fact]
    public void A_note_on_a_database_of_no_known_class_reads_as_a_sentence()
    {
        var target = StoragePlanResolver.Resolve(Inputs("sys"), new StorageQuery("my_custom_db") { DocumentType = "mailbox_message" });

        var note = Assert.Single(target.Notes, n => n.Contains("plan.system.types", StringComparison.Ordinal));
        Assert.Equal("For the database class 'unknown', Kazoo looks up plan.system.types by 'my_custom_db', not by the document type.", note);
    }

    [Fact]
    public void There_are_at_least_forty_resolution_cases() =>
        Assert.True(ResolutionCases.All.Count >= 40, $"{ResolutionCases.All.Count} cases");

    [Fact]
    public void The_backend_is_the_generated_case_record_with_params_merged_into_settings()
    {
        var target = StoragePlanResolver.Resolve(Inputs("sys", "acc"), new StorageQuery(Modb) { DocumentType = "mailbox_message" });

        var s3 = Assert.IsType<StorageAttachmentAws>(target.Backend);
        Assert.Equal("vm-bucket", s3.Settings.Bucket);
        Assert.Equal("testkey2", s3.Settings.Key);
        Assert.True(s3.Settings.ExtensionData.TryGetValue("folder_path", out var folderPath)); // undeclared by Kazoo's schema
        Assert.Equal("voicemail", folderPath.GetString());
    }

    [Fact]
    public void Params_keys_the_schema_does_not_declare_survive_in_extension_data()
    {
        var target = StoragePlanResolver.Resolve(Inputs("sys", "acc", "own"), new StorageQuery(Modb) { DocumentType = "mailbox_message", OwnerId = UserId });

        var http = Assert.IsType<StorageAttachmentHttp>(target.Backend);
        Assert.Equal("https://user.example.com/vm", http.Settings.Url);
        Assert.Equal("vm-bucket", http.Settings.ExtensionData["bucket"].GetString());
        Assert.Equal("voicemail", http.Settings.ExtensionData["folder_path"].GetString());
    }

    [Fact]
    public void An_unknown_backend_kind_is_kept_as_the_unknown_case()
    {
        var target = StoragePlanResolver.Resolve(Inputs("acc"), new StorageQuery(Modb) { DocumentType = "ftp_export" });

        var unknown = Assert.IsType<UnknownStorageAttachmentsEntry>(target.Backend);
        Assert.Equal("ftp", unknown.Handler);
        Assert.Equal("modb", unknown.ExtensionData["settings"].GetProperty("folder_path").GetString());
    }

    [Fact]
    public void The_target_builds_the_object_name_from_the_effective_settings()
    {
        var target = StoragePlanResolver.Resolve(Inputs("sys", "acc"), new StorageQuery(Modb) { DocumentType = "mailbox_message" });
        var location = new AttachmentLocation(Modb, "201801-6f1e2a", "message.mp3");

        Assert.Equal("voicemail/account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/201801-6f1e2a_message.mp3", target.BuildObjectName(location));
        Assert.Equal(target.BuildObjectName(location), JsonNode.Parse(target.ToJson(location))!["object_name"]!.GetValue<string>());
    }

    [Fact]
    public void A_CouchDB_target_has_no_object_name()
    {
        var target = StoragePlanResolver.Resolve(new StoragePlanInputs(), new StorageQuery(Modb) { DocumentType = "mailbox_message" });
        var location = new AttachmentLocation(Modb, "doc", "a.mp3");

        Assert.Throws<InvalidOperationException>(() => target.BuildObjectName(location));
        Assert.Null(JsonNode.Parse(target.ToJson(location))!["object_name"]);
    }

    [Fact]
    public void Json_output_has_the_documented_keys_and_masks_secrets_by_default()
    {
        var target = StoragePlanResolver.Resolve(Inputs("sys", "acc"), new StorageQuery(Modb) { DocumentType = "cdr" });

        var masked = JsonNode.Parse(target.ToJson(new AttachmentLocation(Modb, "d", "a.wav")))!.AsObject();
        foreach (var key in new[] { "classification", "connection", "attachment_handler_id", "attachment_handler_kind", "effective_settings", "stub", "object_name" })
        {
            Assert.True(masked.ContainsKey(key), key);
        }

        Assert.Equal("***", masked["effective_settings"]!["key"]!.GetValue<string>());
        Assert.Equal("***", masked["effective_settings"]!["secret"]!.GetValue<string>());
        Assert.Equal("acct-bucket", masked["effective_settings"]!["bucket"]!.GetValue<string>());
        Assert.DoesNotContain("testsecret2", target.ToJson(), StringComparison.Ordinal);
        Assert.Contains("testsecret2", target.ToJson(revealSecrets: true), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_summarises_without_settings_or_secrets()
    {
        var target = StoragePlanResolver.Resolve(Inputs("sys", "acc"), new StorageQuery(Modb) { DocumentType = "cdr" });

        var text = target.ToString();
        Assert.Contains("external to s3 a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("testkey2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("testsecret2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("acct-bucket", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_an_always_local_database_says_no_plan() =>
        Assert.Equal("system_config (system, no plan): CouchDB on connection local", StoragePlanResolver.Resolve(new StoragePlanInputs(), new StorageQuery("system_config")).ToString());

    [Fact]
    public void Resolution_does_not_change_the_input_documents()
    {
        var inputs = Inputs("sys", "acc", "own");
        var before = JsonSerializer.Serialize(inputs.Account!, KazooStorageJson.GetTypeInfo<StorageDocument>());

        _ = StoragePlanResolver.Resolve(inputs, new StorageQuery(Modb) { DocumentType = "mailbox_message", OwnerId = UserId });

        Assert.Equal(before, JsonSerializer.Serialize(inputs.Account!, KazooStorageJson.GetTypeInfo<StorageDocument>()));
        Assert.Equal(Inputs("sys", "acc", "own"), inputs);
    }

    [Fact]
    public void MergePlan_deep_merges_and_keeps_undeclared_keys()
    {
        var merged = StoragePlanResolver.MergePlan(Inputs("sys", "acc-yodb"), PlanScope.Account);

        Assert.Contains(SystemS3, merged.Attachments!.Keys);
        Assert.Contains(AccountS3, merged.Attachments!.Keys);
        Assert.True(merged.Connections!.ExtensionData.ContainsKey("local"));
        var yodb = merged.Plan!.ExtensionData["yodb"];
        Assert.Equal("local", yodb.GetProperty("connection").GetString());
        Assert.Equal(AccountS3, yodb.GetProperty("types").GetProperty("cdr").GetProperty("attachments").GetProperty("handler").GetString());
        Assert.Equal("local", merged.Plan.Modb!.Connection);
        Assert.Equal(SystemHttp, merged.Plan.Modb.Types!.CallRecording!.Attachments!.Handler);
    }

    [Fact]
    public void MergePlan_owner_scope_without_account_document_merges_over_the_system_plan()
    {
        var merged = StoragePlanResolver.MergePlan(Inputs("sys", "own"), PlanScope.Owner);

        Assert.Equal(UserHttp, merged.Plan!.Modb!.Types!.MailboxMessage!.Attachments!.Handler);
        Assert.Equal(SystemHttp, merged.Plan.Modb.Types.CallRecording!.Attachments!.Handler);
    }

    [Fact]
    public void MergePlan_null_deletes_and_arrays_are_replaced()
    {
        var inputs = new StoragePlanInputs
        {
            System = Document("sys"),
            Account = JsonSerializer.Deserialize("""{ "plan": { "account": { "database": { "names": [ "x" ] } }, "modb": null } }""", KazooStorageJson.GetTypeInfo<StorageDocument>()),
        };

        var merged = StoragePlanResolver.MergePlan(inputs, PlanScope.Account);

        Assert.Equal(["x"], merged.Plan!.Account!.Database!.Names!);
        Assert.Null(merged.Plan.Modb);
        Assert.False(merged.Plan.ExtensionData.ContainsKey("modb"));
    }

    [Fact]
    public void The_builtin_default_matches_the_spec()
    {
        var defaults = StoragePlanDefaults.System;

        Assert.Empty(defaults.Attachments!);
        Assert.True(defaults.Connections!.ExtensionData.ContainsKey("local"));
        foreach (var section in new[] { defaults.Plan!.Account, defaults.Plan.Modb, defaults.Plan.System })
        {
            Assert.Equal("local", section!.Connection);
            Assert.NotNull(section.Types);
            Assert.NotNull(section.Attachments);
        }

        Assert.Null(defaults.Plan.Aggregate);
        Assert.Equal("local", defaults.Plan.ExtensionData["yodb"].GetProperty("connection").GetString());
    }

    [Fact]
    public void The_owner_account_given_beside_the_owner_document_decides_whether_Kazoo_finds_it()
    {
        var query = new StorageQuery(Modb) { DocumentType = "mailbox_message", OwnerId = UserId };

        var ofAnotherAccount = StoragePlanResolver.Resolve(Inputs("acc", "own") with { OwnerAccountId = OtherAccountId }, query);
        var ofThisAccount = StoragePlanResolver.Resolve(Inputs("acc", "own") with { OwnerAccountId = AccountId }, query);
        var overStoredAccount = StoragePlanResolver.Resolve(Inputs("acc", "own-other-account") with { OwnerAccountId = AccountId }, query);

        Assert.Equal(PlanScope.Account, ofAnotherAccount.Scope);
        Assert.Equal(AccountS3, ofAnotherAccount.AttachmentHandlerId);
        Assert.Equal(PlanScope.Owner, ofThisAccount.Scope);
        Assert.Equal(PlanScope.Owner, overStoredAccount.Scope);
    }

    [Fact]
    public void Empty_type_and_owner_mean_none()
    {
        var withEmpty = StoragePlanResolver.Resolve(Inputs("sys", "acc", "own"), new StorageQuery(AccountDb) { DocumentType = "", OwnerId = "" });

        Assert.Null(withEmpty.TypeKey);
        Assert.Equal(PlanScope.Account, withEmpty.Scope);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new StorageQuery(""));
        Assert.Throws<ArgumentNullException>(() => StoragePlanResolver.Resolve(null!, new StorageQuery("accounts")));
        Assert.Throws<ArgumentNullException>(() => StoragePlanResolver.Resolve(new StoragePlanInputs(), null!));
    }
}
