using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;
using Kazoo.Storage.Generator.Helpers;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// The one reader of schema semantics: turns a schema's JSON into a <see cref="SchemaObject"/>, keyword by keyword,
/// each read from its presence in the JSON with its draft-04 meaning, and says where a keyword is unknown, misspelt or
/// of the wrong kind (the member is then ignored, and the rest of the schema still reads).
/// </summary>
internal sealed class SchemaReader
{
    /// <summary>Every draft-04 keyword (core and validation) and the annotations it defines.</summary>
    internal static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "$schema", "id", "$ref", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
        "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "additionalItems", "items", "maxItems",
        "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "additionalProperties", "definitions",
        "properties", "patternProperties", "dependencies", "enum", "type", "allOf", "anyOf", "oneOf", "not", "format",
    };

    /// <summary>Kazoo's own keywords and annotations: understood by Kazoo, no diagnostic.</summary>
    private static readonly HashSet<string> s_kazooKeywords = new(StringComparer.Ordinal)
    {
        "_id", "_rev", "kazoo-validation", "kazoo-regexp", "support_level", "name", "example", "examples", "readOnly", "tags",
        "$comment",
    };

    private static readonly string[] s_typeNames = { "string", "integer", "number", "boolean", "object", "array", "null", "any" };

    private readonly SchemaDocument _document;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly bool _checkKeywords;

    public SchemaReader(SchemaDocument document, List<DiagnosticInfo> diagnostics, bool checkKeywords = true)
    {
        _document = document;
        _diagnostics = diagnostics;
        _checkKeywords = checkKeywords;
    }

    private SourceMap Source => _document.Source;

    /// <summary>Reads the schema object at <paramref name="pointer"/>, its sub-schemas included.</summary>
    /// <param name="json">The schema's JSON object.</param>
    /// <param name="pointer">Its JSON pointer in the document.</param>
    /// <param name="parentScope">The resolution scope it inherits.</param>
    public SchemaObject Read(JObject json, string pointer, string parentScope)
    {
        var scope = parentScope;
        if (ScopeId(json) is { } idValue)
        {
            // draft-04 §7.1: "id" changes the resolution scope; a plain-name fragment ("#foo") only names the object.
            if (SchemaUris.TryResolve(parentScope, idValue.Value<string>()!, out var resolved))
            {
                scope = SchemaUris.WithoutFragment(resolved);
            }
            else
            {
                Report(idValue, DiagnosticDescriptors.UnsupportedConstruct.Id, "The id '" + idValue.Value<string>() + "'", "it is not a URI and is ignored");
            }
        }

        var schema = new SchemaObject(_document, json, pointer, scope);
        _document.Add(schema);
        foreach (var member in json.Properties())
        {
            ReadKeyword(schema, member, pointer);
        }

        return schema;
    }

    /// <summary>
    /// The object's <c>id</c>, when it has one that counts: beside a <c>$ref</c> it does not (draft-04 ignores every
    /// sibling of <c>$ref</c>, <c>id</c> included), so it neither changes the scope nor names the object.
    /// </summary>
    public static JValue? ScopeId(JObject json) =>
        json["id"] is JValue { Type: JTokenType.String } id && !string.IsNullOrEmpty(id.Value<string>()) && json["$ref"] is not JValue { Type: JTokenType.String }
            ? id
            : null;

    private void ReadKeyword(SchemaObject schema, JProperty member, string pointer)
    {
        var value = member.Value;
        var at = pointer + "/" + SchemaUris.EscapePointer(member.Name);
        switch (member.Name)
        {
            case "$ref":
                if (value is JValue { Type: JTokenType.String } reference)
                {
                    schema.Ref = reference.Value<string>();
                }
                else
                {
                    WrongKind(member, "a string (a URI)");
                }

                break;
            case "description":
                if (value.Type == JTokenType.String)
                {
                    schema.Description = value.Value<string>();
                }

                break;
            case "default":
                schema.Default = value;
                break;
            case "type":
                schema.Types = ReadTypes(member);
                break;
            case "enum":
                if (value is JArray { Count: > 0 } values)
                {
                    schema.Enum = values.ToList();
                }
                else
                {
                    WrongKind(member, "a non-empty array");
                }

                break;
            case "properties":
            case "patternProperties":
            case "definitions":
                if (value is JObject map)
                {
                    var target = member.Name == "properties" ? schema.Properties : member.Name == "patternProperties" ? schema.PatternProperties : schema.Definitions;
                    foreach (var entry in map.Properties())
                    {
                        if (member.Name == "patternProperties")
                        {
                            CheckRegex(entry.Value, "patternProperties key", entry.Name);
                        }

                        if (Sub(entry.Value, at + "/" + SchemaUris.EscapePointer(entry.Name), schema.Scope) is { } sub)
                        {
                            target.Add(new KeyValuePair<string, SchemaObject>(entry.Name, sub));
                        }
                    }
                }
                else
                {
                    WrongKind(member, "an object of schemas");
                }

                break;
            case "additionalProperties":
            case "additionalItems":
                if (value.Type == JTokenType.Boolean)
                {
                    if (member.Name == "additionalProperties")
                    {
                        schema.AdditionalPropertiesAllowed = value.Value<bool>();
                    }
                    else
                    {
                        schema.AdditionalItemsAllowed = value.Value<bool>();
                    }
                }
                else if (Sub(value, at, schema.Scope) is { } sub)
                {
                    if (member.Name == "additionalProperties")
                    {
                        schema.AdditionalProperties = sub;
                    }
                    else
                    {
                        schema.AdditionalItems = sub;
                    }
                }

                break;
            case "items":
                if (value is JArray tuple)
                {
                    schema.TupleItems = new List<SchemaObject>();
                    for (var i = 0; i < tuple.Count; i++)
                    {
                        if (Sub(tuple[i], at + "/" + i.ToString(CultureInfo.InvariantCulture), schema.Scope) is { } item)
                        {
                            schema.TupleItems.Add(item);
                        }
                    }
                }
                else
                {
                    schema.Items = Sub(value, at, schema.Scope);
                }

                break;
            case "allOf":
            case "anyOf":
            case "oneOf":
                if (value is JArray { Count: > 0 } branches)
                {
                    var list = member.Name == "allOf" ? schema.AllOf : member.Name == "anyOf" ? schema.AnyOf : schema.OneOf;
                    for (var i = 0; i < branches.Count; i++)
                    {
                        if (Sub(branches[i], at + "/" + i.ToString(CultureInfo.InvariantCulture), schema.Scope) is { } branch)
                        {
                            list.Add(branch);
                        }
                    }
                }
                else
                {
                    WrongKind(member, "a non-empty array of schemas");
                }

                break;
            case "not":
                schema.Not = Sub(value, at, schema.Scope);
                break;
            case "required":
                if (value is JArray names && names.All(n => n.Type == JTokenType.String))
                {
                    // draft-04 wants at least one name; an empty list requires nothing, which is what it says.
                    schema.Required.AddRange(names.Select(n => n.Value<string>()!).Distinct(StringComparer.Ordinal));
                }
                else
                {
                    WrongKind(member, "an array of member names");
                }

                break;
            case "dependencies":
                if (value is JObject dependencies)
                {
                    foreach (var dependency in dependencies.Properties())
                    {
                        if (dependency.Value is JArray list && list.All(n => n.Type == JTokenType.String))
                        {
                            schema.Dependencies.Add(new SchemaDependency(dependency.Name, null, list.Select(n => n.Value<string>()!).ToList()));
                        }
                        else if (dependency.Value is JObject
                                 && Sub(dependency.Value, at + "/" + SchemaUris.EscapePointer(dependency.Name), schema.Scope) is { } sub)
                        {
                            schema.Dependencies.Add(new SchemaDependency(dependency.Name, sub, null));
                        }
                        else
                        {
                            WrongKind(dependency, "a schema or an array of member names");
                        }
                    }
                }
                else
                {
                    WrongKind(member, "an object");
                }

                break;
            case "minimum":
                schema.Minimum = Number(member, mustBePositive: false);
                schema.ExactMinimum = ExactInteger(member.Value, schema.Minimum);
                break;
            case "maximum":
                schema.Maximum = Number(member, mustBePositive: false);
                schema.ExactMaximum = ExactInteger(member.Value, schema.Maximum);
                break;
            case "multipleOf":
                schema.MultipleOf = Number(member, mustBePositive: true);
                break;
            case "exclusiveMinimum":
                schema.ExclusiveMinimum = Boolean(member);
                break;
            case "exclusiveMaximum":
                schema.ExclusiveMaximum = Boolean(member);
                break;
            case "uniqueItems":
                schema.UniqueItems = Boolean(member);
                break;
            case "minLength":
                schema.MinLength = Count(member);
                break;
            case "maxLength":
                schema.MaxLength = Count(member);
                break;
            case "minItems":
                schema.MinItems = Count(member);
                break;
            case "maxItems":
                schema.MaxItems = Count(member);
                break;
            case "minProperties":
                schema.MinProperties = Count(member);
                break;
            case "maxProperties":
                schema.MaxProperties = Count(member);
                break;
            case "pattern":
                if (value.Type == JTokenType.String)
                {
                    var pattern = value.Value<string>()!;
                    if (CheckRegex(value, "pattern", pattern))
                    {
                        schema.Pattern = pattern.Length == 0 ? null : pattern;
                    }
                }
                else
                {
                    WrongKind(member, "a string (a regular expression)");
                }

                break;
            case "format":
                if (value.Type == JTokenType.String)
                {
                    schema.Format = value.Value<string>();
                }

                break;
            case "kazoo-validation":
                schema.KazooValidation = value.Type == JTokenType.Boolean && value.Value<bool>();
                break;
            case "id":
            case "$schema":
            case "title":
                break;
            default:
                if (_checkKeywords && !s_kazooKeywords.Contains(member.Name))
                {
                    var suggestion = ClosestKeyword(member.Name);
                    Report(value, suggestion is null ? DiagnosticDescriptors.UnknownKeyword.Id : DiagnosticDescriptors.LikelyKeywordTypo.Id,
                        suggestion is null ? new[] { member.Name } : new[] { member.Name, suggestion });
                }

                break;
        }
    }

    /// <summary>A sub-schema: a JSON object. Anything else is reported and ignored (draft-04 has no boolean schemas).</summary>
    private SchemaObject? Sub(JToken value, string pointer, string scope)
    {
        if (value is JObject json)
        {
            return _document.ObjectAt(json) ?? Read(json, pointer, scope);
        }

        Report(value, DiagnosticDescriptors.UnsupportedConstruct.Id, "A schema that is not a JSON object (" + Shorten(value) + ")", "it is ignored");
        return null;
    }

    private int ReadTypes(JProperty member)
    {
        var items = member.Value is JArray array ? array.ToList() : new List<JToken> { member.Value };
        var types = 0;
        foreach (var item in items)
        {
            if (item.Type != JTokenType.String)
            {
                WrongKind(member, "a type name or an array of type names");
                return 0;
            }

            var name = item.Value<string>()!;
            if (name == "any")
            {
                return 0;
            }

            var flag = JsonTypeFlags.Of(name);
            if (flag == 0)
            {
                var closest = s_typeNames.OrderBy(t => Distance(name.ToLowerInvariant(), t)).First();
                if (Distance(name.ToLowerInvariant(), closest) <= 2)
                {
                    Report(item, DiagnosticDescriptors.LikelyKeywordTypo.Id, name, closest);
                }
                else
                {
                    Report(item, DiagnosticDescriptors.UnsupportedConstruct.Id, "The type name '" + name + "'", "the value may be of any type");
                }

                return 0;
            }

            types |= flag;
        }

        return types;
    }

    private double? Number(JProperty member, bool mustBePositive)
    {
        var number = NumberOf(member.Value);
        if (number is null || double.IsNaN(number.Value) || (mustBePositive && number.Value <= 0))
        {
            WrongKind(member, mustBePositive ? "a number greater than 0" : "a number");
            return null;
        }

        return number;
    }

    /// <summary>A JSON number as the nearest double; null for anything else.</summary>
    private static double? NumberOf(JToken value) => value.Type switch
    {
        JTokenType.Integer when value is JValue { Value: BigInteger big } => Rounded(big),
        JTokenType.Integer => value.Value<long>(),
        JTokenType.Float => value.Value<double>(),
        _ => null,
    };

    /// <summary>The double nearest to a big integer (the explicit conversion truncates: 2^64-1 would become 2^64-2048).</summary>
    private static double Rounded(BigInteger value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>An integer bound exactly, when its double is not exact and decimal holds it; else null.</summary>
    private static decimal? ExactInteger(JToken value, double? rounded)
    {
        if (rounded is not { } bound || value.Type != JTokenType.Integer || Math.Abs(bound) <= 9007199254740992d)
        {
            return null;
        }

        var text = ((JValue)value).Value is BigInteger big ? big.ToString(CultureInfo.InvariantCulture) : value.Value<long>().ToString(CultureInfo.InvariantCulture);
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exact) ? exact : null;
    }

    private bool Boolean(JProperty member)
    {
        if (member.Value.Type == JTokenType.Boolean)
        {
            return member.Value.Value<bool>();
        }

        WrongKind(member, "true or false");
        return false;
    }

    /// <summary>A non-negative integer keyword (lengths, counts); <c>2.0</c> is read as 2.</summary>
    private int? Count(JProperty member)
    {
        if (NumberOf(member.Value) is not { } n || n < 0 || Math.Floor(n) != n)
        {
            WrongKind(member, "a non-negative integer");
            return null;
        }

        return n >= int.MaxValue ? int.MaxValue : (int)n;
    }

    private void WrongKind(JProperty member, string expected) =>
        Report(member.Value, DiagnosticDescriptors.UnsupportedConstruct.Id,
            "'" + member.Name + "': " + Shorten(member.Value), "the member is ignored (draft-04 wants " + expected + ")");

    private bool CheckRegex(JToken at, string what, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException ex)
        {
            Report(at, DiagnosticDescriptors.InvalidRegex.Id, what, pattern, ex.Message);
            return false;
        }
    }

    private void Report(JToken at, string id, params string[] args) => _diagnostics.Add(Source.Diagnostic(at, id, args));

    private static string Shorten(JToken value)
    {
        var text = value.ToString(Newtonsoft.Json.Formatting.None);
        return text.Length > 60 ? text.Substring(0, 60) + "…" : text;
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
        foreach (var keyword in Keywords)
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
