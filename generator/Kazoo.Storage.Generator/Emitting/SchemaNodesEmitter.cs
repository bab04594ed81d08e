using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes one schema file's compiled validation nodes as data, not code: a UTF-8 literal with one JSON object a line,
/// which <c>Kazoo.Storage.Validation.SchemaSetBuilder</c> turns into nodes when the schemas are first used. Keys are
/// the draft-04 keyword names (and <c>pointer</c>, <c>property</c>, <c>types</c>, …); a sub-schema is the index of a
/// line of the same file, or another file's id (that file's root). Data costs the compiler next to nothing; the same
/// nodes as object initializers cost it 9% more allocations on Kazoo's 777 schemas (the generator benchmarks' README).
/// </summary>
internal static class SchemaNodesEmitter
{
    public static void Emit(SourceWriter w, SchemaNodesEmitInput input)
    {
        var spec = input.Spec;
        var lines = spec.Nodes.Select(node => NodeJson(spec, node)).ToList();
        var quotes = new string('"', System.Math.Max(3, lines.Select(LongestQuoteRun).DefaultIfEmpty(0).Max() + 1));
        if (lines.Count == 0)
        {
            lines.Add("");
        }

        w.WriteLines($$"""
            public static partial class {{input.ContextName}}
            {
                /// <summary>The compiled nodes of the schema <c>{{CodeText.Xml(spec.SchemaId)}}</c>, one a line (read by <c>SchemaSetBuilder</c>).</summary>
                private static global::System.ReadOnlySpan<byte> {{spec.NodesName}} => {{quotes}}
            """);
        foreach (var line in lines)
        {
            w.WriteLine(line.Length == 0 ? "" : "        " + line);
        }

        w.WriteLines($$"""
                    {{quotes}}u8;
            }
            """);
    }

    /// <summary>One node as one line of JSON; absent keywords are left out (the reader's defaults are the node's).</summary>
    internal static string NodeJson(SchemaNodesSpec spec, ValidationNodeSpec node)
    {
        var json = new Json(spec);
        json.String("pointer", node.Pointer);
        if (node.SchemaId != spec.SchemaId) json.String("schema", node.SchemaId);
        if (node.PropertyName is not null) json.String("property", node.PropertyName);
        if (node.Types != 0) json.Raw("types", node.Types.ToString(CultureInfo.InvariantCulture));
        if (node.Enum is { } values) json.Raw("enum", "[" + string.Join(",", values.Select(Compact)) + "]");
        if (node.Properties.Count > 0) json.Raw("properties", json.Named(node.Properties));
        if (node.Required.Count > 0) json.Raw("required", Strings(node.Required));
        if (node.PatternProperties.Count > 0) json.Raw("patternProperties", json.Named(node.PatternProperties));
        if (!node.AdditionalPropertiesAllowed) json.Raw("additionalPropertiesAllowed", "false");
        if (node.AdditionalProperties != -1) json.Index("additionalProperties", node.AdditionalProperties);
        if (node.Items != -1) json.Index("items", node.Items);
        if (node.TupleItems is { } tuple) json.Raw("tupleItems", json.Indexes(tuple));
        if (!node.AdditionalItemsAllowed) json.Raw("additionalItemsAllowed", "false");
        if (node.AdditionalItems != -1) json.Index("additionalItems", node.AdditionalItems);
        json.Count("minItems", node.MinItems);
        json.Count("maxItems", node.MaxItems);
        if (node.UniqueItems) json.Raw("uniqueItems", "true");
        json.Count("minProperties", node.MinProperties);
        json.Count("maxProperties", node.MaxProperties);
        json.Count("minLength", node.MinLength);
        json.Count("maxLength", node.MaxLength);
        if (node.Pattern is not null) json.String("pattern", node.Pattern);
        json.Number("minimum", node.Minimum);
        json.Number("maximum", node.Maximum);
        if (node.ExactMinimum is { } exactMinimum) json.Raw("exactMinimum", exactMinimum.ToString(CultureInfo.InvariantCulture));
        if (node.ExactMaximum is { } exactMaximum) json.Raw("exactMaximum", exactMaximum.ToString(CultureInfo.InvariantCulture));
        if (node.ExclusiveMinimum) json.Raw("exclusiveMinimum", "true");
        if (node.ExclusiveMaximum) json.Raw("exclusiveMaximum", "true");
        json.Number("multipleOf", node.MultipleOf);
        if (node.OneOf.Count > 0) json.Raw("oneOf", json.Indexes(node.OneOf));
        if (node.AnyOf.Count > 0) json.Raw("anyOf", json.Indexes(node.AnyOf));
        if (node.AllOf.Count > 0) json.Raw("allOf", json.Indexes(node.AllOf));
        if (node.Not != -1) json.Index("not", node.Not);
        if (node.Dependencies.Count > 0)
        {
            json.Raw("dependencies", "[" + string.Join(",", node.Dependencies.Select(d =>
                "[" + Quote(d.Name) + "," + (d.Required is { } names ? Strings(names) : json.IndexText(d.Schema)) + "]")) + "]");
        }

        if (node.DiscriminatorName is not null && node.DiscriminatorValues is not null)
        {
            json.Raw("discriminator", "[" + Quote(node.DiscriminatorName) + "," + Strings(node.DiscriminatorValues) + "]");
        }

        if (node.Format is not null) json.String("format", node.Format);
        if (node.KazooValidation) json.Raw("kazooValidation", "true");
        if (node.DefaultJson is not null) json.Raw("default", Compact(node.DefaultJson));
        return json.ToString();
    }

