using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Plans.Tests;

public sealed class ObjectNameTests
{
    private const string AccountId = "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b";
    private static readonly string Modb = KazooDatabaseName.Modb(AccountId, 2024, 1);

    // The metadata document the field items read.
    private const string Document = """
        {
          "_id": "msg1", "_rev": "3-abc", "pvt_account_id": "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b", "pvt_type": "mailbox_message", "pvt_secret_field": "hidden",
          "owner_id": "user/1", "name": "A message", "count": 42, "ratio": 1.5, "urgent": true, "archived": false,
          "empty": "", "nested": { "a": "b" }, "list": [ "x" ], "nothing": null, "id": "ignored"
        }
        """;

    private static AttachmentLocation Location(string? document = Document, string database = "account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401") =>
        new(database, "msg1", "vm.mp3") { Document = document is null ? null : JsonDocument.Parse(document).RootElement.Clone() };

    private static string Build(string handlerKind, string settingsJson, AttachmentLocation? location = null) =>
        AttachmentObjectName.Build(handlerKind, JsonDocument.Parse(settingsJson).RootElement, location ?? Location());

    private static string Items(string fieldList) => $$"""{ "field_list": {{fieldList}} }""";

    // field_list JSON → expected name, for the s3 handler (the field list replaces the default).
    public static TheoryData<string, string> FieldLists => new()
    {
        // arg: all four, then unknown and non-string
        { """[ { "arg": "attachment" } ]""", "vm.mp3" },
        { """[ { "arg": "id" } ]""", "msg1" },
        { """[ { "arg": "account_id" } ]""", AccountId },
        { """[ { "arg": "db" } ]""", "account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401" },
        { """[ { "arg": "id" }, { "arg": "owner" }, { "arg": "attachment" } ]""", "msg1/vm.mp3" },
        { """[ { "arg": 7 }, { "arg": "id" } ]""", "msg1" },
        // field: string (encoded), number, boolean, and what is dropped
        { """[ { "field": "owner_id" } ]""", "user%2F1" },
        { """[ { "field": "name" } ]""", "A%20message" },
        { """[ { "field": "count" } ]""", "42" },
        { """[ { "field": "ratio" } ]""", "1.5" },
        { """[ { "field": "urgent" }, { "field": "archived" } ]""", "true/false" },
        { """[ { "field": "empty" }, { "arg": "id" } ]""", "msg1" },
        { """[ { "field": "missing" }, { "arg": "id" } ]""", "msg1" },
        { """[ { "field": "nested" }, { "field": "list" }, { "field": "nothing" }, { "arg": "id" } ]""", "msg1" },
        { """[ { "field": "_rev" }, { "field": "pvt_type" }, { "field": "pvt_secret_field" }, { "arg": "id" } ]""", "msg1" },
        { """[ { "field": "id" } ]""", "msg1" },
        // const: literal, not encoded; empty const is an empty segment
        { """[ { "const": "calls/2024" }, { "arg": "id" } ]""", "calls/2024/msg1" },
        { """[ { "arg": "id" }, { "const": "" }, { "arg": "attachment" } ]""", "msg1//vm.mp3" },
        // group: joined with no separator, nested, parts dropped inside
        { """[ { "group": [ { "arg": "id" }, { "const": "_" }, { "arg": "attachment" } ] } ]""", "msg1_vm.mp3" },
        { """[ { "group": [ { "const": "a" }, { "group": [ { "arg": "id" }, { "const": "-" }, { "field": "count" } ] }, { "field": "missing" } ] } ]""", "amsg1-42" },
        { """[ { "arg": "id" }, { "group": [] }, { "arg": "attachment" } ]""", "msg1//vm.mp3" },
        // items that are not items are dropped; an item is matched by key (group, arg, field, const)
        { """[ "text", 5, {}, { "other": "x" }, { "arg": "id" } ]""", "msg1" },
        { """[ { "const": "c", "arg": "id" } ]""", "msg1" },
        { """[ { "field": "name", "group": [ { "const": "g" } ] } ]""", "g" },
        // an empty list gives an empty name
        { "[]", "" },
    };

