using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes the one JSON entry point for every generated type: a reflection-free <c>IJsonTypeInfoResolver</c> that
/// serves the generated converters, and ready-made options.
/// </summary>
internal static class ContextEmitter
{
    public static void Emit(SourceWriter w, ContextEmitInput input)
    {
        var ns = input.Namespace;
        var name = input.ContextName;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// The System.Text.Json entry point for the types generated from Kazoo schemas: pass <see cref=\"Options\"/> to");
        w.WriteLine("/// <see cref=\"global::System.Text.Json.JsonSerializer\"/>, or combine <see cref=\"Resolver\"/> with your own resolvers.");
        w.WriteLine("/// Everything is served by generated converters, without reflection.");
        w.WriteLine("/// </summary>");
        w.WriteLine("public static partial class " + name);
        w.OpenBlock();
        w.WriteLine("/// <summary>Serves type metadata for every generated type, and nothing else (returns null for other types).</summary>");
        w.WriteLine("public static global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver Resolver { get; } = new GeneratedResolver();");
        w.WriteLine();
        w.WriteLine("/// <summary>Read-only options for the generated types: compact output, non-ASCII text written as is.</summary>");
        w.WriteLine("public static global::System.Text.Json.JsonSerializerOptions Options { get; } = CreateOptions(writeIndented: false);");
        w.WriteLine();
        w.WriteLine("/// <summary>Creates new (mutable) options for the generated types, e.g. to add resolvers of your own.</summary>");
        w.WriteLine("/// <param name=\"writeIndented\">Whether to indent the JSON written.</param>");
        w.WriteLine("public static global::System.Text.Json.JsonSerializerOptions CreateOptions(bool writeIndented)");
        w.OpenBlock();
        w.WriteLine("var options = new global::System.Text.Json.JsonSerializerOptions");
        w.OpenBlock();
        w.WriteLine("TypeInfoResolver = Resolver,");
        w.WriteLine("WriteIndented = writeIndented,");
        w.WriteLine("Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,");
        w.CloseBlock(";");
        w.WriteLine("return options;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("/// <summary>The metadata for one generated type, from <see cref=\"Options\"/>.</summary>");
        w.WriteLine("/// <typeparam name=\"T\">A generated type.</typeparam>");
        w.WriteLine("public static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> GetTypeInfo<T>()");
        w.Indent();
        w.WriteLine("=> (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
        w.Unindent();
        w.WriteLine();
        EmitSchemas(w, input.Validation);
        w.WriteLine("private sealed class GeneratedResolver : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        w.OpenBlock();
        w.WriteLine("public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options)");
        w.OpenBlock();
        foreach (var type in input.Types)
        {
            var full = "global::" + ns + "." + type.Name;
            w.WriteLine("if (type == typeof(" + full + "))");
            w.OpenBlock();
            w.WriteLine("return global::System.Text.Json.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<" + full + ">(options, " + full + ".JsonConverter.Instance);");
            w.CloseBlock();
            w.WriteLine();
        }

        w.WriteLine("return null;");
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
    }

    private const string V = "global::Kazoo.Storage.Validation";

    /// <summary>The compiled schemas: one node per schema object, sub-schemas by index; nothing but keywords.</summary>
    private static void EmitSchemas(SourceWriter w, ValidationSpec spec)
    {
        w.WriteLine("/// <summary>Every schema of this compilation, compiled for validation (draft-04 and Kazoo's extensions).</summary>");
        w.WriteLine("public static " + V + ".SchemaSet Schemas => s_schemas.Value;");
        w.WriteLine();
        w.WriteLine("private static readonly global::System.Lazy<" + V + ".SchemaSet> s_schemas = new(CreateSchemas);");
        w.WriteLine();
        w.WriteLine("private static " + V + ".SchemaSet CreateSchemas()");
        w.OpenBlock();
        w.WriteLine("var nodes = new " + V + ".SchemaNode[]");
        w.OpenBlock();
        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            EmitNode(w, i, spec.Nodes[i]);
        }

        w.CloseBlock(";");
        w.WriteLine("var roots = new global::System.Collections.Generic.Dictionary<string, int>");
        w.OpenBlock();
        foreach (var root in spec.Roots)
        {
            w.WriteLine("[" + CodeText.Literal(root.Name) + "] = " + root.Index + ",");
        }

        w.CloseBlock(";");
        w.WriteLine("return new " + V + ".SchemaSet(nodes, roots);");
        w.CloseBlock();
        w.WriteLine();
    }

    private static void EmitNode(SourceWriter w, int index, ValidationNodeSpec node)
    {
        var parts = new List<string>();
        if (node.PropertyName is not null) parts.Add("PropertyName = " + CodeText.Literal(node.PropertyName));
        if (node.Types != 0) parts.Add("Types = (" + V + ".JsonTypes)" + node.Types);
        if (node.Enum is { } values)
        {
            var enumValues = values.Select(EnumValue).Where(v => v is not null).ToList();
            parts.Add("Enum = new " + V + ".EnumValue[] { " + string.Join(", ", enumValues) + " }");
        }

        if (node.Properties.Count > 0) parts.Add("Properties = new " + V + ".PropertyRule[] { " + string.Join(", ", node.Properties.Select(p => "new(" + CodeText.Literal(p.Name) + ", " + p.Index + ")")) + " }");
        if (node.Required.Count > 0) parts.Add("Required = new string[] { " + string.Join(", ", node.Required.Select(CodeText.Literal)) + " }");
        if (node.PatternProperties.Count > 0) parts.Add("PatternProperties = new " + V + ".PatternRule[] { " + string.Join(", ", node.PatternProperties.Select(p => "new(" + CodeText.Literal(p.Name) + ", " + p.Index + ")")) + " }");
        if (!node.AdditionalPropertiesAllowed) parts.Add("AdditionalPropertiesAllowed = false");
        if (node.AdditionalProperties >= 0) parts.Add("AdditionalProperties = " + node.AdditionalProperties);
        if (node.Items >= 0) parts.Add("Items = " + node.Items);
        if (node.MinItems >= 0) parts.Add("MinItems = " + node.MinItems);
        if (node.MaxItems >= 0) parts.Add("MaxItems = " + node.MaxItems);
        if (node.UniqueItems) parts.Add("UniqueItems = true");
        if (node.MinProperties >= 0) parts.Add("MinProperties = " + node.MinProperties);
        if (node.MaxProperties >= 0) parts.Add("MaxProperties = " + node.MaxProperties);
        if (node.MinLength >= 0) parts.Add("MinLength = " + node.MinLength);
        if (node.MaxLength >= 0) parts.Add("MaxLength = " + node.MaxLength);
        if (node.Pattern is not null) parts.Add("Pattern = " + V + ".SchemaRegex.Create(" + CodeText.Literal(node.Pattern) + ")");
        if (node.Minimum is not null) parts.Add("Minimum = " + node.Minimum + "d");
        if (node.Maximum is not null) parts.Add("Maximum = " + node.Maximum + "d");
        if (node.ExclusiveMinimum) parts.Add("ExclusiveMinimum = true");
        if (node.ExclusiveMaximum) parts.Add("ExclusiveMaximum = true");
        if (node.OneOf.Count > 0) parts.Add("OneOf = new int[] { " + string.Join(", ", node.OneOf) + " }");
        if (node.AnyOf.Count > 0) parts.Add("AnyOf = new int[] { " + string.Join(", ", node.AnyOf) + " }");
        if (node.AllOf.Count > 0) parts.Add("AllOf = new int[] { " + string.Join(", ", node.AllOf) + " }");
        if (node.Not >= 0) parts.Add("Not = " + node.Not);
        if (node.DiscriminatorName is not null && node.DiscriminatorValues is not null)
        {
            parts.Add("Discriminator = new(" + CodeText.Literal(node.DiscriminatorName) + ", new string[] { " + string.Join(", ", node.DiscriminatorValues.Select(CodeText.Literal)) + " })");
        }

        if (node.Format is not null) parts.Add("Format = " + CodeText.Literal(node.Format));
        if (node.KazooValidation) parts.Add("KazooValidation = true");

        var head = "new(" + CodeText.Literal(node.SchemaId) + ", " + CodeText.Literal(node.Pointer) + ")";
        w.WriteLine("// " + index);
        w.WriteLine(parts.Count == 0 ? head + "," : head + " { " + string.Join(", ", parts) + " },");
    }

    /// <summary>An enum value from its JSON text; arrays and objects in an enum are not supported (left out).</summary>
    private static string? EnumValue(string json)
    {
        if (json == "null") return V + ".EnumValue.Null";
        if (json == "true" || json == "false") return V + ".EnumValue.Of(" + json + ")";
        if (json.StartsWith("\"", System.StringComparison.Ordinal)) return V + ".EnumValue.Of(" + CodeText.Literal(Newtonsoft.Json.JsonConvert.DeserializeObject<string>(json)!) + ")";
        if (json.Length > 0 && (char.IsDigit(json[0]) || json[0] == '-')) return V + ".EnumValue.Of(" + json + "d)";
        return null;
    }
}
