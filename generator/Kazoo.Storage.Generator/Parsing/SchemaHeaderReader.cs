using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Reads a schema file's <see cref="SchemaHeader"/> from its JSON alone (no NJsonSchema): the id, the facts a
/// <c>$ref</c> to its root needs, the ids it refers to, and its <c>oneOf</c>/<c>anyOf</c> groups over other roots.
/// It reads schemas the way NJsonSchema does where that matters (a <c>$ref</c> replaces its siblings; a schema that is
/// only a one-branch <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c> of a reference stands for its target; <c>type</c> names map
/// to <c>JsonObjectType</c> flags), so that the model step, which reads the same files with NJsonSchema, agrees with it.
/// </summary>
internal static class SchemaHeaderReader
{
    // NJsonSchema's JsonObjectType flag values.
    public const int ArrayType = 1;
    public const int BooleanType = 2;
    public const int IntegerType = 4;
    public const int NullType = 8;
    public const int NumberType = 16;
    public const int ObjectType = 32;
    public const int StringType = 64;
    public const int FileType = 128;

    private static readonly string[] s_groupKeywords = { "oneOf", "anyOf" };

    public static SchemaHeader Read(SchemaFile file)
    {
        var ignored = new List<DiagnosticInfo>();
        var source = SourceMap.TryParse(file.Path, file.Text, ignored, lineInfo: false);
        if (source?.Root is not JObject root)
        {
            return new SchemaHeader(file.Path, null, file.TypeName, RootFacts.Any, ImmutableEquatableArray<string>.Empty,
                ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<BranchGroup>.Empty);
        }

        var id = IdOf(file.Path, root, out _);
        var references = new SortedSet<string>(StringComparer.Ordinal);
        var fragments = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reference in References(root))
        {
            var hash = reference.IndexOf('#');
            var target = hash < 0 ? reference : reference.Substring(0, hash);
            if (target.Length == 0)
            {
                continue;
            }

            if (target != id)
            {
                references.Add(target);
            }

            if (hash >= 0)
            {
                fragments.Add(target);
            }
        }

