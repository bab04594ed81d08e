using System;
using System.Linq;
using NJsonSchema;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Finds the NJsonSchema object at a JSON pointer of its document, by the keywords a schema can hold sub-schemas
/// under (the pointers <see cref="SchemaHeaderReader"/> writes): the same object the resolution reaches.
/// </summary>
internal static class SchemaPointer
{
    public static JsonSchema? Navigate(JsonSchema root, string pointer)
    {
        var segments = pointer.TrimStart('#').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(SchemaHeaderReader.Unescape)
            .ToList();
        JsonSchema? current = root;
        for (var i = 0; i < segments.Count && current is not null; i++)
        {
            var keyword = segments[i];
            var next = i + 1 < segments.Count ? segments[i + 1] : null;
            switch (keyword)
            {
                case "properties" when next is not null:
                    current = current.Properties.TryGetValue(next, out var property) ? property : null;
                    i++;
                    break;
                case "patternProperties" when next is not null:
                    current = current.PatternProperties.TryGetValue(next, out var pattern) ? pattern : null;
                    i++;
                    break;
                case "definitions" when next is not null:
                    current = current.Definitions.TryGetValue(next, out var definition) ? definition : null;
                    i++;
                    break;
                case "oneOf" or "anyOf" or "allOf" when next is not null && int.TryParse(next, out var index):
                    var branches = keyword == "oneOf" ? current.OneOf : keyword == "anyOf" ? current.AnyOf : current.AllOf;
                    current = index >= 0 && index < branches.Count ? branches.ElementAt(index) : null;
                    i++;
                    break;
                case "items" when next is not null && int.TryParse(next, out var itemIndex) && current.Items.Count > 0:
                    current = itemIndex >= 0 && itemIndex < current.Items.Count ? current.Items.ElementAt(itemIndex) : null;
                    i++;
                    break;
                case "items":
                    current = current.Item;
                    break;
                case "additionalProperties":
                    current = current.AdditionalPropertiesSchema;
                    break;
                case "not":
                    current = current.Not;
                    break;
                default:
                    return null;
            }
        }

        return current;
    }
}
