using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Compiles one loaded schema file into validation nodes: every schema object of the file once (by identity),
/// sub-schemas by local index, <c>$ref</c> followed to its target's node, and another file's root referred to by
/// that file's id (resolved when the runtime composes the schema set). Enum values are kept as JSON text so that
/// <c>1</c> and <c>true</c> and <c>"1"</c> stay distinct.
/// </summary>
internal sealed class ValidationModelBuilder
{
    private readonly Dictionary<JsonSchema, int> _index = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, string> _schemaIdOf = new(ReferenceEqualityComparer.Instance);
    private readonly List<ValidationNodeSpec?> _nodes = new();
    private readonly List<string> _foreignIds = new();
    private readonly IReadOnlyDictionary<JsonSchema, string> _foreign;
    private readonly Func<JsonSchema, object> _identity;

    public ValidationModelBuilder(LoadedFile file)
    {
        _foreign = file.Foreign;
        _identity = file.Identity;
    }

    public SchemaNodesSpec Build(LoadedFile file, string className)
    {
        var root = Node(file.Schema, file.Id, "#", null);
        return new SchemaNodesSpec(file.Id, className, _nodes.Select(n => n!).ToImmutableEquatableArray(), _foreignIds.ToImmutableEquatableArray(), root);
    }

    /// <summary>
    /// Follows <c>$ref</c> only (NJsonSchema's ActualSchema also jumps through one-branch oneOfs, which validation must
    /// keep), up to another file's root.
    /// </summary>
    private JsonSchema Deref(JsonSchema schema)
    {
        var seen = 0;
        while (!_foreign.ContainsKey(schema) && schema.Reference is { } target && seen++ < 64)
        {
            schema = target;
        }

        return schema;
    }

    private int Foreign(string id)
    {
        var slot = _foreignIds.IndexOf(id);
        if (slot < 0)
        {
            slot = _foreignIds.Count;
            _foreignIds.Add(id);
        }

        return SchemaNodesSpec.ForeignIndex(slot);
    }

    private int Node(JsonSchema schema, string schemaId, string pointer, string? propertyName)
    {
        var target = Deref(schema);
        if (_foreign.TryGetValue(target, out var foreignId))
        {
            return Foreign(foreignId);
        }

        if (!ReferenceEquals(target, schema))
        {
            // A $ref: its siblings are ignored (draft-04); the target is this file's root or a node in it.
            return Node(target, IdOf(target, schemaId), "#", null);
        }

        if (_index.TryGetValue(schema, out var existing))
        {
            return existing;
        }

        var index = _nodes.Count;
        _index[schema] = index;
        _nodes.Add(null);
        _schemaIdOf[schema] = schemaId;

        var properties = schema.Properties
            .Select(p => new NamedIndex(p.Key, Node(p.Value, schemaId, pointer + "/properties/" + Escape(p.Key), p.Key)))
            .ToImmutableEquatableArray();
        var patterns = schema.PatternProperties
            .Select(p => new NamedIndex(p.Key, Node(p.Value, schemaId, pointer + "/patternProperties/" + Escape(p.Key), null)))
            .ToImmutableEquatableArray();
        var additional = schema.AdditionalPropertiesSchema is { } a ? Node(a, schemaId, pointer + "/additionalProperties", null) : -1;
        var items = schema.Item is { } item ? Node(item, schemaId, pointer + "/items", null) : -1;
        var oneOf = schema.OneOf.Select((b, i) => Node(b, schemaId, pointer + "/oneOf/" + i, null)).ToImmutableEquatableArray();
        var anyOf = schema.AnyOf.Select((b, i) => Node(b, schemaId, pointer + "/anyOf/" + i, null)).ToImmutableEquatableArray();
        var allOf = schema.AllOf.Select((b, i) => Node(b, schemaId, pointer + "/allOf/" + i, null)).ToImmutableEquatableArray();
        var not = schema.Not is { } n ? Node(n, schemaId, pointer + "/not", null) : -1;
        Discriminators.TryFind(schema, _identity, out var discriminatorName, out var cases);

        _nodes[index] = new ValidationNodeSpec(
            schemaId,
            pointer,
            propertyName,
            Types(schema.Type),
            schema.Enumeration.Count > 0 ? schema.Enumeration.Select(EnumJson).ToImmutableEquatableArray() : null,
            properties,
            schema.RequiredProperties.ToImmutableEquatableArray(),
            patterns,
            schema.AllowAdditionalProperties,
            additional,
            items,
            schema.MinItems > 0 ? schema.MinItems : -1,
            schema.MaxItems > 0 ? schema.MaxItems : -1,
            schema.UniqueItems,
            schema.MinProperties > 0 ? schema.MinProperties : -1,
            schema.MaxProperties > 0 ? schema.MaxProperties : -1,
            schema.MinLength ?? -1,
            schema.MaxLength ?? -1,
            string.IsNullOrEmpty(schema.Pattern) ? null : schema.Pattern,
            schema.Minimum?.ToString(CultureInfo.InvariantCulture),
            schema.Maximum?.ToString(CultureInfo.InvariantCulture),
            schema.IsExclusiveMinimum,
            schema.IsExclusiveMaximum,
            oneOf,
            anyOf,
            allOf,
            not,
            cases.Count > 0 ? discriminatorName : null,
            cases.Count > 0 ? cases.Select(c => c.Value).ToImmutableEquatableArray() : null,
            string.IsNullOrEmpty(schema.Format) ? null : schema.Format,
            schema.ExtensionData is { } extension && extension.TryGetValue("kazoo-validation", out var flag) && flag is true);
        return index;
    }

    private string IdOf(JsonSchema target, string fallback)
    {
        if (_schemaIdOf.TryGetValue(target, out var id))
        {
            return id;
        }

        return target.ExtensionData is { } extension && extension.TryGetValue("_id", out var value) && value is string text ? text : fallback;
    }

    private static int Types(JsonObjectType type)
    {
        var result = 0;
        if (type.HasFlag(JsonObjectType.String)) result |= 1;
        if (type.HasFlag(JsonObjectType.Integer)) result |= 2;
        if (type.HasFlag(JsonObjectType.Number)) result |= 4;
        if (type.HasFlag(JsonObjectType.Boolean)) result |= 8;
        if (type.HasFlag(JsonObjectType.Object)) result |= 16;
        if (type.HasFlag(JsonObjectType.Array)) result |= 32;
        if (type.HasFlag(JsonObjectType.Null)) result |= 64;
        return result;
    }

    private static string EnumJson(object? value) => value switch
    {
        null => "null",
        JToken token => token.ToString(Newtonsoft.Json.Formatting.None),
        _ => Newtonsoft.Json.JsonConvert.SerializeObject(value),
    };

    private static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}