        var reader = new GroupReader(root, id);
        reader.Visit(root, "#");
        return new SchemaHeader(
            file.Path,
            id,
            file.TypeName,
            FactsOf(root, id),
            references.ToImmutableEquatableArray(),
            fragments.ToImmutableEquatableArray(),
            reader.Groups.ToImmutableEquatableArray());
    }

    /// <summary>The schema id: a non-empty string <c>_id</c>, else the file name without <c>.json</c>.</summary>
    public static string IdOf(string path, JObject root, out bool fromFileName)
    {
        if (root["_id"] is JValue { Value: string id } && id.Length > 0)
        {
            fromFileName = false;
            return id;
        }

        fromFileName = true;
        var fileName = System.IO.Path.GetFileName(path);
        return fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - 5) : fileName;
    }

    /// <summary>Every <c>$ref</c> string anywhere in the file that names another document (not starting with '#').</summary>
    public static IEnumerable<string> References(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties())
                {
                    if (property.Name == "$ref" && property.Value is JValue { Value: string reference })
                    {
                        if (!reference.StartsWith("#", StringComparison.Ordinal))
                        {
                            yield return reference;
                        }
                    }
                    else
                    {
                        foreach (var nested in References(property.Value))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JArray array:
                foreach (var item in array)
                {
                    foreach (var nested in References(item))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    /// <summary>The facts of a file's root, after following its own references.</summary>
    private static RootFacts FactsOf(JObject root, string id)
    {
        var actual = Actual(root, root, "#", out var pointer, out var aliasOf);
        if (aliasOf is not null)
        {
            return RootFacts.Any with { AliasOf = aliasOf == id ? null : aliasOf };
        }

        if (actual is null)
        {
            return RootFacts.Any;
        }

        var type = TypeFlags(actual["type"]);
        var hasProperties = HasProperties(actual, root);
        var objectLike = (type & ~NullType) == ObjectType || ((type & ~NullType) == 0 && hasProperties);
        var defaultToken = actual["default"];
        return new RootFacts(
            null,
            type,
            objectLike,
            actual["description"] is JValue { Value: string description } ? description : null,
            defaultToken is null || defaultToken.Type == JTokenType.Null ? null : defaultToken.ToString(Newtonsoft.Json.Formatting.None),
            Candidates(actual, root));
    }

    /// <summary>NJsonSchema's reading of <c>type</c>: a name or an array of names, unknown names ignored.</summary>
    public static int TypeFlags(JToken? type) => type switch
    {
        JValue { Value: string name } => TypeFlag(name),
        JArray names => names.Aggregate(0, (flags, item) => flags | TypeFlag(item.ToString())),
        _ => 0,
    };

    private static int TypeFlag(string name) => name switch
    {
        "array" => ArrayType,
        "boolean" => BooleanType,
        "integer" => IntegerType,
        "number" => NumberType,
        "null" => NullType,
        "object" => ObjectType,
        "string" => StringType,
        "file" => FileType,
        _ => 0,
    };

    /// <summary>
    /// The schema a schema stands for, as NJsonSchema's <c>ActualSchema</c> finds it: through <c>$ref</c>s inside the
    /// file and through reference-only one-branch <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>. Returns null with
    /// <paramref name="aliasOf"/> set when it is another file's root, or null alone when it cannot be resolved (a
    /// cycle, a missing local target, a fragment of another file: NJsonSchema gives "any JSON" or fails the file).
    /// </summary>
    public static JObject? Actual(JObject schema, JObject root, string pointer, out string actualPointer, out string? aliasOf)
    {
        aliasOf = null;
        actualPointer = pointer;
        var seen = new HashSet<JObject>();
        var current = schema;
        while (true)
        {
            if (!seen.Add(current))
            {
                return null;
            }

            if (current.TryGetValue("$ref", out var refToken) && refToken is JValue { Value: string reference })
            {
                if (reference.StartsWith("#", StringComparison.Ordinal))
                {
                    if (Navigate(root, reference) is not JObject target)
                    {
                        return null;
                    }

                    current = target;
                    actualPointer = reference == "#" ? "#" : reference;
                    continue;
                }

                if (reference.IndexOf('#') >= 0)
                {
                    return null;
                }

                aliasOf = reference;
                return null;
            }

            if (ReferenceOnlyBranch(current, out var keyword) is { } branch)
            {
                current = branch;
                actualPointer = actualPointer + "/" + keyword + "/0";
                continue;
            }

            return current;
        }
    }

    /// <summary>
    /// NJsonSchema's <c>HasOneOfSchemaReference</c> (and the anyOf/allOf ones): one branch that is a reference, and
    /// nothing else that would make the schema more than that branch.
    /// </summary>
    private static JObject? ReferenceOnlyBranch(JObject schema, out string keyword)
    {
        foreach (var candidate in new[] { "allOf", "oneOf", "anyOf" })
        {
            keyword = candidate;
            if (schema[candidate] is not JArray { Count: 1 } array || array[0] is not JObject branch || !HasReference(branch))
            {
                continue;
            }

            var others = new[] { "allOf", "oneOf", "anyOf" }.Where(k => k != candidate);
            if (TypeFlags(schema["type"]) == 0
                && others.All(k => schema[k] is not JArray { Count: > 0 })
                && schema["properties"] is not JObject { Count: > 0 }
                && schema["patternProperties"] is not JObject { Count: > 0 }
                && schema["additionalProperties"] is null or JValue { Value: true }
                && schema["multipleOf"] is null or JValue { Type: JTokenType.Null }
                && schema["enum"] is not JArray { Count: > 0 })
            {
                return branch;
            }
        }

        keyword = "";
        return null;
    }

    private static bool HasReference(JObject schema) =>
        schema["$ref"] is JValue { Value: string } || ReferenceOnlyBranch(schema, out _) is not null;

    private static bool HasProperties(JObject schema, JObject root) =>
        schema["properties"] is JObject { Count: > 0 }
        || (schema["allOf"] is JArray allOf && allOf.OfType<JObject>().Any(item =>
            Actual(item, root, "#", out _, out _) is { } actual && !ReferenceEquals(actual, schema) && actual["properties"] is JObject { Count: > 0 }));

    /// <summary>
    /// The members that could tell union branches apart, in declaration order: required members whose schema (inside
    /// this file) is a one-value string <c>enum</c>. A member whose schema is another file's root is none.
    /// </summary>
    public static ImmutableEquatableArray<DiscriminatorCandidate> Candidates(JObject schema, JObject root)
    {
        if (schema["properties"] is not JObject properties || schema["required"] is not JArray required)
        {
            return ImmutableEquatableArray<DiscriminatorCandidate>.Empty;
        }

        var names = new HashSet<string>(required.OfType<JValue>().Select(v => v.Value).OfType<string>(), StringComparer.Ordinal);
        var candidates = new List<DiscriminatorCandidate>();
        foreach (var property in properties.Properties())
        {
            if (!names.Contains(property.Name) || property.Value is not JObject value)
            {
                continue;
            }

            if (Actual(value, root, "#", out _, out _) is { } actual
                && actual["enum"] is JArray { Count: 1 } values
                && values[0] is JValue { Type: JTokenType.String, Value: string text })
            {
                candidates.Add(new DiscriminatorCandidate(property.Name, text));
            }
        }

        return candidates.ToImmutableEquatableArray();
    }

    /// <summary>The token a JSON pointer (<c>#/a/b</c>, segments escaped as in RFC 6901) names, or null.</summary>
    public static JToken? Navigate(JToken root, string pointer)
    {
        var token = root;
        foreach (var raw in pointer.TrimStart('#').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Unescape(raw);
            token = token switch
            {
                JObject obj => obj[segment],
                JArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (token is null)
            {
                return null;
            }
        }

        return token;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public static string Unescape(string segment)
    {
        var text = segment.IndexOf('%') >= 0 ? Uri.UnescapeDataString(segment) : segment;
        return text.Replace("~1", "/").Replace("~0", "~");
    }

    /// <summary>
    /// Walks the schemas of one file in the generator's walk order (<see cref="SchemaWalker"/>), following references
    /// inside the file, and keeps each <c>oneOf</c>/<c>anyOf</c> that has a branch which is a file's root.
    /// </summary>
    private sealed class GroupReader
    {
        private readonly JObject _root;
        private readonly string _id;
        private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

        public GroupReader(JObject root, string id)
        {
            _root = root;
            _id = id;
        }

        public List<BranchGroup> Groups { get; } = new();

        public void Visit(JToken token, string pointer)
        {
            if (token is not JObject schema)
            {
                return;
            }

            var actual = Actual(schema, _root, pointer, out var actualPointer, out _);
            if (actual is null || !_visited.Add(actualPointer))
            {
                return;
            }

            ReadGroup(actual, actualPointer);

            if (actual["properties"] is JObject properties)
            {
                foreach (var property in properties.Properties())
                {
                    Visit(property.Value, actualPointer + "/properties/" + Escape(property.Name));
                }
            }

            if (actual["patternProperties"] is JObject patterns)
            {
                foreach (var property in patterns.Properties())
                {
                    Visit(property.Value, actualPointer + "/patternProperties/" + Escape(property.Name));
                }
            }

            foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (actual[keyword] is JArray branches)
                {
                    for (var i = 0; i < branches.Count; i++)
                    {
                        Visit(branches[i], actualPointer + "/" + keyword + "/" + i);
                    }
                }
            }

            switch (actual["items"])
            {
                case JArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        Visit(items[i], actualPointer + "/items/" + i);
                    }

                    break;
                case JObject item:
                    Visit(item, actualPointer + "/items");
                    break;
            }

            if (actual["additionalProperties"] is JObject additional)
            {
                Visit(additional, actualPointer + "/additionalProperties");
            }

            if (actual["not"] is JObject not)
            {
                Visit(not, actualPointer + "/not");
            }
        }

        private void ReadGroup(JObject schema, string pointer)
        {
            var keyword = s_groupKeywords.FirstOrDefault(k => schema[k] is JArray { Count: > 0 });
            if (keyword is null || schema[keyword] is not JArray branches)
            {
                return;
            }

            var result = new List<GroupBranch>();
            var hasRoot = false;
            for (var i = 0; i < branches.Count; i++)
            {
                var branchPointer = pointer + "/" + keyword + "/" + i;
                if (branches[i] is not JObject branch)
                {
                    result.Add(new GroupBranch(null, branchPointer, ImmutableEquatableArray<DiscriminatorCandidate>.Empty));
                    continue;
                }

                var actual = Actual(branch, _root, branchPointer, out var actualPointer, out var aliasOf);
                if (aliasOf is not null || actualPointer == "#")
                {
                    hasRoot = true;
                    result.Add(new GroupBranch(aliasOf ?? _id, null, ImmutableEquatableArray<DiscriminatorCandidate>.Empty));
                }
                else
                {
                    result.Add(new GroupBranch(null, actualPointer,
                        actual is null ? ImmutableEquatableArray<DiscriminatorCandidate>.Empty : Candidates(actual, _root)));
                }
            }

            if (hasRoot)
            {
                Groups.Add(new BranchGroup(pointer, result.ToImmutableEquatableArray()));
            }
        }
    }
}
