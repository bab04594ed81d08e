using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Tests.Models;

public sealed class RoundTripTests
{
    public static TheoryData<string> Examples => new(ExampleDocuments.Names);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_document_serializes_back_to_the_same_json_text(string name)
    {
        var json = ExampleDocuments.Read(name);

        var document = JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options);
        var written = JsonSerializer.Serialize(document, KazooStorageJson.Options);

        Assert.Equal(JsonText.Minify(json), written);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_document_read_twice_is_equal_and_hashes_alike(string name)
    {
        var json = ExampleDocuments.Read(name);

        var first = JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options);
        var second = JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options);

        Assert.Equal(first, second);
        Assert.Equal(first!.GetHashCode(), second!.GetHashCode());
    }

    [Fact]
    public void Seed_example_reads_into_typed_records()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("seed-get-account-storage.json"), KazooStorageJson.Options)!;

        var entry = Assert.IsType<StorageAttachmentAws>(document.Attachments!["0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"]);
        Assert.Equal("s3", entry.Handler);
        Assert.Equal("S3 Storage", entry.Name);
        Assert.Equal("{S3_BUCKET}", entry.Settings.Bucket);
        Assert.Equal("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b", document.Plan!.Modb!.Types!.MailboxMessage!.Attachments!.Handler);
        Assert.Equal("{ACCOUNT_ID}", document.Id);
    }

    [Theory]
    [InlineData("https://files.example.com/first", "ftp://nowhere", true)] // the first is valid, the repeat is not
    [InlineData("ftp://nowhere", "https://files.example.com/first", false)] // and the other way round
    public void A_repeated_member_at_any_depth_reads_as_its_first_occurrence_as_the_validator_reads_it(string firstUrl, string laterUrl, bool valid)
    {
        const string Id = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
        var json = "{\"attachments\":{\"" + Id + "\":{\"handler\":\"http\",\"name\":\"files\",\"settings\":{\"url\":\"" + firstUrl + "\",\"url\":\"" + laterUrl + "\"},\"handler\":\"s3\"},"
            + "\"" + Id + "\":{\"handler\":\"s3\"}},"
            + "\"ui_metadata\":{\"origin\":\"x\",\"nested\":[{\"a\":1,\"a\":2}],\"origin\":\"y\"},"
            + "\"plan\":{\"modb\":{\"types\":{\"mailbox_message\":{\"attachments\":{\"handler\":\"" + Id + "\",\"handler\":\"nope\"}}}}},"
            + "\"attachments\":{}}";
        var firstOnly = "{\"attachments\":{\"" + Id + "\":{\"handler\":\"http\",\"name\":\"files\",\"settings\":{\"url\":\"" + firstUrl + "\"}}},"
            + "\"ui_metadata\":{\"origin\":\"x\",\"nested\":[{\"a\":1}]},"
            + "\"plan\":{\"modb\":{\"types\":{\"mailbox_message\":{\"attachments\":{\"handler\":\"" + Id + "\"}}}}}}";

        var document = JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options)!;

        Assert.Equal(firstOnly, JsonSerializer.Serialize(document, KazooStorageJson.Options));
        Assert.Equal(firstUrl, Assert.IsType<StorageAttachmentHttp>(document.Attachments![Id]).Settings.Url);
        // The records, the validator and the shared rule read the same document.
        Assert.Equal(valid, StorageDocument.Validate(Encoding.UTF8.GetBytes(json)).IsValid);
        Assert.Equal(valid, document.Validate().IsValid);
        Assert.Equal(firstOnly, JsonRepeatedMembers.FirstOccurrences(JsonElement.Parse(json)).GetRawText());
    }

    [Fact]
    public void Signature_and_private_keys_survive_in_extension_data()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("every-backend.json"), KazooStorageJson.Options)!;

        var s3 = document.Attachments!["11111111111111111111111111111111"];
        Assert.Equal("signed-before-everything-else", s3.ExtensionData["_sig"].GetString());
        Assert.Equal("storage", document.ExtensionData["pvt_type"].GetString());
        Assert.Equal("7-5a1b2c3d4e5f", document.ExtensionData["_rev"].GetString());
        Assert.False(document.ExtensionData["validate_settings"].GetBoolean());
    }

    [Fact]
    public void Every_handler_kind_reads_into_its_own_case()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("every-backend.json"), KazooStorageJson.Options)!;
        var attachments = document.Attachments!;

        Assert.IsType<StorageAttachmentAws>(attachments["11111111111111111111111111111111"]);
        Assert.IsType<StorageAttachmentGoogleDrive>(attachments["22222222222222222222222222222222"]);
        Assert.IsType<StorageAttachmentGoogleStorage>(attachments["33333333333333333333333333333333"]);
        Assert.IsType<StorageAttachmentAzure>(attachments["44444444444444444444444444444444"]);
        Assert.IsType<StorageAttachmentOnedrive>(attachments["55555555555555555555555555555555"]);
        Assert.IsType<StorageAttachmentDropbox>(attachments["66666666666666666666666666666666"]);
        Assert.IsType<StorageAttachmentHttp>(attachments["77777777777777777777777777777777"]);
        var ftp = Assert.IsType<UnknownStorageAttachmentsEntry>(attachments["88888888888888888888888888888888"]);
        Assert.Equal("ftp", ftp.Handler);
        Assert.Equal(JsonValueKind.Array, ftp.ExtensionData["note"].ValueKind);
        var none = Assert.IsType<UnknownStorageAttachmentsEntry>(attachments["99999999999999999999999999999999"]);
        Assert.Null(none.Handler);
    }

    [Fact]
    public void The_name_beside_the_oneOf_is_a_member_of_every_entry_unknown_handlers_included()
    {
        const string Json = """
            {"attachments":{
              "11111111111111111111111111111111":{"handler":"s3","name":"bucket one","settings":{"bucket":"b","key":"k","secret":"s"}},
              "22222222222222222222222222222222":{"name":"kept","handler":"ftp","x":1}}}
            """;
        var document = JsonSerializer.Deserialize<StorageDocument>(Json, KazooStorageJson.Options)!;

        // Kazoo declares "name" once, beside the oneOf of storage.attachments: no cast to a case is needed to read it.
        StorageAttachmentsEntry s3 = document.Attachments!["11111111111111111111111111111111"];
        StorageAttachmentsEntry unknown = document.Attachments["22222222222222222222222222222222"];
        Assert.Equal("bucket one", s3.Name);
        Assert.Equal("kept", unknown.Name);
        Assert.False(((UnknownStorageAttachmentsEntry)unknown).ExtensionData.ContainsKey("name"));
        Assert.Equal("""{"name":"kept","handler":"ftp","x":1}""", JsonSerializer.Serialize(unknown, KazooStorageJson.Options));
        Assert.Equal("renamed", (s3 with { Name = "renamed" }).Name);
    }

    [Fact]
    public void Common_settings_of_all_handlers_are_typed_on_each_case()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("every-backend.json"), KazooStorageJson.Options)!;

        var settings = ((StorageAttachmentAws)document.Attachments!["11111111111111111111111111111111"]).Settings;

        Assert.Equal("kazoo", settings.FolderBasePath);
        Assert.Equal("/", settings.FieldSeparator);
        Assert.Equal(3, settings.FieldList!.Count);
        Assert.Equal(StorageAttachmentsFieldArg.Db, settings.FieldList[0].Arg);
        Assert.Equal("_", settings.FieldList[1].Group![1].Const);
        Assert.Equal(StorageAttachmentAwsSettingsBucketAccessMethod.Vhost, settings.BucketAccessMethod);
        Assert.Equal(443, settings.Port);
        Assert.Equal(600000, settings.ExtensionData["upload_timeout"].GetInt32());
    }

    [Fact]
    public void Connections_keep_local_and_type_couchdb_entries()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("every-backend.json"), KazooStorageJson.Options)!;

        var couch = document.Connections!.Couchdb!["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"];
        Assert.Equal(StorageConnectionCouchdbDriver.KazooCouch, couch.Driver);
        Assert.Equal(1234, couch.Settings.Credentials!.Password);
        Assert.Equal(JsonValueKind.Object, document.Connections.ExtensionData["local"].ValueKind);
    }

    [Fact]
    public void Open_enum_keeps_a_value_the_schema_does_not_list()
    {
        const string json = """{"handler":"http","settings":{"url":"https://x.example","verb":"patch"}}""";

        var entry = (StorageAttachmentHttp)JsonSerializer.Deserialize<StorageAttachmentsEntry>(json, KazooStorageJson.Options)!;

        Assert.Equal("patch", entry.Settings.Verb!.Value.Value);
        Assert.False(entry.Settings.Verb.Value.IsKnown);
        Assert.Equal(json, JsonSerializer.Serialize<StorageAttachmentsEntry>(entry, KazooStorageJson.Options));
    }

    [Fact]
    public void Explicit_null_stays_null_in_place()
    {
        const string json = """{"handler":"dropbox","name":null,"settings":{"oauth_doc_id":"d"}}""";

        var entry = JsonSerializer.Deserialize<StorageAttachmentsEntry>(json, KazooStorageJson.Options)!;

        Assert.Null(((StorageAttachmentDropbox)entry).Name);
        Assert.Equal(json, JsonSerializer.Serialize(entry, KazooStorageJson.Options));
    }

    [Fact]
    public void Member_order_of_an_entry_is_kept_when_it_is_not_the_default()
    {
        const string json = """{"settings":{"secret":"s","key":"k","bucket":"bucket1"},"_sig":"abc","handler":"s3"}""";

        var entry = JsonSerializer.Deserialize<StorageAttachmentsEntry>(json, KazooStorageJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(entry, KazooStorageJson.Options));
    }

    [Fact]
    public void A_change_made_with_with_keeps_the_other_members_and_their_order()
    {
        const string json = """{"_sig":"abc","settings":{"bucket":"bucket1","key":"k","secret":"s"},"handler":"s3","name":"old"}""";
        var entry = (StorageAttachmentAws)JsonSerializer.Deserialize<StorageAttachmentsEntry>(json, KazooStorageJson.Options)!;

        var renamed = entry with { Name = "new" };

        Assert.Equal("""{"_sig":"abc","settings":{"bucket":"bucket1","key":"k","secret":"s"},"handler":"s3","name":"new"}""",
            JsonSerializer.Serialize<StorageAttachmentsEntry>(renamed, KazooStorageJson.Options));
    }

    [Fact]
    public void Records_built_in_code_serialize_in_schema_order()
    {
        var document = new StorageDocument
        {
            Attachments = new Dictionary<string, StorageAttachmentsEntry>
            {
                ["0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"] = new StorageAttachmentAws
                {
                    Name = "S3",
                    Settings = new StorageAttachmentAwsSettings { Bucket = "my-bucket", Key = "AKIA", Secret = "shh" },
                },
            },
        };

        var json = JsonSerializer.Serialize(document, KazooStorageJson.Options);

        Assert.Equal("""{"attachments":{"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b":{"handler":"s3","name":"S3","settings":{"bucket":"my-bucket","key":"AKIA","secret":"shh"}}}}""", json);
    }
}
