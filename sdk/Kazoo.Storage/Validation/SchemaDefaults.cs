using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Validation;

/// <summary>
/// The walk behind <see cref="SchemaSet.ApplyDefaults"/>: Kazoo's "use defaults" and lenient coercion over the compiled
/// nodes, so that the generator stays the one reader of schema semantics.
/// </summary>
/// <remarks>
/// A <c>oneOf</c>'s branch is decided by validating the value as it stands at that point of the walk (defaults already
/// added to it included), written out once per <c>oneOf</c>, wherever the <c>oneOf</c> is nested.
/// </remarks>
internal readonly struct SchemaDefaults(SchemaSet set, ValidationOptions options)
{
    public JsonNode? Walk(JsonNode? value, int index, bool inOneOf)
    {
        var node = set[index];
        if (!inOneOf && !options.StrictValidation && value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String
            && TryCoerce(scalar.GetValue<string>(), node.Types, out var coerced))
        {
            return coerced;
        }

        if (value is JsonObject obj)
        {
            WalkObject(obj, node, inOneOf);
        }
        else if (value is JsonArray array && node.Items >= 0)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Replace(array, i, Walk(array[i], node.Items, inOneOf));
            }
        }

        foreach (var part in node.AllOf)
        {
            value = Walk(value, part, inOneOf);
        }

        if (node.OneOf.Count > 0)
        {
            var element = value is null ? JsonSerializer.SerializeToElement<JsonNode?>(null) : JsonSerializer.SerializeToElement(value);
            if (Matching(element, node.OneOf) is { } branch)
            {
                value = Walk(value, branch, inOneOf: true);
            }
        }

        return value;
    }

    private void WalkObject(JsonObject obj, SchemaNode node, bool inOneOf)
    {
        foreach (var property in node.Properties)
        {
            if (obj.TryGetPropertyValue(property.Name, out var child))
            {
                Replace(obj, property.Name, child, Walk(child, property.Schema, inOneOf));
            }
            else if (set[property.Schema].Default is { } fallback)
            {
                obj[property.Name] = JsonNode.Parse(fallback);
            }
        }

        if (node.PatternProperties.Count == 0 && node.AdditionalProperties < 0)
        {
            return;
        }

        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            var matched = false;
            foreach (var pattern in node.PatternProperties)
            {
                if (pattern.Regex.IsMatch(key))
                {
                    matched = true;
                    var child = obj[key];
                    Replace(obj, key, child, Walk(child, pattern.Schema, inOneOf));
                }
            }

            if (!matched && node.AdditionalProperties >= 0 && !node.Properties.Any(p => p.Name == key))
            {
                var child = obj[key];
                Replace(obj, key, child, Walk(child, node.AdditionalProperties, inOneOf));
            }
        }
    }

    /// <summary>The one <c>oneOf</c> branch the value's JSON is valid against, or null when none or several are.</summary>
    private int? Matching(JsonElement element, IReadOnlyList<int> branches)
    {
        int? match = null;
        foreach (var branch in branches)
        {
            if (new SchemaValidator(set, branch).Validate(element, options).IsValid)
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

    private static void Replace(JsonObject obj, string key, JsonNode? before, JsonNode? after)
    {
        if (!ReferenceEquals(before, after))
        {
            obj[key] = after;
        }
    }

    private static void Replace(JsonArray array, int index, JsonNode? after)
    {
        if (!ReferenceEquals(array[index], after))
        {
            array[index] = after;
        }
    }

    /// <summary>Crossbar's lenient mode: a string holding an integer, a number or a boolean, where the schema wants only that type.</summary>
    private static bool TryCoerce(string text, JsonTypes types, out JsonNode? coerced)
    {
        coerced = null;
        if (types == JsonTypes.Any || (types & JsonTypes.String) != 0)
        {
            return false;
        }

        if ((types & (JsonTypes.Integer | JsonTypes.Number)) != 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            coerced = JsonValue.Create(integer);
        }
        else if ((types & JsonTypes.Number) != 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            coerced = JsonValue.Create(real);
        }
        else if ((types & JsonTypes.Boolean) != 0 && text is "true" or "false")
        {
            coerced = JsonValue.Create(text == "true");
        }

        return coerced is not null;
    }
}
