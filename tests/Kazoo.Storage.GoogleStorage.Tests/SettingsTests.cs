using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary><c>settings.bucket</c>, which Kazoo's schema does not declare, read from and written to the record's extension data.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void The_bucket_of_a_storage_document_entry_is_read_from_its_settings()
    {
        var json = """{"handler":"google_storage","name":"gcs","settings":{"bucket":"kazoo-vm","oauth_doc_id":"4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c"}}""";

        var entry = Assert.IsType<StorageAttachmentGoogleStorage>(JsonSerializer.Deserialize(json, KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>()));

        Assert.Equal("kazoo-vm", entry.Settings.GetBucket());
        Assert.Equal("4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c", entry.Settings.OauthDocId);
    }

    [Fact]
    public void WithBucket_sets_the_member_Kazoo_reads_and_keeps_the_others()
    {
        var settings = new StorageAttachmentGoogleStorageSettings { OauthAppId = "app" }.WithBucket("first").WithBucket("kazoo-vm");

        var json = JsonSerializer.Serialize(settings, KazooStorageJson.GetTypeInfo<StorageAttachmentGoogleStorageSettings>());

        Assert.Equal("kazoo-vm", settings.GetBucket());
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal("kazoo-vm", parsed.RootElement.GetProperty("bucket").GetString());
        Assert.Equal("app", parsed.RootElement.GetProperty("oauth_app_id").GetString());
    }

    [Theory]
    [InlineData("""{"oauth_doc_id":"x"}""")]
    [InlineData("""{"bucket":"","oauth_doc_id":"x"}""")]
    [InlineData("""{"bucket":null,"oauth_doc_id":"x"}""")]
    [InlineData("""{"bucket":["a"],"oauth_doc_id":"x"}""")]
    public void A_missing_empty_or_non_text_bucket_is_none(string json)
    {
        var settings = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), KazooStorageJson.GetTypeInfo<StorageAttachmentGoogleStorageSettings>())!;

        Assert.Null(settings.GetBucket());
    }
}
