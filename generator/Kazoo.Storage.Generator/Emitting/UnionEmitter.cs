using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes a union's abstract base record, its converter (a table of cases: the runtime's
/// <c>Kazoo.Storage.Serialization.JsonUnionConverter</c> peeks at the discriminator and hands the reader to the case's
/// converter), and the unknown case.
/// </summary>
internal static class UnionEmitter
{
    public static void Emit(SourceWriter w, string ns, UnionSpec spec)
    {
        const string S = CodeText.Serialization;
        var full = "global::" + ns + "." + spec.Name;
        var shape = S + ".JsonUnionShape<" + full + ">";
        var discriminator = spec.DiscriminatorClrName;
        CodeText.Summary(w, spec.Description, "One of several kinds, told apart by a member.");
        w.WriteLines($$"""
            /// <remarks>
            /// Generated from the Kazoo schema <c>{{CodeText.Xml(spec.SchemaId)}}</c> (<c>{{CodeText.Xml(spec.SchemaPointer)}}</c>). The member <c>{{CodeText.Xml(spec.DiscriminatorJsonName)}}</c> picks the case:
            """);
        foreach (var c in spec.Cases)
        {
            w.WriteLine("/// <c>" + CodeText.Xml(c.Value) + "</c> → <see cref=\"" + c.TypeName + "\"/>;");
        }

        w.WriteLines($$"""
            /// any other value → <see cref="{{spec.UnknownName}}"/>, which keeps the JSON as received.
            /// </remarks>
            [global::System.Text.Json.Serialization.JsonConverter(typeof({{S}}.JsonUnionConverter<{{full}}>))]
            public abstract partial record {{spec.Name}} : {{S}}.IJsonUnion<{{full}}>
            {
                /// <summary>The <c>{{CodeText.Xml(spec.DiscriminatorJsonName)}}</c> member that selects the case.</summary>
                public abstract string? {{discriminator}} { get; init; }

            """);
        w.Indent();
        foreach (var member in spec.SharedMembers)
        {
            CodeText.Summary(w, member.Description, "The <c>" + member.JsonName + "</c> member every case has.");
            w.WriteLine("public abstract " + CodeText.TypeName(ns, member.Type) + "? " + member.ClrName + " { get; init; }");
            w.WriteLine();
        }

        w.Unindent();
        // The cases the runtime's converter reads by the discriminator; each case is written by its own converter.
        w.WriteLines($$"""
                /// <summary>The JSON members this case does not declare, kept and written back unchanged.</summary>
                public abstract {{S}}.JsonExtensionData ExtensionData { get; init; }

                /// <summary>Prints the case's members; secrets are masked.</summary>
                protected virtual bool PrintMembers(global::System.Text.StringBuilder builder)
                {
                    builder.Append("{{discriminator.TrimStart('@')}} = ").Append({{discriminator}});
                    return true;
                }

                static {{shape}} {{S}}.IJsonUnion<{{full}}>.CreateShape() => new(
                    {{CodeText.Literal(spec.DiscriminatorJsonName)}},
                    {{shape}}.Case<global::{{ns}}.{{spec.UnknownName}}>(null),
                    [
            """);
        w.Indent();
        w.Indent();
        w.Indent();
        foreach (var c in spec.Cases)
        {
            w.WriteLine(shape + ".Case<global::" + ns + "." + c.TypeName + ">(" + CodeText.Literal(c.Value) + "),");
        }

        w.Unindent();
        w.Unindent();
        w.Unindent();
        w.WriteLines("""
                    ]);
            }

            """);

        // The unknown case: the discriminator as a string, everything else in ExtensionData.
        var unknown = new RecordSpec(
            spec.UnknownName,
            spec.SchemaId,
            spec.SchemaPointer,
            "A '" + spec.DiscriminatorJsonName + "' value this SDK's schemas do not know (or none): the whole JSON object is kept, in order, and written back unchanged.",
            spec.SharedMembers,
            ImmutableEquatableArray<PatternMapSpec>.Empty,
            spec.Name,
            null);
        RecordEmitter.Emit(w, ns, unknown, RecordEmitter.Role.Unknown, spec.DiscriminatorClrName, spec.DiscriminatorJsonName);
    }
}
