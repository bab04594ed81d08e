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
        w.WriteLines($$"""
            /// <summary>
            /// The System.Text.Json entry point for the types generated from Kazoo schemas: pass <see cref="Options"/> to
            /// <see cref="global::System.Text.Json.JsonSerializer"/>, or combine <see cref="Resolver"/> with your own resolvers.
            /// Everything is served by generated converters, without reflection.
            /// </summary>
            public static partial class {{name}}
            {
                /// <summary>Serves type metadata for every generated type, and nothing else (returns null for other types).</summary>
                public static global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver Resolver { get; } = new {{CodeText.Serialization}}.JsonGeneratedTypeResolver(static () => new()
                {
            """);
        w.Indent();
        w.Indent();
        foreach (var type in input.Types)
        {
            w.WriteLine("[typeof(global::" + ns + "." + type.Name + ")] = " + CodeText.ConverterOf(ns, type.Kind, type.Name) + ",");
        }

        w.Unindent();
        w.Unindent();
        w.WriteLines("""
                });

                /// <summary>Read-only options for the generated types: compact output, non-ASCII text written as is.</summary>
                public static global::System.Text.Json.JsonSerializerOptions Options { get; } = CreateOptions(writeIndented: false);

                /// <summary>Creates new (mutable) options for the generated types, e.g. to add resolvers of your own.</summary>
                /// <param name="writeIndented">Whether to indent the JSON written.</param>
                public static global::System.Text.Json.JsonSerializerOptions CreateOptions(bool writeIndented)
                {
                    var options = new global::System.Text.Json.JsonSerializerOptions
                    {
                        TypeInfoResolver = Resolver,
                        WriteIndented = writeIndented,
                        Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                    };
                    return options;
                }

                /// <summary>The metadata for one generated type, from <see cref="Options"/>.</summary>
                /// <typeparam name="T">A generated type.</typeparam>
                public static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> GetTypeInfo<T>()
                    => (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

            """);
        w.Indent();
        EmitSchemas(w, input.Schemas);
        w.CloseBlock();
    }

    private const string V = "global::Kazoo.Storage.Validation";

    /// <summary>
    /// The compiled schemas: each schema file's nodes are data of their own source (see <see cref="SchemaNodesEmitter"/>),
    /// added in order to the runtime's <c>SchemaSetBuilder</c>, which lays them out and registers each file's root.
    /// </summary>
    private static void EmitSchemas(SourceWriter w, ImmutableEquatableArray<ContextSchemaSpec> schemas)
    {
        w.WriteLines($$"""
            /// <summary>Every schema of this compilation, compiled for validation (draft-04 and Kazoo's extensions).</summary>
            public static {{V}}.SchemaSet Schemas => s_schemas.Value;

            private static readonly global::System.Lazy<{{V}}.SchemaSet> s_schemas = new(CreateSchemas);

            private static {{V}}.SchemaSet CreateSchemas()
            {
                var schemas = new {{V}}.SchemaSetBuilder();
            """);
        w.Indent();
        foreach (var schema in schemas)
        {
            var alias = schema.RootAliasOf is null ? "" : ", rootAliasOf: " + CodeText.Literal(schema.RootAliasOf);
            w.WriteLine("schemas.Add(" + CodeText.Literal(schema.SchemaId) + ", " + schema.NodesName + alias + ");");
        }

        w.WriteLine("return schemas.Build();");
        w.Unindent();
        w.WriteLine("}");
    }
}
