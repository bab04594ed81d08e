using System.Text.Json;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class StoragePatchTests
{
    private static StorageDocument Read(string json) => JsonSerializer.Deserialize(json, KazooStorageJson.GetTypeInfo<StorageDocument>())!;

    private static void AssertJson(string expected, StoragePatch patch) =>
        Assert.True(JsonElement.DeepEquals(FakeCrossbar.Element(expected), patch.Body), "expected " + expected + " but got " + patch.ToJson());

    [Fact]
    public void Equal_documents_give_an_empty_patch()
    {
        var document = TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http());

        var patch = StoragePatch.Between(document, document with { });

        Assert.True(patch.IsEmpty);
        Assert.Equal("{}", patch.ToJson());
    }

    [Fact]
    public void A_changed_nested_value_is_sent_alone()
    {
        var before = Read("""{"attachments":{"a0000000000000000000000000000000":{"handler":"http","name":"x","settings":{"url":"https://a.example.com/","verb":"put"},"_sig":"s1"}}}""");
        var after = Read("""{"attachments":{"a0000000000000000000000000000000":{"handler":"http","name":"x","settings":{"url":"https://b.example.com/","verb":"put"},"_sig":"s1"}}}""");

        AssertJson("""{"attachments":{"a0000000000000000000000000000000":{"settings":{"url":"https://b.example.com/"}}}}""", StoragePatch.Between(before, after));
    }

    [Fact]
    public void A_removed_key_becomes_null_and_an_added_key_is_sent_whole()
    {
        var before = Read("""{"attachments":{"a0000000000000000000000000000000":{"handler":"http","settings":{"url":"https://a.example.com/"}}},"ui_metadata":{"v":1}}""");
        var after = Read("""{"attachments":{"b0000000000000000000000000000000":{"handler":"http","settings":{"url":"https://b.example.com/"}}},"ui_metadata":{"v":1}}""");

        AssertJson(
            """{"attachments":{"b0000000000000000000000000000000":{"handler":"http","settings":{"url":"https://b.example.com/"}},"a0000000000000000000000000000000":null}}""",
            StoragePatch.Between(before, after));
    }

    [Fact]
    public void Arrays_are_replaced_whole()
    {
        var before = Read("""{"attachments":{"a0000000000000000000000000000000":{"handler":"http","settings":{"url":"https://a.example.com/","field_list":[{"arg":"account_id"},{"arg":"id"}]}}}}""");
        var after = Read("""{"attachments":{"a0000000000000000000000000000000":{"handler":"http","settings":{"url":"https://a.example.com/","field_list":[{"arg":"id"}]}}}}""");

        AssertJson(
            """{"attachments":{"a0000000000000000000000000000000":{"settings":{"field_list":[{"arg":"id"}]}}}}""",
            StoragePatch.Between(before, after));
    }

    [Fact]
    public void An_emptied_object_is_sent_as_a_null_per_removed_key_so_keys_added_meanwhile_survive()
    {
        var before = Read("""{"attachments":{"a0000000000000000000000000000000":{"handler":"http","settings":{"url":"https://a.example.com/"}}},"ui_metadata":{"x":1,"y":2}}""");
        var after = Read("""{"attachments":{},"ui_metadata":{}}""");

        AssertJson("""{"attachments":{"a0000000000000000000000000000000":null},"ui_metadata":{"x":null,"y":null}}""", StoragePatch.Between(before, after));
    }

    [Fact]
    public void An_empty_object_where_there_was_none_is_sent_as_empty()
    {
        var before = Read("""{"ui_metadata":{"x":1}}""");
        var after = Read("""{"ui_metadata":{"x":1,"tags":{}}}""");

        AssertJson("""{"ui_metadata":{"tags":{}}}""", StoragePatch.Between(before, after));
    }

    [Fact]
    public void Top_level_id_and_private_keys_are_left_out()
    {
        var before = Read("""{"id":"acc1","_read_only":{"deleted":false},"pvt_type":"storage","plan":{}}""");
        var after = Read("""{"id":"other","pvt_type":"changed","plan":{}}""");

        Assert.True(StoragePatch.Between(before, after).IsEmpty);
    }

    [Fact]
    public void Key_order_alone_is_not_a_change()
    {
        var before = Read("""{"ui_metadata":{"a":1,"b":2}}""");
        var after = Read("""{"ui_metadata":{"b":2,"a":1}}""");

        Assert.True(StoragePatch.Between(before, after).IsEmpty);
    }

    [Fact]
    public void The_builder_sets_removes_and_escapes_dots()
    {
        var id = "c0000000000000000000000000000000";
        var patch = new StoragePatchBuilder()
            .SetAttachment(id, TestDocuments.Http("https://c.example.com/"))
            .Set("plan.modb.types.mailbox_message.attachments.handler", id)
            .Set("ui_metadata.version%2Ename", "1.2")
            .Set("ui_metadata.enabled", true)
            .Set("ui_metadata.count", 3)
            .RemoveAttachment("d0000000000000000000000000000000")
            .Build();

        AssertJson(
            """
            {"attachments":{"c0000000000000000000000000000000":{"handler":"http","name":"files","settings":{"url":"https://c.example.com/"}},"d0000000000000000000000000000000":null},
             "plan":{"modb":{"types":{"mailbox_message":{"attachments":{"handler":"c0000000000000000000000000000000"}}}}},
             "ui_metadata":{"version.name":"1.2","enabled":true,"count":3}}
            """,
            patch);
    }

    [Fact]
    public void The_builder_rejects_empty_path_segments()
    {
        Assert.Throws<ArgumentException>(() => new StoragePatchBuilder().Set("plan..modb", "x"));
    }

    [Fact]
    public void A_patch_from_json_must_be_an_object()
    {
        Assert.Throws<ArgumentException>(() => StoragePatch.FromJson("[1,2]"));
        Assert.False(StoragePatch.FromJson("""{"plan":null}""").IsEmpty);
    }
}
