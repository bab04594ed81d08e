using System.Collections.Generic;
using System.Globalization;
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
        w.WriteLine("public static global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver Resolver { get; } = new " + CodeText.Serialization + ".JsonGeneratedTypeResolver(static () => new()");
        w.OpenBlock();
        foreach (var type in input.Types)
        {
            w.WriteLine("[typeof(global::" + ns + "." + type.Name + ")] = " + CodeText.ConverterOf(ns, type.Kind, type.Name) + ",");
        }

        w.CloseBlock(");");
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
        EmitSchemas(w, input.Schemas);
        w.CloseBlock();
    }

    private const string V = "global::Kazoo.Storage.Validation";
    private const string Roots = "global::System.Collections.Generic.Dictionary<string, int>";

    /// <summary>
    /// The compiled schemas: each schema file's nodes come from its own generated class (see
    /// <see cref="EmitSchemaNodes"/>), laid out one after the other; a file's root is registered under its id.
    /// </summary>
    private static void EmitSchemas(SourceWriter w, ImmutableEquatableArray<ContextSchemaSpec> schemas)
    {
        w.WriteLine("/// <summary>Every schema of this compilation, compiled for validation (draft-04 and Kazoo's extensions).</summary>");
        w.WriteLine("public static " + V + ".SchemaSet Schemas => s_schemas.Value;");
        w.WriteLine();
        w.WriteLine("private static readonly global::System.Lazy<" + V + ".SchemaSet> s_schemas = new(CreateSchemas);");
        w.WriteLine();
        w.WriteLine("private static " + V + ".SchemaSet CreateSchemas()");
        w.OpenBlock();
        w.WriteLine("var roots = new " + Roots + "(global::System.StringComparer.Ordinal);");
        w.WriteLine("var bases = new int[" + schemas.Count.ToString(CultureInfo.InvariantCulture) + "];");
        w.WriteLine("var count = 0;");
        for (var i = 0; i < schemas.Count; i++)
        {
            var schema = schemas[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            w.WriteLine("bases[" + index + "] = count;");
            w.WriteLine("count += " + schema.ClassName + ".Count;");
            if (schema.RootAliasOf is null)
            {
                w.WriteLine("roots.Add(" + CodeText.Literal(schema.SchemaId) + ", bases[" + index + "]);");
            }
        }

        var aliases = schemas.Where(s => s.RootAliasOf is not null).ToList();
        if (aliases.Count > 0)
        {
            // A root that is only a $ref to another file's root is that root (chains resolve over the passes).
            w.WriteLine("var aliases = new (string Id, string Target)[]");
            w.OpenBlock();
            foreach (var alias in aliases)
            {
                w.WriteLine("(" + CodeText.Literal(alias.SchemaId) + ", " + CodeText.Literal(alias.RootAliasOf!) + "),");
            }

            w.CloseBlock(";");
            w.WriteLine("for (var pass = 0; pass < aliases.Length; pass++)");
            w.OpenBlock();
            w.WriteLine("foreach (var (id, target) in aliases)");
            w.OpenBlock();
            w.WriteLine("if (!roots.ContainsKey(id) && roots.TryGetValue(target, out var index))");
            w.OpenBlock();
            w.WriteLine("roots[id] = index;");
            w.CloseBlock();
            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
        }

        w.WriteLine("// Stands for a schema that did not compile (reported when the code was generated): any JSON is valid.");
        w.WriteLine("var missing = count;");
        w.WriteLine("var nodes = new " + V + ".SchemaNode[count + 1];");
        w.WriteLine("nodes[missing] = new(\"\", \"#\");");
        if (aliases.Count > 0)
        {
            w.WriteLine("foreach (var (id, _) in aliases)");
            w.OpenBlock();
            w.WriteLine("roots.TryAdd(id, missing);");
            w.CloseBlock();
            w.WriteLine();
        }

        for (var i = 0; i < schemas.Count; i++)
        {
            w.WriteLine(schemas[i].ClassName + ".Fill(nodes, bases[" + i.ToString(CultureInfo.InvariantCulture) + "], roots, missing);");
        }

        w.WriteLine("return new " + V + ".SchemaSet(nodes, roots);");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("/// <summary>The index of another schema file's root, or of the node that stands for a schema that did not compile.</summary>");
        w.WriteLine("private static int RootOf(" + Roots + " roots, string schemaId, int missing)");
        w.Indent();
        w.WriteLine("=> roots.TryGetValue(schemaId, out var index) ? index : missing;");
        w.Unindent();
    }

    /// <summary>
    /// One schema file's compiled nodes, as a class nested in the JSON entry point: one node per schema object, its
    /// sub-schemas at local indexes from the file's base index, other files' roots looked up by id when the set is
    /// composed; nothing but keywords.
    /// </summary>
    public static void EmitSchemaNodes(SourceWriter w, SchemaNodesEmitInput input)
    {
        var spec = input.Spec;
        w.WriteLine("public static partial class " + input.ContextName);
        w.OpenBlock();
        w.WriteLine("/// <summary>The compiled nodes of the schema <c>" + CodeText.Xml(spec.SchemaId) + "</c>: how many, and <c>Fill</c> writes them from index <c>b</c> on.</summary>");
        w.WriteLine("private static class " + spec.ClassName);
        w.OpenBlock();
        w.WriteLine("public const int Count = " + spec.Nodes.Count.ToString(CultureInfo.InvariantCulture) + ";");
        w.WriteLine("public static void Fill(" + V + ".SchemaNode[] nodes, int b, " + Roots + " roots, int missing)");
        w.OpenBlock();
        for (var slot = 0; slot < spec.ForeignIds.Count; slot++)
        {
            w.WriteLine("var r" + slot.ToString(CultureInfo.InvariantCulture) + " = RootOf(roots, " + CodeText.Literal(spec.ForeignIds[slot]) + ", missing);");
        }

        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            EmitNode(w, i, spec.Nodes[i]);
        }

        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
    }

    /// <summary>A node index as C#: a local index from the file's base, or another file's root.</summary>
    private static string Index(int index)
    {
        var slot = SchemaNodesSpec.ForeignSlot(index);
        if (slot >= 0)
        {
            return "r" + slot.ToString(CultureInfo.InvariantCulture);
        }

        return index == 0 ? "b" : "b + " + index.ToString(CultureInfo.InvariantCulture);
    }

    private static void EmitNode(SourceWriter w, int index, ValidationNodeSpec node)
    {
        var parts = new List<string>();
        if (node.PropertyName is not null) parts.Add("PropertyName = " + CodeText.Literal(node.PropertyName));
        if (node.Types != 0) parts.Add("Types = (" + V + ".JsonTypes)" + node.Types);
        if (node.Enum is { } values)
        {
            var enumValues = values.Select(EnumValue).ToList();
            parts.Add("Enum = new " + V + ".EnumValue[] { " + string.Join(", ", enumValues) + " }");
        }

        if (node.Properties.Count > 0) parts.Add("Properties = new " + V + ".PropertyRule[] { " + string.Join(", ", node.Properties.Select(p => "new(" + CodeText.Literal(p.Name) + ", " + Index(p.Index) + ")")) + " }");
        if (node.Required.Count > 0) parts.Add("Required = new string[] { " + string.Join(", ", node.Required.Select(CodeText.Literal)) + " }");
        if (node.PatternProperties.Count > 0) parts.Add("PatternProperties = new " + V + ".PatternRule[] { " + string.Join(", ", node.PatternProperties.Select(p => "new(" + CodeText.Literal(p.Name) + ", " + Index(p.Index) + ")")) + " }");
        if (!node.AdditionalPropertiesAllowed) parts.Add("AdditionalPropertiesAllowed = false");
        if (node.AdditionalProperties != -1) parts.Add("AdditionalProperties = " + Index(node.AdditionalProperties));
        if (node.Items != -1) parts.Add("Items = " + Index(node.Items));
        if (node.TupleItems is { } tuple) parts.Add("TupleItems = new int[] { " + string.Join(", ", tuple.Select(Index)) + " }");
        if (!node.AdditionalItemsAllowed) parts.Add("AdditionalItemsAllowed = false");
        if (node.AdditionalItems != -1) parts.Add("AdditionalItems = " + Index(node.AdditionalItems));
        if (node.MinItems >= 0) parts.Add("MinItems = " + node.MinItems);
        if (node.MaxItems >= 0) parts.Add("MaxItems = " + node.MaxItems);
        if (node.UniqueItems) parts.Add("UniqueItems = true");
        if (node.MinProperties >= 0) parts.Add("MinProperties = " + node.MinProperties);
        if (node.MaxProperties >= 0) parts.Add("MaxProperties = " + node.MaxProperties);
        if (node.MinLength >= 0) parts.Add("MinLength = " + node.MinLength);
        if (node.MaxLength >= 0) parts.Add("MaxLength = " + node.MaxLength);
        if (node.Pattern is not null) parts.Add("Pattern = " + V + ".SchemaRegex.Create(" + CodeText.Literal(node.Pattern) + ")");
        if (node.Minimum is { } minimum) parts.Add("Minimum = " + CodeText.Double(minimum));
        if (node.Maximum is { } maximum) parts.Add("Maximum = " + CodeText.Double(maximum));
        if (node.ExactMinimum is { } exactMinimum) parts.Add("ExactMinimum = " + exactMinimum.ToString(CultureInfo.InvariantCulture) + "m");
        if (node.ExactMaximum is { } exactMaximum) parts.Add("ExactMaximum = " + exactMaximum.ToString(CultureInfo.InvariantCulture) + "m");
        if (node.MultipleOf is { } multipleOf) parts.Add("MultipleOf = " + CodeText.Double(multipleOf));
        if (node.ExclusiveMinimum) parts.Add("ExclusiveMinimum = true");
        if (node.ExclusiveMaximum) parts.Add("ExclusiveMaximum = true");
        if (node.OneOf.Count > 0) parts.Add("OneOf = new int[] { " + string.Join(", ", node.OneOf.Select(Index)) + " }");
        if (node.AnyOf.Count > 0) parts.Add("AnyOf = new int[] { " + string.Join(", ", node.AnyOf.Select(Index)) + " }");
        if (node.AllOf.Count > 0) parts.Add("AllOf = new int[] { " + string.Join(", ", node.AllOf.Select(Index)) + " }");
        if (node.Not != -1) parts.Add("Not = " + Index(node.Not));
        if (node.Dependencies.Count > 0)
        {
            parts.Add("Dependencies = new " + V + ".DependencyRule[] { " + string.Join(", ", node.Dependencies.Select(d => d.Required is { } names
                ? "new(" + CodeText.Literal(d.Name) + ", new string[] { " + string.Join(", ", names.Select(CodeText.Literal)) + " })"
                : "new(" + CodeText.Literal(d.Name) + ", " + Index(d.Schema) + ")")) + " }");
        }
        if (node.DiscriminatorName is not null && node.DiscriminatorValues is not null)
        {
            parts.Add("Discriminator = new(" + CodeText.Literal(node.DiscriminatorName) + ", new string[] { " + string.Join(", ", node.DiscriminatorValues.Select(CodeText.Literal)) + " })");
        }

        if (node.Format is not null) parts.Add("Format = " + CodeText.Literal(node.Format));
        if (node.KazooValidation) parts.Add("KazooValidation = true");
        if (node.DefaultJson is not null) parts.Add("Default = " + CodeText.Literal(node.DefaultJson));

        var head = "nodes[" + Index(index) + "] = new(" + CodeText.Literal(node.SchemaId) + ", " + CodeText.Literal(node.Pointer) + ")";
        w.WriteLine(parts.Count == 0 ? head + ";" : head + " { " + string.Join(", ", parts) + " };");
    }

    /// <summary>An enum value from its JSON text: scalars as themselves, numbers, arrays and objects as their JSON.</summary>
    private static string EnumValue(string json)
    {
        if (json == "null") return V + ".EnumValue.Null";
        if (json == "true" || json == "false") return V + ".EnumValue.Of(" + json + ")";
        if (json.StartsWith("\"", System.StringComparison.Ordinal)) return V + ".EnumValue.Of(" + CodeText.Literal(Newtonsoft.Json.JsonConvert.DeserializeObject<string>(json)!) + ")";
        return V + ".EnumValue.FromJson(" + CodeText.Literal(json) + ")";
    }
}
