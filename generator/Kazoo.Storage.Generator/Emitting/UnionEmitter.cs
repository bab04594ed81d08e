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
        var full = "global::" + ns + "." + spec.Name;
        CodeText.Summary(w, spec.Description, "One of several kinds, told apart by a member.");
        w.WriteLine("/// <remarks>");
        w.WriteLine("/// Generated from the Kazoo schema <c>" + CodeText.Xml(spec.SchemaId) + "</c> (<c>" + CodeText.Xml(spec.SchemaPointer) + "</c>). The member <c>"
                    + CodeText.Xml(spec.DiscriminatorJsonName) + "</c> picks the case:");
        foreach (var c in spec.Cases)
        {
            w.WriteLine("/// <c>" + CodeText.Xml(c.Value) + "</c> → <see cref=\"" + c.TypeName + "\"/>;");
        }

        w.WriteLine("/// any other value → <see cref=\"" + spec.UnknownName + "\"/>, which keeps the JSON as received.");
        w.WriteLine("/// </remarks>");
        w.WriteLine("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + CodeText.Serialization + ".JsonUnionConverter<" + full + ">))]");
        w.WriteLine("public abstract partial record " + spec.Name + " : " + CodeText.Serialization + ".IJsonUnion<" + full + ">");
        w.OpenBlock();
        w.WriteLine("/// <summary>The <c>" + CodeText.Xml(spec.DiscriminatorJsonName) + "</c> member that selects the case.</summary>");
        w.WriteLine("public abstract string? " + spec.DiscriminatorClrName + " { get; init; }");
        w.WriteLine();
        foreach (var member in spec.SharedMembers)
        {
            CodeText.Summary(w, member.Description, "The <c>" + member.JsonName + "</c> member every case has.");
            w.WriteLine("public abstract " + CodeText.TypeName(ns, member.Type) + "? " + member.ClrName + " { get; init; }");
            w.WriteLine();
        }

        w.WriteLine("/// <summary>The JSON members this case does not declare, kept and written back unchanged.</summary>");
        w.WriteLine("public abstract " + CodeText.Serialization + ".JsonExtensionData ExtensionData { get; init; }");
        w.WriteLine();
        w.WriteLine("/// <summary>Prints the case's members; secrets are masked.</summary>");
        w.WriteLine("protected virtual bool PrintMembers(global::System.Text.StringBuilder builder)");
        w.OpenBlock();
        w.WriteLine("builder.Append(\"" + spec.DiscriminatorClrName.TrimStart('@') + " = \").Append(" + spec.DiscriminatorClrName + ");");
        w.WriteLine("return true;");
        w.CloseBlock();
        w.WriteLine();
        var shape = CodeText.Serialization + ".JsonUnionShape<" + full + ">";
        // The cases the runtime's converter reads by the discriminator; each case is written by its own converter.
        w.WriteLine("static " + shape + " " + CodeText.Serialization + ".IJsonUnion<" + full + ">.CreateShape() => new(");
        w.Indent();
        w.WriteLine(CodeText.Literal(spec.DiscriminatorJsonName) + ",");
        w.WriteLine(shape + ".Case<global::" + ns + "." + spec.UnknownName + ">(null),");
        w.WriteLine("[");
        w.Indent();
        foreach (var c in spec.Cases)
        {
            w.WriteLine(shape + ".Case<global::" + ns + "." + c.TypeName + ">(" + CodeText.Literal(c.Value) + "),");
        }

        w.Unindent();
        w.WriteLine("]);");
        w.Unindent();
        w.CloseBlock();
        w.WriteLine();

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
