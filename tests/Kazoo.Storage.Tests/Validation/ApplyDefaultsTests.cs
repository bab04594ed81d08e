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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_oneOf_picks_its_branch_from_the_value_with_the_defaults_already_added_however_deeply_it_is_nested(bool underAnotherOneOf)
    {
        // x gets d = 1 by default; x's oneOf then has a branch for "d present" (tag "had-d") and one for "d absent"
        // (tag "no-d"). Under an outer oneOf the inner choice must see the default too, as it does at top level.
        SchemaNode[] nodes =
        [
            new("t", "#") { OneOf = [1] },                                                             // 0: outer oneOf
            new("t", "#/oneOf/0") { Types = JsonTypes.Object, Properties = [new PropertyRule("x", 2)] }, // 1
            new("t", "#/x") { Types = JsonTypes.Object, Properties = [new PropertyRule("d", 3)], OneOf = [4, 6] }, // 2
            new("t", "#/x/d") { Default = "1" },                                                       // 3
            new("t", "#/x/oneOf/0") { Required = ["d"], Properties = [new PropertyRule("tag", 5)] },   // 4
            new("t", "#/x/oneOf/0/tag") { Default = "\"had-d\"" },                                   // 5
            new("t", "#/x/oneOf/1") { Not = 7, Properties = [new PropertyRule("tag", 8)] },            // 6
            new("t", "#/x/oneOf/1/not") { Required = ["d"] },                                          // 7
            new("t", "#/x/oneOf/1/tag") { Default = "\"no-d\"" },                                    // 8
        ];
        var schemas = new SchemaSet(nodes, new Dictionary<string, int> { ["outer"] = 0, ["inner"] = 1 });
        var document = JsonNode.Parse("""{"x": {}}""")!.AsObject();

        schemas.ApplyDefaults(document, underAnotherOneOf ? "outer" : "inner");

        Assert.Equal("""{"x":{"d":1,"tag":"had-d"}}""", document.ToJsonString());
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
