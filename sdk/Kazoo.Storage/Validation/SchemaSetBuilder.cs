using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Builds the <see cref="SchemaSet"/> of a compilation from each schema file's compiled nodes, as the source generator
/// writes them: UTF-8, one JSON object a line, keys named after the keywords (absent means the node's default), a
/// sub-schema as the number of a line of the same file or as another file's id (that file's root). For generated code;
/// the generator owns the format.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SchemaSetBuilder
{
    private readonly List<(string Id, string? RootAliasOf, JsonElement[] Lines)> _files = [];

    /// <summary>Adds one schema file's nodes, after those added before.</summary>
    /// <param name="schemaId">The file's id (the nodes' <see cref="SchemaNode.SchemaId"/> unless a line says otherwise).</param>
    /// <param name="utf8Lines">The file's nodes, as generated.</param>
    /// <param name="rootAliasOf">
    /// The id of the file this file's root is only a <c>$ref</c> to, if it is one: the file's id then names that root.
    /// </param>
    /// <exception cref="JsonException">The data is not JSON.</exception>
    public void Add(string schemaId, ReadOnlySpan<byte> utf8Lines, string? rootAliasOf = null)
    {
        ArgumentNullException.ThrowIfNull(schemaId);
        var lines = new List<JsonElement>();
        var reader = new Utf8JsonReader(utf8Lines, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            lines.Add(JsonElement.ParseValue(ref reader));
        }

        _files.Add((schemaId, rootAliasOf, [.. lines]));
    }

    /// <summary>
    /// Lays the files' nodes out one file after the other, registers each file's root under its id (an alias under the
    /// root it names, through chains of aliases), and reads the nodes. An id no file has (a schema that did not compile,
    /// reported when the code was generated) names a node that any JSON matches.
    /// </summary>
    /// <returns>The schemas.</returns>
    /// <exception cref="JsonException">A node is not what the generator writes; the message names the schema and the node.</exception>
    public SchemaSet Build()
    {
        var roots = new Dictionary<string, int>(StringComparer.Ordinal);
        var firsts = new int[_files.Count];
        var count = 0;
        for (var i = 0; i < _files.Count; i++)
        {
            firsts[i] = count;
            count += _files[i].Lines.Length;
            if (_files[i].RootAliasOf is null)
            {
                roots.Add(_files[i].Id, firsts[i]);
            }
        }

        var aliases = _files.Where(file => file.RootAliasOf is not null).ToList();
        for (var pass = 0; pass < aliases.Count; pass++)
        {
            foreach (var alias in aliases)
            {
                if (!roots.ContainsKey(alias.Id) && roots.TryGetValue(alias.RootAliasOf!, out var root))
                {
                    roots[alias.Id] = root;
                }
            }
        }

        var missing = count;
        foreach (var alias in aliases)
        {
            roots.TryAdd(alias.Id, missing);
        }

        var nodes = new SchemaNode[count + 1];
        nodes[missing] = new SchemaNode("", "#");
        for (var i = 0; i < _files.Count; i++)
        {
            var (id, _, lines) = _files[i];
            var line = new Line(firsts[i], roots, missing);
            for (var n = 0; n < lines.Length; n++)
            {
                try
                {
                    nodes[firsts[i] + n] = line.Read(lines[n], id);
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or IndexOutOfRangeException or KeyNotFoundException)
                {
                    throw new JsonException($"The compiled node {n} of the schema '{id}' is not what the generator writes: {e.Message}", e);
                }
            }
        }

        return new SchemaSet(nodes, roots);
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
            _ => EnumValue.FromElement(value),
        };
    }
}
