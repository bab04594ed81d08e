using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Tests.Models;

public sealed class ReadErrorTests
{
    public static TheoryData<string, string> WrongDocuments => new()
    {
        { """{"attachments":{"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b":{"handler":"s3","settings":{"bucket":123,"key":"k","secret":"s"}}}}""", "$.attachments['0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b'].settings.bucket" },
        { """{"attachments":{"abc":{"handler":"s3","settings":{"key":"k","secret":"s"}}}}""", "$.attachments.abc.settings" },
        { """{"attachments":{"abc":{"handler":"http","settings":{"url":"u","verb":7}}}}""", "$.attachments.abc.settings.verb" },
        { """{"plan":{"modb":{"types":{"mailbox_message":{"attachments":{"stub":"yes"}}}}}}""", "$.plan.modb.types.mailbox_message.attachments.stub" },
        { """{"connections":{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":{"driver":"kazoo_couch","settings":{"ip":"h","port":1.5}}}}""", "$.connections.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.settings.port" },
        { """{"connections":{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":{"driver":"kazoo_couch","settings":{"ip":"h","port":99999999999999999999}}}}""", "$.connections.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.settings.port" },
        { """{"attachments":{"abc":{"handler":"s3","settings":{"bucket":"b","key":"k","secret":"s","field_list":[{"arg":"db"},{"group":5}]}}}}""", "$.attachments.abc.settings.field_list[1].group" },
        { """{"attachments":[]}""", "$.attachments" },
        { """{"id":{"nested":true}}""", "$.id" },
        { """{"attachments":{"abc":null}}""", "$.attachments.abc" },
    };

    [Theory]
    [MemberData(nameof(WrongDocuments))]
    public void A_wrong_member_type_gives_a_JsonException_naming_its_path(string json, string path)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options));

        Assert.Equal(path, error.Path);
        Assert.EndsWith("Path: " + path + ".", error.Message);
    }

    public static TheoryData<string> MalformedDocuments => new()
    {
        """{"attachments":{"abc":{"handler":"s3","settings":{"bucket":"b""",
        """{"attachments":{"abc":{"handler":"s3",,}}}""",
        """{"plan":{"modb":{"types":{"fax":{"connection":"local"}}}""",
        """{"id":"a" "plan":{}}""",
        """{"attachments":{"abc":{"handler":"s3","settings":{"bucket":tru}}}}""",
        "",
        "[",
        "\"just a string\"",
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void Malformed_json_gives_a_JsonException_and_no_other_exception_type(string json)
    {
        var error = Record.Exception(() => JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options));

        Assert.IsType<JsonException>(error, exactMatch: false);
    }

    [Fact]
    public void A_missing_required_member_is_named()
    {
        const string json = """{"attachments":{"abc":{"handler":"google_drive","settings":{}}}}""";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options));

        Assert.Contains("'oauth_doc_id'", error.Message);
        Assert.Equal("$.attachments.abc.settings", error.Path);
    }
}
