using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// Collections inside collections: maps of arrays (Kazoo's <c>system_config.blackhole</c> bindings), maps of maps, arrays
/// of maps, arrays of arrays, and deeper nestings (Kazoo's <c>token_restrictions</c>), both as declared members and as
/// <c>patternProperties</c> / typed <c>additionalProperties</c> values. The generated code compiles cleanly and JSON
/// round-trips through it unchanged.
/// </summary>
public sealed class NestedCollectionTests : IClassFixture<NestedCollectionTests.Generated>
{
    private const string NestedSchema = """
        {
          "_id": "nested_collections",
          "type": "object",
          "properties": {
            "matrix": { "type": "array", "items": { "type": "array", "items": { "type": "integer" } } },
            "labelled_rows": { "type": "array", "items": { "type": "object", "additionalProperties": { "type": "string" } } },
            "scores": { "type": "object", "additionalProperties": { "type": "object", "additionalProperties": { "type": "number" } } },
            "tags_by_name": { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "string" } } },
            "deep": {
              "type": "array",
              "items": { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "array", "items": { "type": "boolean" } } } }
            },
            "bindings": {
              "type": "object",
              "patternProperties": { "[a-z_]+": { "type": "array", "items": { "type": "string" } } }
            },
            "grid": {
              "type": "object",
              "patternProperties": { "^g": { "type": "array", "items": { "type": "array", "items": { "type": "integer" } } } }
            },
            "layers": {
              "type": "object",
              "patternProperties": { "^l": { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "string" } } } }
            }
          },
          "additionalProperties": { "type": "array", "items": { "type": "object", "additionalProperties": { "type": "integer" } } }
        }
        """;

    // Kazoo's token_restrictions, as published: pattern maps of pattern maps of pattern maps of arrays of objects whose
    // rules are a pattern map of arrays of strings.
    private const string TokenRestrictionsSchema = """
        {
          "_id": "token_restrictions",
          "type": "object",
          "properties": {
            "restrictions": {
              "type": "object",
              "patternProperties": { "^\\w+$": {
                "type": "object",
                "patternProperties": { "^\\w+$": {
                  "type": "object",
                  "patternProperties": { "^\\w+$": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "allowed_accounts": { "type": "array", "items": { "type": "string" }, "uniqueItems": true },
                        "rules": {
                          "type": "object",
                          "patternProperties": { "^[\\w/#*]+$": {
                            "type": "array", "uniqueItems": true,
                            "items": { "type": "string", "enum": ["GET", "PUT", "POST", "PATCH", "DELETE", "_"] }
                          } }
                        }
                      }
                    }
                  } }
                } }
              } }
            }
          }
        }
        """;

    private const string NestedDocument = """
        {"matrix":[[1,2],[],[3]],"labelled_rows":[{"a":"x","b":"y"},{}],"scores":{"ada":{"math":9.5,"poetry":7},"bob":{}},
         "tags_by_name":{"one":["a","b"],"two":[]},"deep":[{"k":[[true,false],[]]},{}],
         "bindings":{"bh_call":["call.*.*","call.CHANNEL_CREATE.*"],"bh_fax":[],"X-1":{"kept":true}},
         "grid":{"g1":[[1],[2,3]],"h":1},"layers":{"l1":{"x":["p","q"]},"m":"kept"},
         "extra":[{"n":1},{"m":2,"o":3}]}
        """;

    private const string TokenRestrictionsDocument = """
        {"restrictions":{"_":{"admin":{"users":[{"allowed_accounts":["4a6f2e2d1c0b4e8f9a7d6c5b4a3f2e1d"],
          "rules":{"/":["GET","PUT"],"#":["_"]}}],"_":[{"rules":{"*":["GET"]}}]},"user":{}}}}
        """;

    private readonly Generated _generated;

    public NestedCollectionTests(Generated generated) => _generated = generated;

    [Fact]
    public void Nested_collections_generate_code_that_compiles_without_warnings_or_errors()
    {
        var run = _generated.Run;
        var problems = run.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Warning)
            .Concat(run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning))
            .ToList();

        Assert.Null(run.Result.Exception);
        Assert.True(problems.Count == 0, problems.Describe());
    }

    [Theory]
    [InlineData("NestedCollections", NestedDocument)]
    [InlineData("TokenRestrictions", TokenRestrictionsDocument)]
    public void Nested_collections_round_trip_unchanged(string typeName, string document)
    {
        var json = Compact(document);

        var (_, written) = _generated.RoundTrip(typeName, json);

        Assert.Equal(json, written);
    }

    [Theory]
    [InlineData("NestedCollections", NestedDocument)]
    [InlineData("TokenRestrictions", TokenRestrictionsDocument)]
    public void Nested_collections_compare_by_value(string typeName, string document)
    {
        var (first, second) = _generated.ReadTwice(typeName, Compact(document));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void A_wrong_item_deep_in_nested_collections_is_reported_with_its_path()
    {
        var type = _generated.Type("NestedCollections");
        var json = Compact(NestedDocument).Replace("[[true,false],[]]", "[[true,\"no\"],[]]", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, type, _generated.Options));

        Assert.Equal("$.deep[0].k[0][1]", error.Path);
    }

    [Fact]
    public void A_wrong_value_in_a_pattern_map_of_arrays_is_reported_with_its_path()
    {
        var type = _generated.Type("NestedCollections");
        var json = Compact(NestedDocument).Replace("\"bh_fax\":[]", "\"bh_fax\":[1]", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, type, _generated.Options));

        Assert.Equal("$.bindings.bh_fax[0]", error.Path);
    }

    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();

    public sealed class Generated() : GeneratedCodeFixture(
        [new SchemaSource("nested_collections.json", NestedSchema), new SchemaSource("token_restrictions.json", TokenRestrictionsSchema)],
        "Kazoo.Nested.Tests.Generated",
        "NestedJson");
}
