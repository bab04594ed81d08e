using System.Text.Json.Nodes;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>What Kazoo writes into a valid document (spec §3.3), read from the compiled schema nodes.</summary>
public sealed class ApplyDefaultsTests
{
    private const string Http = "11111111111111111111111111111111";
    private const string S3 = "22222222222222222222222222222222";

    private static JsonObject Document() => JsonNode.Parse("""
        {
          "attachments": {
            "HTTPID": {"handler": "http", "name": "recorder", "settings": {"url": "https://rec.example.com/in"}},
            "S3ID": {"handler": "s3", "settings": {"bucket": "bucket-one", "key": "k", "secret": "s"}}
          },
          "plan": {"modb": {"types": {"call_recording": {"attachments": {"handler": "HTTPID", "stub": "true"}}}}}
        }
        """.Replace("HTTPID", Http, StringComparison.Ordinal).Replace("S3ID", S3, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void Missing_members_get_the_defaults_of_the_oneOf_branch_the_entry_matches_appended_in_schema_order()
    {
        var document = Document();

        KazooStorageJson.Schemas.ApplyDefaults(document, "storage");

        var http = document["attachments"]![Http]!["settings"]!.AsObject();
        Assert.Equal(["url", "base64_encode_data", "verb"], http.Select(p => p.Key)); // appended in the schema's property order
        Assert.Equal("put", http["verb"]!.GetValue<string>());
        Assert.False(http["base64_encode_data"]!.GetValue<bool>());
        var s3 = document["attachments"]![S3]!["settings"]!.AsObject();
        Assert.False(s3.ContainsKey("verb"));
        var errors = StorageDocument.Validate(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()));
        Assert.True(errors.IsValid, errors.ToString());
    }

    [Fact]
    public void A_string_where_only_a_boolean_is_allowed_is_stored_as_one_unless_validation_is_strict()
    {
        var lenient = Document();
        var strict = Document();

        KazooStorageJson.Schemas.ApplyDefaults(lenient, "storage");
        KazooStorageJson.Schemas.ApplyDefaults(strict, "storage", ValidationOptions.Default with { StrictValidation = true });

        Assert.True(lenient["plan"]!["modb"]!["types"]!["call_recording"]!["attachments"]!["stub"]!.GetValue<bool>());
        Assert.Equal("true", strict["plan"]!["modb"]!["types"]!["call_recording"]!["attachments"]!["stub"]!.GetValue<string>());
    }

    [Fact]
    public void Members_that_are_present_keep_their_values_and_an_unknown_schema_is_refused()
    {
        var document = JsonNode.Parse("""{"attachments": {"HTTPID": {"handler": "http", "settings": {"url": "https://a.example.com/", "verb": "post"}}}}""".Replace("HTTPID", Http, StringComparison.Ordinal))!.AsObject();

        KazooStorageJson.Schemas.ApplyDefaults(document, "storage");

        Assert.Equal("post", document["attachments"]![Http]!["settings"]!["verb"]!.GetValue<string>());
        Assert.Throws<KeyNotFoundException>(() => KazooStorageJson.Schemas.ApplyDefaults(document, "no.such.schema"));
    }
}
