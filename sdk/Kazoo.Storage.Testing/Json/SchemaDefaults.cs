using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Testing.Json;

/// <summary>
/// What Kazoo's validator writes into a valid document (spec §3.3): every missing property that has a schema
/// <c>default</c> gets it ("use defaults"), and, outside a <c>oneOf</c>, a string where the schema wants an integer, a
/// number or a boolean is stored as that type (Crossbar's lenient coercion, e.g. a plan's <c>"stub": "true"</c>).
/// </summary>
/// <remarks>
/// The schemas are the SDK's own storage schema files, embedded in this assembly. Inside a <c>oneOf</c> the branch the
/// value matches is the one whose defaults apply (an <c>http</c> entry gains <c>verb: "put"</c> and
/// <c>base64_encode_data: false</c>); a branch is tested with the SDK's validator when it is a <c>$ref</c>, and by its
/// <c>type</c> alone when it is written inline. New members are appended to their object.
/// </remarks>
internal sealed class SchemaDefaults
{
    private const string ResourcePrefix = "Kazoo.Storage.Testing.Schemas.";
    private static readonly Lazy<SchemaDefaults> s_storage = new(Load);
    private readonly Dictionary<string, JsonElement> _schemas;
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);

    private SchemaDefaults(Dictionary<string, JsonElement> schemas) => _schemas = schemas;

    /// <summary>The defaults of Kazoo's storage schemas.</summary>
    public static SchemaDefaults Storage => s_storage.Value;

    /// <summary>Fills in defaults and coerces lenient values in a document that passed validation against <paramref name="schemaId"/>.</summary>
    public JsonNode? Apply(JsonNode? document, string schemaId, ValidationOptions options) =>
        Walk(document, _schemas[schemaId], options, inOneOf: false);

    private static SchemaDefaults Load()
    {
        var assembly = typeof(SchemaDefaults).Assembly;
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement.Clone();
            schemas[root.GetProperty("_id").GetString()!] = root;
        }

        return new SchemaDefaults(schemas);
    }

    private JsonElement Resolve(JsonElement schema)
    {
        // Draft-04: $ref replaces its siblings; Kazoo's $ref is a bare schema id.
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
               && _schemas.TryGetValue(reference.GetString() ?? string.Empty, out var target))
        {
            schema = target;
        }

        return schema;
    }

    private JsonNode? Walk(JsonNode? value, JsonElement schema, ValidationOptions options, bool inOneOf)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return value;
        }

        if (!inOneOf && value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String && TryCoerce(scalar.GetValue<string>(), schema, out var coerced))
        {
            return coerced;
        }

        if (value is JsonObject obj)
        {
            WalkObject(obj, schema, options, inOneOf);
        }
        else if (value is JsonArray array && schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var item = array[i];
                var replaced = Walk(item, items, options, inOneOf);
                if (!ReferenceEquals(replaced, item))
                {
                    array[i] = replaced;
                }
            }
        }

        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in allOf.EnumerateArray())
            {
                value = Walk(value, part, options, inOneOf);
            }
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Array && Matching(value, oneOf, options) is { } branch)
        {
            value = Walk(value, branch, options, inOneOf: true);
        }

        return value;
    }

    private void WalkObject(JsonObject obj, JsonElement schema, ValidationOptions options, bool inOneOf)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                declared.Add(property.Name);
                if (obj.TryGetPropertyValue(property.Name, out var child))
                {
                    Replace(obj, property.Name, child, Walk(child, property.Value, options, inOneOf));
                }
                else if (Resolve(property.Value) is { ValueKind: JsonValueKind.Object } resolved && resolved.TryGetProperty("default", out var fallback))
                {
                    obj[property.Name] = JsonNode.Parse(fallback.GetRawText());
                }
            }
        }

        var patterns = schema.TryGetProperty("patternProperties", out var patternProperties) && patternProperties.ValueKind == JsonValueKind.Object
            ? patternProperties.EnumerateObject().ToList()
            : [];
        var additional = schema.TryGetProperty("additionalProperties", out var more) && more.ValueKind == JsonValueKind.Object ? more : (JsonElement?)null;
        if (patterns.Count == 0 && additional is null)
        {
            return;
        }

        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            var matched = false;
            foreach (var pattern in patterns)
            {
                if (Regex(pattern.Name).IsMatch(key))
                {
                    matched = true;
                    var child = obj[key];
                    Replace(obj, key, child, Walk(child, pattern.Value, options, inOneOf));
                }
            }

            if (!matched && !declared.Contains(key) && additional is { } extra)
            {
                var child = obj[key];
                Replace(obj, key, child, Walk(child, extra, options, inOneOf));
            }
        }
    }

    private static void Replace(JsonObject obj, string key, JsonNode? before, JsonNode? after)
    {
        if (!ReferenceEquals(before, after))
        {
            obj[key] = after;
        }
    }

    /// <summary>The one <c>oneOf</c> branch the value matches, or null when none or several do.</summary>
    private JsonElement? Matching(JsonNode? value, JsonElement oneOf, ValidationOptions options)
    {
        JsonElement? match = null;
        var element = JsonText.ToElement(value);
        foreach (var branch in oneOf.EnumerateArray())
        {
            var valid = branch.TryGetProperty("$ref", out var reference) && reference.GetString() is { } id && _schemas.ContainsKey(id)
                ? KazooStorageJson.Schemas.Validator(id).Validate(element, options).IsValid
                : TypeMatches(element, branch);
            if (valid)
            {
                if (match is not null)
                {
                    return null;
                }

                match = branch;
            }
        }

        return match;
    }

    private static bool TypeMatches(JsonElement value, JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return true;
        }

        return TypeNames(type).Any(name => name switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            _ => true,
        });
    }

    private static IEnumerable<string> TypeNames(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => [type.GetString()!],
        JsonValueKind.Array => type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!),
        _ => [],
    };

    /// <summary>Crossbar's lenient mode: a string holding an integer, a number or a boolean, where the schema wants that type.</summary>
    private static bool TryCoerce(string text, JsonElement schema, out JsonNode? coerced)
    {
        coerced = null;
        if (!schema.TryGetProperty("type", out var type))
        {
            return false;
        }

        var names = TypeNames(type).ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0 || names.Contains("string"))
        {
            return false;
        }

        if ((names.Contains("integer") || names.Contains("number")) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            coerced = JsonValue.Create(integer);
        }
        else if (names.Contains("number") && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            coerced = JsonValue.Create(real);
        }
        else if (names.Contains("boolean") && text is "true" or "false")
        {
            coerced = JsonValue.Create(text == "true");
        }

        return coerced is not null;
    }

    private Regex Regex(string pattern)
    {
        lock (_regexes)
        {
            if (!_regexes.TryGetValue(pattern, out var regex))
            {
                regex = SchemaRegex.Create(pattern);
                _regexes[pattern] = regex;
            }

            return regex;
        }
    }
}