    /// <summary>A JSON string, every non-ASCII character escaped (a lone surrogate could not be written as UTF-8).</summary>
    private static string Quote(string text) => JsonConvert.ToString(text, '"', StringEscapeHandling.EscapeNonAscii);

    private static string Strings(IEnumerable<string> texts) => "[" + string.Join(",", texts.Select(Quote)) + "]";

    /// <summary>
    /// A JSON value from the schema on one line: white space outside strings dropped, every other character (numbers as
    /// written, escapes) kept, so the value the reader sees is the one the schema wrote.
    /// </summary>
    internal static string Compact(string json)
    {
        var builder = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                builder.Append(c);
                if (c == '\\' && i + 1 < json.Length) builder.Append(json[++i]);
                else if (c == '"') inString = false;
            }
            else if (c == '"')
            {
                inString = true;
                builder.Append(c);
            }
            else if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int LongestQuoteRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '"' ? run + 1 : 0;
            longest = System.Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>Builds one node's JSON object.</summary>
    private sealed class Json(SchemaNodesSpec spec)
    {
        private readonly StringBuilder _builder = new("{");

        public void Raw(string key, string value) => _builder.Append(_builder.Length > 1 ? "," : "").Append('"').Append(key).Append("\":").Append(value);

        public void String(string key, string value) => Raw(key, Quote(value));

        public void Index(string key, int index) => Raw(key, IndexText(index));

        public void Count(string key, int count)
        {
            if (count >= 0) Raw(key, count.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>A number; the infinities (a bound too large for a double) as the strings the reader knows.</summary>
        public void Number(string key, double? value)
        {
            if (value is not { } number) return;
            Raw(key, double.IsPositiveInfinity(number) ? "\"Infinity\"" : double.IsNegativeInfinity(number) ? "\"-Infinity\"" : number.ToString("R", CultureInfo.InvariantCulture));
        }

        /// <summary>A node index: a line of this file, or another file's id for that file's root.</summary>
        public string IndexText(int index) => SchemaNodesSpec.ForeignSlot(index) is var slot and >= 0
            ? Quote(spec.ForeignIds[slot])
            : index.ToString(CultureInfo.InvariantCulture);

        public string Indexes(IEnumerable<int> indexes) => "[" + string.Join(",", indexes.Select(IndexText)) + "]";

        public string Named(IEnumerable<NamedIndex> pairs) => "[" + string.Join(",", pairs.Select(p => "[" + Quote(p.Name) + "," + IndexText(p.Index) + "]")) + "]";

        public override string ToString() => _builder.Append('}').ToString();
    }
}
