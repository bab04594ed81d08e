using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Kazoo.Storage.Generator.Helpers;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Visits every schema object once (following references across files), and checks each file's keywords and
/// regular expressions where they stand in the source, so that diagnostics point at the right line.
/// </summary>
internal sealed class SchemaWalker
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "$schema", "id", "$ref", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
        "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "additionalItems", "items", "maxItems",
        "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "additionalProperties", "definitions",
        "properties", "patternProperties", "dependencies", "enum", "type", "allOf", "anyOf", "oneOf", "not", "format",
    };

    /// <summary>Kazoo's own keywords and annotations: understood by Kazoo, ignored by the generator.</summary>
    private static readonly HashSet<string> s_kazooKeywords = new(StringComparer.Ordinal)
    {
        "_id", "_rev", "kazoo-validation", "kazoo-regexp", "support_level", "name", "example", "examples", "readOnly", "tags",
    };

    private static readonly string[] s_schemaMaps = { "properties", "patternProperties", "definitions" };
    private static readonly string[] s_schemaArrays = { "oneOf", "anyOf", "allOf" };

    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly HashSet<JsonSchema> _visited = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyDictionary<JsonSchema, string> _foreign;

    /// <param name="diagnostics">Where the source checks report.</param>
    /// <param name="foreign">Other files' roots: the walk does not go into them (their own model step walks them).</param>
    public SchemaWalker(List<DiagnosticInfo> diagnostics, IReadOnlyDictionary<JsonSchema, string> foreign)
    {
        _diagnostics = diagnostics;
        _foreign = foreign;
    }

    /// <summary>Checks a file's keywords and regexes where they stand in its source.</summary>
    public void Check(SourceMap source) => CheckSource(source, source.Root);

    /// <summary>Visits every schema object reachable from <paramref name="schema"/>, once, but not other files' roots.</summary>
    public void Visit(JsonSchema schema, Action<JsonSchema> visit)
    {
        JsonSchema actual;
        try
        {
            actual = schema.ActualSchema;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (_foreign.ContainsKey(actual) || !_visited.Add(actual))
        {
            return;
        }

        visit(actual);
        foreach (var child in actual.ActualProperties.Values.Cast<JsonSchema>()
                     .Concat(actual.PatternProperties.Values)
                     .Concat(actual.OneOf).Concat(actual.AnyOf).Concat(actual.AllOf)
                     .Concat(actual.Items)
                     .Concat(new[] { actual.Item, actual.AdditionalPropertiesSchema, actual.Not }.Where(s => s is not null))
                     .ToList())
        {
            Visit(child!, visit);
        }
    }

    private void CheckSource(SourceMap source, JToken token)
    {
        if (token is not JObject schema)
        {
            return;
        }

        foreach (var property in schema.Properties())
        {
            var name = property.Name;
            if (!s_keywords.Contains(name) && !s_kazooKeywords.Contains(name))
            {
                var suggestion = ClosestKeyword(name);
                _diagnostics.Add(suggestion is null
                    ? source.Diagnostic(property.Value, DiagnosticDescriptors.UnknownKeyword.Id, name)
                    : source.Diagnostic(property.Value, DiagnosticDescriptors.LikelyKeywordTypo.Id, name, suggestion));
            }

            if (name == "type")
            {
                CheckTypeNames(source, property.Value);
            }

            if (name == "pattern" && property.Value is JValue { Value: string pattern })
            {
                CheckRegex(source, property.Value, "pattern", pattern);
            }

            if (s_schemaMaps.Contains(name) && property.Value is JObject map)
            {
                foreach (var member in map.Properties())
                {
                    if (name == "patternProperties")
                    {
                        CheckRegex(source, member.Value, "patternProperties key", member.Name);
                    }

                    CheckSource(source, member.Value);
                }
            }
            else if (s_schemaArrays.Contains(name) && property.Value is JArray array)
            {
                foreach (var item in array)
                {
                    CheckSource(source, item);
                }
            }
            else if (name is "items" or "additionalProperties" or "not" or "additionalItems")
            {
                if (property.Value is JArray items)
                {
                    foreach (var item in items)
                    {
                        CheckSource(source, item);
                    }
                }
                else
                {
                    CheckSource(source, property.Value);
                }
            }
        }
    }

    private static readonly string[] s_typeNames = { "string", "integer", "number", "boolean", "object", "array", "null", "any" };

    /// <summary>A misspelt type name ("strin") would silently mean "any type": flag it like a misspelt keyword.</summary>
    private void CheckTypeNames(SourceMap source, JToken value)
    {
        foreach (var item in value is JArray array ? array.ToList() : new List<JToken> { value })
        {
            if (item is JValue { Value: string typeName } && !s_typeNames.Contains(typeName))
            {
                var closest = s_typeNames.OrderBy(t => Distance(typeName.ToLowerInvariant(), t)).First();
                _diagnostics.Add(Distance(typeName.ToLowerInvariant(), closest) <= 2
                    ? source.Diagnostic(item, DiagnosticDescriptors.LikelyKeywordTypo.Id, typeName, closest)
                    : source.Diagnostic(item, DiagnosticDescriptors.UnsupportedConstruct.Id, "The type name '" + typeName + "'", "the value may be of any type"));
            }
        }
    }

    private void CheckRegex(SourceMap source, JToken at, string what, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            _diagnostics.Add(source.Diagnostic(at, DiagnosticDescriptors.InvalidRegex.Id, what, pattern, ex.Message));
        }
    }

    /// <summary>A keyword within edit distance 2 (1 for short words) of an unknown key, if any.</summary>
    private static string? ClosestKeyword(string name)
    {
        if (name.Length < 4)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var keyword in s_keywords)
        {
            var distance = Distance(name.ToLowerInvariant(), keyword.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = keyword;
                bestDistance = distance;
            }
        }

        var limit = name.Length <= 5 ? 1 : 2;
        return bestDistance <= limit ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
