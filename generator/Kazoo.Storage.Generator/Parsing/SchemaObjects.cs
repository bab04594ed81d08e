using System.Collections.Generic;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>Lookups over a <see cref="SchemaObject"/>'s keyword lists.</summary>
internal static class SchemaObjects
{
    public static SchemaObject? Property(SchemaObject schema, string name)
    {
        foreach (var pair in schema.Properties)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public static bool HasProperty(SchemaObject schema, string name) => Property(schema, name) is not null;

    /// <summary>Every sub-schema a keyword holds (not <c>definitions</c>: they apply only when referenced).</summary>
    public static IEnumerable<SchemaObject> Children(SchemaObject schema)
    {
        foreach (var pair in schema.Properties) yield return pair.Value;
        foreach (var pair in schema.PatternProperties) yield return pair.Value;
        if (schema.AdditionalProperties is { } additional) yield return additional;
        if (schema.Items is { } items) yield return items;
        if (schema.TupleItems is { } tuple) foreach (var item in tuple) yield return item;
        if (schema.AdditionalItems is { } additionalItems) yield return additionalItems;
        foreach (var dependency in schema.Dependencies) if (dependency.Schema is { } sub) yield return sub;
        foreach (var branch in schema.AllOf) yield return branch;
        foreach (var branch in schema.AnyOf) yield return branch;
        foreach (var branch in schema.OneOf) yield return branch;
        if (schema.Not is { } not) yield return not;
    }
}
