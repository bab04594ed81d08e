using System.Text.Json.Nodes;
using Json.Schema;

namespace Kazoo.Storage.Benchmarks.Validation;

/// <summary>
/// Kazoo's storage schemas loaded into JsonSchema.Net 8. JsonSchema.Net has no draft-04 dialect, so the schemas are
/// evaluated as draft-06, the closest one. The differences that could matter here: draft-06 counts <c>1.0</c> as an
/// integer (draft-04 does not), and draft-06's <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> are numbers where
/// draft-04's are booleans (these schemas use neither). Kazoo's bare-id <c>$ref</c>s are made resolvable by rewriting
/// each file's <c>_id</c> into <c>$id</c> = <see cref="BaseUri"/> + id and each bare-id <c>$ref</c> into that
/// absolute URI; every file is built into one private <see cref="SchemaRegistry"/> (nothing is fetched).
/// Kazoo's own keywords (<c>kazoo-validation</c>, the <c>patern</c> typo) are unknown keywords: annotations only.
/// </summary>
public sealed class JsonSchemaNetKazoo
{
    /// <summary>The base URI of the rewritten ids (a reserved TLD: never fetched).</summary>
    public const string BaseUri = "https://kazoo-schemas.invalid/";

    private const string Draft06 = "http://json-schema.org/draft-06/schema#";

    /// <summary>Loads all 16 schemas.</summary>
    public JsonSchemaNetKazoo()
    {
        var registry = new SchemaRegistry();
        var buildOptions = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft06 };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var (id, text) in KazooSchemaTexts.All)
        {
            schemas.Add(id, JsonSchema.FromText(RewriteForJsonSchemaNet(text), buildOptions, new Uri(BaseUri + id)));
        }

        Schemas = schemas;
        Storage = schemas["storage"];
    }

    /// <summary>Each schema by its Kazoo id.</summary>
    public IReadOnlyDictionary<string, JsonSchema> Schemas { get; }

    /// <summary>The root <c>storage</c> schema.</summary>
    public JsonSchema Storage { get; }

    /// <summary>Only pass/fail: JsonSchema.Net's fastest output.</summary>
    public static EvaluationOptions Flag { get; } = new() { OutputFormat = OutputFormat.Flag };

    /// <summary>Every error, for reading what failed.</summary>
    public static EvaluationOptions List { get; } = new() { OutputFormat = OutputFormat.List };

    /// <summary>
    /// A Kazoo schema file in JsonSchema.Net's terms: <c>_id</c> → <c>$id</c> (absolute), bare <c>$ref</c> → absolute,
    /// <c>$schema</c> → draft-06.
    /// </summary>
    public static string RewriteForJsonSchemaNet(string kazooSchemaText)
    {
        var root = JsonNode.Parse(kazooSchemaText)!.AsObject();
        return Rewrite(root, isRoot: true).ToJsonString();
    }

    private static JsonObject Rewrite(JsonObject source, bool isRoot)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "_id" when isRoot:
                    result["$id"] = BaseUri + value!.GetValue<string>();
                    break;
                case "$schema" when isRoot:
                    result["$schema"] = Draft06;
                    break;
                case "$ref" when value is JsonValue reference && reference.TryGetValue<string>(out var id) && !id.Contains('#') && !id.Contains(':'):
                    result["$ref"] = BaseUri + id;
                    break;
                default:
                    result[key] = RewriteAny(value);
                    break;
            }
        }

        return result;
    }

    private static JsonNode? RewriteAny(JsonNode? value) => value switch
    {
        JsonObject obj => Rewrite(obj, isRoot: false),
        JsonArray array => new JsonArray(array.Select(RewriteAny).ToArray()),
        null => null,
        _ => value.DeepClone(),
    };
}