    [Theory]
    [MemberData(nameof(FieldLists))]
    public void Evaluates_field_list_items(string fieldList, string expected) =>
        Assert.Equal(expected, Build("s3", Items(fieldList)));

    // handler kind, settings, expected (no field_list: the handler's default)
    public static TheoryData<string, string, string> Defaults => new()
    {
        { "s3", "{}", "account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/msg1_vm.mp3" },
        { "google_drive", "{}", "msg1_vm.mp3" },
        { "google_storage", "{}", "msg1_vm.mp3" },
        { "azure", "{}", "msg1_vm.mp3" },
        { "dropbox", "{}", "msg1_vm.mp3" },
        { "onedrive", "{}", "msg1_vm.mp3" },
        { "http", "{}", $"{AccountId}/user%2F1/msg1/vm.mp3" },
        { "ftp", "{}", $"{AccountId}/user%2F1/msg1/vm.mp3" },
        { "s3", """{ "field_separator": "|" }""", "account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401|msg1_vm.mp3" },
        { "http", """{ "field_separator": "-" }""", $"{AccountId}-user%2F1-msg1-vm.mp3" },
        { "http", """{ "field_separator": 5 }""", $"{AccountId}/user%2F1/msg1/vm.mp3" },
        { "s3", """{ "field_list": "not a list" }""", "account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/msg1_vm.mp3" },
        // prefixes
        { "google_drive", """{ "folder_path": "kazoo" }""", "kazoo/msg1_vm.mp3" },
        { "google_drive", """{ "folder_base_path": "base" }""", "base/msg1_vm.mp3" },
        { "google_drive", """{ "folder_base_path": "base/", "folder_path": "voicemail/" }""", "base/voicemail/msg1_vm.mp3" },
        { "google_drive", """{ "folder_base_path": "/base//x", "folder_path": "vm" }""", "/base/x/vm/msg1_vm.mp3" },
        { "google_drive", """{ "folder_base_path": "base", "folder_path": "/abs" }""", "/abs/msg1_vm.mp3" },
        { "s3", """{ "path": "fixed/", "folder_path": "ignored" }""", "fixed/account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/msg1_vm.mp3" },
        { "s3", """{ "folder_path": "", "folder_base_path": "" }""", "account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/msg1_vm.mp3" },
        { "http", """{ "folder_path": "p", "field_separator": "_" }""", $"p/{AccountId}_user%2F1_msg1_vm.mp3" },
        // file is the whole name
        { "s3", """{ "file": "a/b c.mp3", "folder_path": "x" }""", "a/b c.mp3" },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Uses_the_handler_default_separator_and_prefix(string handlerKind, string settings, string expected) =>
        Assert.Equal(expected, Build(handlerKind, settings));

    [Fact]
    public void Http_default_drops_the_owner_part_when_the_document_has_no_owner_id()
    {
        var withoutOwner = Location("""{ "_id": "msg1", "pvt_account_id": "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b" }""");

        Assert.Equal($"{AccountId}/msg1/vm.mp3", Build("http", "{}", withoutOwner));
    }

    [Fact]
    public void Account_id_is_unknown_account_without_a_document_and_the_explicit_one_wins()
    {
        Assert.Equal("unknown_account/msg1/vm.mp3", Build("http", "{}", Location(document: null)));
        Assert.Equal("other/msg1/vm.mp3", Build("http", "{}", Location(document: null) with { AccountId = "other" }));
        Assert.Equal("unknown_account/msg1/vm.mp3", Build("http", "{}", Location("""{ "pvt_account_id": "" }""")));
    }

    [Fact]
    public void The_spec_MODB_example_gives_the_S3_key()
    {
        var backend = new StorageAttachmentAws { Settings = new StorageAttachmentAwsSettings { Bucket = "vm-bucket", Key = "testkey", Secret = "testsecret" } };

        var name = AttachmentObjectName.Build(backend, new AttachmentLocation(Modb, "201801-6f1e2a", "message.mp3"));

        Assert.Equal("account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/201801-6f1e2a_message.mp3", name);
    }

    [Fact]
    public void The_db_argument_is_decoded_then_encoded_whatever_the_input_encoding()
    {
        Assert.Equal("account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/msg1_vm.mp3",
            Build("s3", "{}", Location(database: "account/4c/9f/3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401")));
        Assert.Equal("account%2F4c%2F9f%2F3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401/msg1_vm.mp3",
            Build("s3", "{}", Location(database: "account%2f4c%2f9f%2f3e2b1a0d4e5f8a7b6c5d4e3f2a1b-202401")));
        Assert.Equal("numbers%2F%2B1415/msg1_vm.mp3", Build("s3", "{}", Location(database: "numbers%2F%2B1415")));
        Assert.Equal("numbers%2F%2B1415/msg1_vm.mp3", Build("s3", "{}", Location(database: "numbers/+1415")));
    }

    [Fact]
    public void The_typed_field_list_of_a_record_is_used()
    {
        var backend = new StorageAttachmentAws
        {
            Settings = new StorageAttachmentAwsSettings
            {
                Bucket = "vm-bucket",
                Key = "testkey",
                Secret = "testsecret",
                FieldSeparator = "-",
                FieldList =
                [
                    JsonSerializer.Deserialize("""{ "const": "vm" }""", KazooStorageJson.GetTypeInfo<StorageAttachmentsField>())!,
                    JsonSerializer.Deserialize("""{ "arg": "id" }""", KazooStorageJson.GetTypeInfo<StorageAttachmentsField>())!,
                ],
            },
        };

        Assert.Equal("vm-msg1", AttachmentObjectName.Build(backend, Location()));
    }

    // Kazoo's percent-encoding set (spec §7.2 and correction 3): each becomes %XX in upper-case hex.
    public static TheoryData<string, string> Encoded => new()
    {
        { "/", "%2F" }, { ":", "%3A" }, { "@", "%40" }, { "&", "%26" }, { "=", "%3D" }, { "+", "%2B" }, { ",", "%2C" },
        { "?", "%3F" }, { "#", "%23" }, { "[", "%5B" }, { "]", "%5D" }, { "<", "%3C" }, { ">", "%3E" }, { "\"", "%22" },
        { "{", "%7B" }, { "}", "%7D" }, { "|", "%7C" }, { "\\", "%5C" }, { "'", "%27" }, { "^", "%5E" }, { "%", "%25" },
        { " ", "%20" }, { ";", "%3B" },
        // everything else passes through: unreserved and other ASCII marks, non-ASCII, tab, newline
        { "aZ09-_.~", "aZ09-_.~" }, { "$!*()`", "$!*()`" }, { "é日本", "é日本" }, { "a\tb\nc", "a\tb\nc" },
        { "a b;c/d", "a%20b%3Bc%2Fd" },
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Percent_encodes_Kazoos_set(string value, string expected)
    {
        Assert.Equal(expected, AttachmentObjectName.PercentEncode(value));
        // the same encoding applies to arguments built into names
        Assert.Equal($"x{expected}_vm.mp3", AttachmentObjectName.Build("google_drive", default, new AttachmentLocation("db", "x" + value, "vm.mp3")));
    }

    [Theory]
    [InlineData("account%2F4c%2F9f", "account/4c/9f")]
    [InlineData("a+b", "a+b")]
    [InlineData("a%20b", "a b")]
    [InlineData("%C3%A9t%C3%A9", "été")]
    [InlineData("100%", "100%")]
    [InlineData("%zz%4", "%zz%4")]
    [InlineData("plain", "plain")]
    public void Url_decodes_as_Kazoo_decodes_the_db_argument(string encoded, string decoded) =>
        Assert.Equal(decoded, AttachmentObjectName.UrlDecode(encoded));
}
