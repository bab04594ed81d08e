using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Parsing;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>
/// Compiles one schema file into validation nodes: every schema object reached from its root once (by identity), each
/// keyword as read, sub-schemas by local index, <c>$ref</c> followed to its target (its siblings ignored, as draft-04
/// says); another file's root is referred to by that file's id (resolved when the runtime composes the schema set),
/// while a non-root object of another document (<c>other#/definitions/x</c>, the meta-schema) is compiled into this
/// file's nodes. Enum values are kept as JSON text, so that <c>1</c>, <c>true</c> and <c>"1"</c> stay distinct.
/// </summary>
internal sealed class ValidationModelBuilder
{
    private readonly SchemaRegistry _registry;
    private readonly SchemaDocument _document;
    private readonly Dictionary<SchemaObject, int> _index = new(ReferenceEqualityComparer.Instance);
    private readonly List<ValidationNodeSpec?> _nodes = new();
    private readonly List<string> _foreignIds = new();
    private int _anything = -1;

    public ValidationModelBuilder(SchemaRegistry registry, SchemaDocument document)
    {
        _registry = registry;
        _document = document;
    }

    public SchemaNodesSpec Build(string nodesName)
    {
        var root = Node(_document.Root, null);
        return new SchemaNodesSpec(_document.Id, nodesName, _nodes.Select(n => n!).ToImmutableEquatableArray(), _foreignIds.ToImmutableEquatableArray(), root);
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

    private int Node(SchemaObject schema, string? propertyName)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (_registry.Deref(schema) is not { } target)
        {
            return Anything(schema); // an unresolved reference or a cycle: reported, and it constrains nothing
        }

        if (target.IsRoot && !target.Document.IsBuiltIn && !ReferenceEquals(target.Document, _document)
            && _registry.Documents.TryGetValue(target.Document.Id, out var owner) && ReferenceEquals(owner, target.Document))
        {
            return Foreign(target.Document.Id);
        }

        if (!ReferenceEquals(target, schema))
        {
            propertyName = null; // a $ref: the target is compiled once, whatever refers to it
        }

        if (_index.TryGetValue(target, out var existing))
        {
            return existing;
        }

        var index = _nodes.Count;
        _index[target] = index;
        _nodes.Add(null);
        _nodes[index] = Compile(target, propertyName);
        return index;
    }

    private int Anything(SchemaObject at)
    {
        if (_anything < 0)
        {
            _anything = _nodes.Count;
            _nodes.Add(null);
            _nodes[_anything] = Empty(at.Document.Id, at.Pointer);
        }

        return _anything;
    }

    private ValidationNodeSpec Compile(SchemaObject schema, string? propertyName)
    {
        var properties = schema.Properties.Select(p => new NamedIndex(p.Key, Node(p.Value, p.Key))).ToImmutableEquatableArray();
        var patterns = schema.PatternProperties.Select(p => new NamedIndex(p.Key, Node(p.Value, null))).ToImmutableEquatableArray();
        var additional = schema.AdditionalProperties is { } a ? Node(a, null) : -1;
        var items = schema.Items is { } item ? Node(item, null) : -1;
        var tuple = schema.TupleItems?.Select(t => Node(t, null)).ToImmutableEquatableArray();
        var additionalItems = schema.AdditionalItems is { } ai ? Node(ai, null) : -1;
        var dependencies = schema.Dependencies
            .Select(d => new DependencySpec(d.Name, d.Schema is { } sub ? Node(sub, null) : -1, d.Names?.ToImmutableEquatableArray()))
            .ToImmutableEquatableArray();
        var oneOf = schema.OneOf.Select(b => Node(b, null)).ToImmutableEquatableArray();
        var anyOf = schema.AnyOf.Select(b => Node(b, null)).ToImmutableEquatableArray();
        var allOf = schema.AllOf.Select(b => Node(b, null)).ToImmutableEquatableArray();
        var not = schema.Not is { } n ? Node(n, null) : -1;
        Discriminators.TryFind(schema, _registry.Shape, out var discriminatorName, out var cases);

        return new ValidationNodeSpec(
            schema.Document.Id,
            schema.Pointer,
            propertyName,
            schema.Types,
            schema.Enum?.Select(v => v.ToString(Newtonsoft.Json.Formatting.None)).ToImmutableEquatableArray(),
            properties,
            schema.Required.ToImmutableEquatableArray(),
            patterns,
            schema.AdditionalPropertiesAllowed,
            additional,
            items,
            tuple,
            schema.AdditionalItemsAllowed,
            additionalItems,
            schema.MinItems ?? -1,
            schema.MaxItems ?? -1,
            schema.UniqueItems,
            schema.MinProperties ?? -1,
            schema.MaxProperties ?? -1,
            schema.MinLength ?? -1,
            schema.MaxLength ?? -1,
            schema.Pattern,
            schema.Minimum,
            schema.Maximum,
            schema.ExactMinimum,
            schema.ExactMaximum,
            schema.ExclusiveMinimum,
            schema.ExclusiveMaximum,
            schema.MultipleOf,
            dependencies,
            oneOf,
            anyOf,
            allOf,
            not,
            cases.Count > 0 ? discriminatorName : null,
            cases.Count > 0 ? cases.Select(c => c.Value).ToImmutableEquatableArray() : null,
            schema.Format,
            schema.KazooValidation,
            schema.Default?.ToString(Newtonsoft.Json.Formatting.None));
    }

    private static ValidationNodeSpec Empty(string schemaId, string pointer) => new(
        schemaId, pointer, null, 0, null, ImmutableEquatableArray<NamedIndex>.Empty, ImmutableEquatableArray<string>.Empty,
        ImmutableEquatableArray<NamedIndex>.Empty, true, -1, -1, null, true, -1, -1, -1, false, -1, -1, -1, -1, null, null, null, null, null,
        false, false, null, ImmutableEquatableArray<DependencySpec>.Empty, ImmutableEquatableArray<int>.Empty,
        ImmutableEquatableArray<int>.Empty, ImmutableEquatableArray<int>.Empty, -1, null, null, null, false, null);
}
