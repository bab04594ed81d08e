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
    /// <see cref="SchemaNodesEmitter"/>), laid out one after the other; a file's root is registered under its id.
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
            w.WriteLine(V + ".SchemaNodeReader.Fill(nodes, bases[" + i.ToString(CultureInfo.InvariantCulture) + "], " + CodeText.Literal(schemas[i].SchemaId) + ", " + schemas[i].ClassName + ".Nodes, roots, missing);");
        }

        w.WriteLine("return new " + V + ".SchemaSet(nodes, roots);");
        w.CloseBlock();
    }
}
