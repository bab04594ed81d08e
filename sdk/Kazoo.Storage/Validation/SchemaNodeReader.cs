using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Reads the compiled nodes of one schema file as the source generator writes them: UTF-8, one JSON object a line,
/// keys named after the keywords (absent means the node's default), a sub-schema as the number of a line of the same
/// file or as another file's id (that file's root). For generated code; the generator owns the format.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SchemaNodeReader
{
    /// <summary>Reads one file's nodes into <paramref name="nodes"/>, the first at <paramref name="first"/>.</summary>
    /// <param name="nodes">The nodes of the whole set.</param>
    /// <param name="first">Where this file's first node goes; line <c>n</c> goes to <c>first + n</c>.</param>
    /// <param name="schemaId">The file's id (the nodes' <see cref="SchemaNode.SchemaId"/> unless a line says otherwise).</param>
    /// <param name="utf8Lines">The file's nodes, as generated.</param>
    /// <param name="roots">The index of each file's root, by id.</param>
    /// <param name="missing">The index of the node that stands for a file that is not in the set.</param>
    /// <exception cref="JsonException">The data is not what the generator writes.</exception>
    public static void Fill(SchemaNode[] nodes, int first, string schemaId, ReadOnlySpan<byte> utf8Lines, IReadOnlyDictionary<string, int> roots, int missing)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(schemaId);
        ArgumentNullException.ThrowIfNull(roots);
        var reader = new Utf8JsonReader(utf8Lines, new JsonReaderOptions { AllowMultipleValues = true });
        var line = new Line(first, roots, missing);
        for (var n = first; reader.Read(); n++)
        {
            try
            {
                nodes[n] = line.Read(JsonElement.ParseValue(ref reader), schemaId);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or IndexOutOfRangeException or KeyNotFoundException)
            {
                throw new JsonException($"The compiled node {n - first} of the schema '{schemaId}' is not what the generator writes: {e.Message}", e);
            }
        }
    }

    private sealed class Line(int first, IReadOnlyDictionary<string, int> roots, int missing)
    {
        public SchemaNode Read(JsonElement node, string schemaId) => new(Text(node, "schema") ?? schemaId, Text(node, "pointer")!)
        {
            PropertyName = Text(node, "property"),
            Types = (JsonTypes)Count(node, "types", 0),
            Enum = node.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(EnumValueOf)] : null,
            Properties = [.. Pairs(node, "properties").Select(p => new PropertyRule(p.Name, Index(p.Value)))],
            Required = Texts(node, "required") ?? [],
            PatternProperties = [.. Pairs(node, "patternProperties").Select(p => new PatternRule(p.Name, Index(p.Value)))],
            AdditionalPropertiesAllowed = Flag(node, "additionalPropertiesAllowed", true),
            AdditionalProperties = Index(node, "additionalProperties"),
            Items = Index(node, "items"),
            TupleItems = node.TryGetProperty("tupleItems", out var tuple) ? Indexes(tuple) : null,
            AdditionalItemsAllowed = Flag(node, "additionalItemsAllowed", true),
            AdditionalItems = Index(node, "additionalItems"),
            MinItems = Count(node, "minItems", -1),
            MaxItems = Count(node, "maxItems", -1),
            UniqueItems = Flag(node, "uniqueItems", false),
            MinProperties = Count(node, "minProperties", -1),
            MaxProperties = Count(node, "maxProperties", -1),
            MinLength = Count(node, "minLength", -1),
            MaxLength = Count(node, "maxLength", -1),
            Pattern = Text(node, "pattern") is { } pattern ? SchemaRegex.Create(pattern) : null,
            Minimum = Number(node, "minimum"),
            Maximum = Number(node, "maximum"),
            ExactMinimum = node.TryGetProperty("exactMinimum", out var exactMinimum) ? exactMinimum.GetDecimal() : null,
            ExactMaximum = node.TryGetProperty("exactMaximum", out var exactMaximum) ? exactMaximum.GetDecimal() : null,
            ExclusiveMinimum = Flag(node, "exclusiveMinimum", false),
            ExclusiveMaximum = Flag(node, "exclusiveMaximum", false),
            MultipleOf = Number(node, "multipleOf"),
            OneOf = node.TryGetProperty("oneOf", out var oneOf) ? Indexes(oneOf) : [],
            AnyOf = node.TryGetProperty("anyOf", out var anyOf) ? Indexes(anyOf) : [],
            AllOf = node.TryGetProperty("allOf", out var allOf) ? Indexes(allOf) : [],
            Not = Index(node, "not"),
            Dependencies = [.. Pairs(node, "dependencies").Select(p => p.Value.ValueKind == JsonValueKind.Array
                ? new DependencyRule(p.Name, [.. p.Value.EnumerateArray().Select(name => name.GetString()!)])
                : new DependencyRule(p.Name, Index(p.Value)))],
            Discriminator = node.TryGetProperty("discriminator", out var discriminator)
                ? new Discriminator(discriminator[0].GetString()!, [.. discriminator[1].EnumerateArray().Select(value => value.GetString()!)])
                : null,
            Format = Text(node, "format"),
            KazooValidation = Flag(node, "kazooValidation", false),
            Default = node.TryGetProperty("default", out var value) ? value.GetRawText() : null,
        };

        /// <summary>A line of this file (from <c>first</c>), or another file's root by id, or none (-1).</summary>
        private int Index(JsonElement index) => index.ValueKind == JsonValueKind.String
            ? roots.TryGetValue(index.GetString()!, out var root) ? root : missing
            : first + index.GetInt32();

        private int Index(JsonElement node, string key) => node.TryGetProperty(key, out var index) ? Index(index) : -1;

        private int[] Indexes(JsonElement array) => [.. array.EnumerateArray().Select(Index)];

        private static string? Text(JsonElement node, string key) => node.TryGetProperty(key, out var text) ? text.GetString() : null;

        private static string[]? Texts(JsonElement node, string key) =>
            node.TryGetProperty(key, out var texts) ? [.. texts.EnumerateArray().Select(text => text.GetString()!)] : null;

        private static int Count(JsonElement node, string key, int absent) => node.TryGetProperty(key, out var count) ? count.GetInt32() : absent;

        private static bool Flag(JsonElement node, string key, bool absent) => node.TryGetProperty(key, out var flag) ? flag.GetBoolean() : absent;

        /// <summary>A bound; the strings <c>Infinity</c>/<c>-Infinity</c> for one too large for a double.</summary>
        private static double? Number(JsonElement node, string key) => !node.TryGetProperty(key, out var number) ? null
            : number.ValueKind == JsonValueKind.String ? double.Parse(number.GetString()!, CultureInfo.InvariantCulture)
            : number.GetDouble();

        /// <summary>The <c>[name, value]</c> pairs of a key.</summary>
        private static IEnumerable<(string Name, JsonElement Value)> Pairs(JsonElement node, string key) => node.TryGetProperty(key, out var pairs)
            ? pairs.EnumerateArray().Select(pair => (pair[0].GetString()!, pair[1]))
            : [];

        /// <summary>An enum value as the generator used to build it: scalars as themselves, the rest from its JSON.</summary>
        private static EnumValue EnumValueOf(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => EnumValue.Null,
            JsonValueKind.True or JsonValueKind.False => EnumValue.Of(value.GetBoolean()),
            JsonValueKind.String => EnumValue.Of(value.GetString()!),
            _ => EnumValue.FromJson(value.GetRawText()),
        };
    }
}
