using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Parsing;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>Finds the member that tells a union's branches apart (shared by the type and validation models).</summary>
internal static class Discriminators
{
    /// <summary>
    /// A <c>oneOf</c> (or <c>anyOf</c>) of two or more object branches that all require one member whose schema is
    /// a one-value string enum, with distinct values: Kazoo's attachments (<c>handler</c>) and connections
    /// (<c>driver</c>) shape.
    /// </summary>
    /// <param name="schema">The schema with the <c>oneOf</c> or <c>anyOf</c>.</param>
    /// <param name="actual">The schema a branch or member schema stands for (through <c>$ref</c>s), or null.</param>
    /// <param name="jsonName">The discriminator member.</param>
    /// <param name="cases">Each branch's value and the schema it stands for, in order.</param>
    public static bool TryFind(SchemaObject schema, Func<SchemaObject, SchemaObject?> actual, out string jsonName, out List<(string Value, SchemaObject Branch)> cases)
    {
        jsonName = "";
        cases = new List<(string, SchemaObject)>();
        var branches = (schema.OneOf.Count > 0 ? schema.OneOf : schema.AnyOf).Select(actual).ToList();
        if (branches.Count < 2 || branches.Any(b => b is null))
        {
            return false;
        }

        foreach (var candidate in branches[0]!.Properties.Select(p => p.Key))
        {
            var values = new List<(string, SchemaObject)>();
            foreach (var branch in branches)
            {
                if (!branch!.Required.Contains(candidate)
                    || SchemaObjects.Property(branch, candidate) is not { } property
                    || actual(property) is not { Enum: { Count: 1 } constant }
                    || constant[0].Type != JTokenType.String)
                {
                    values = null;
                    break;
                }

                values.Add((constant[0].Value<string>()!, branch));
            }

            if (values is not null
                && values.Select(v => v.Item1).Distinct(StringComparer.Ordinal).Count() == values.Count
                && values.Select(v => v.Item2).Distinct(Helpers.ReferenceEqualityComparer.Instance).Count() == values.Count)
            {
                jsonName = candidate;
                cases = values;
                return true;
            }
        }

        return false;
    }
}
