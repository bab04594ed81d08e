using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using NJsonSchema;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>Finds the member that tells a union's branches apart (shared by the type and validation models).</summary>
internal static class Discriminators
{
    /// <summary>
    /// A <c>oneOf</c> (or <c>anyOf</c>) of two or more object branches that all require one member whose schema is
    /// a one-value string enum, with distinct values: Kazoo's attachments (<c>handler</c>) and connections
    /// (<c>driver</c>) shape.
    /// </summary>
    /// <param name="schema">The schema with the <c>oneOf</c> or <c>anyOf</c>.</param>
    /// <param name="identity">What makes two branches the same branch (by default, the same object).</param>
    /// <param name="jsonName">The discriminator member.</param>
    /// <param name="cases">Each branch's value, in order.</param>
    public static bool TryFind(JsonSchema schema, Func<JsonSchema, object>? identity, out string jsonName, out List<(string Value, JsonSchema Branch)> cases)
    {
        jsonName = "";
        cases = new List<(string, JsonSchema)>();
        var branches = (schema.OneOf.Count > 0 ? schema.OneOf : schema.AnyOf).Select(Actual).ToList();
        if (branches.Count < 2)
        {
            return false;
        }

        foreach (var candidate in branches[0].ActualProperties.Keys)
        {
            var values = new List<(string, JsonSchema)>();
            foreach (var branch in branches)
            {
                if (!branch.RequiredProperties.Contains(candidate)
                    || !branch.ActualProperties.TryGetValue(candidate, out var property)
                    || Actual(property).Enumeration.Count != 1
                    || Actual(property).Enumeration.First() is not string value)
                {
                    values = null;
                    break;
                }

                values.Add((value, branch));
            }

            if (values is not null && values.Select(v => v.Item1).Distinct(StringComparer.Ordinal).Count() == values.Count
                && values.Select(v => identity?.Invoke(v.Item2) ?? v.Item2).Distinct(identity is null ? ReferenceEqualityComparer.Instance : (IEqualityComparer<object>)EqualityComparer<object>.Default).Count() == values.Count)
            {
                jsonName = candidate;
                cases = values;
                return true;
            }
        }

        return false;
    }

    private static JsonSchema Actual(JsonSchema schema)
    {
        try
        {
            return schema.ActualSchema;
        }
        catch (InvalidOperationException)
        {
            return new JsonSchema();
        }
    }
}
