using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes a union's abstract base record, its converter (which peeks at the discriminator without buffering,
/// wherever it stands in the object, then hands the reader to the case's converter), and the unknown case.
/// </summary>
internal static class UnionEmitter
{
    public static void Emit(SourceWriter w, string ns, UnionSpec spec)
    {
        var full = "global::" + ns + "." + spec.Name;
        var unknownFull = "global::" + ns + "." + spec.UnknownName;
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
        w.WriteLine("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + full + ".JsonConverter))]");
        w.WriteLine("public abstract partial record " + spec.Name);
        w.OpenBlock();
        w.WriteLine("/// <summary>The <c>" + CodeText.Xml(spec.DiscriminatorJsonName) + "</c> member that selects the case.</summary>");
        w.WriteLine("public abstract string? " + spec.DiscriminatorClrName + " { get; init; }");
        w.WriteLine();
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
        w.WriteLine("/// <summary>Reads any case by its <c>" + CodeText.Xml(spec.DiscriminatorJsonName) + "</c>, and writes each case with its own converter.</summary>");
        w.WriteLine("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + full + ">");
        w.OpenBlock();
        w.WriteLine("/// <summary>The shared instance.</summary>");
        w.WriteLine("public static JsonConverter Instance { get; } = new();");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override " + full + " Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
        w.OpenBlock();
        w.WriteLine("if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject)");
        w.OpenBlock();
        w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.UnexpectedToken(global::System.Text.Json.JsonTokenType.StartObject, reader.TokenType);");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("// Peek with a copy of the reader: the caller's reader stays at the object's start.");
        w.WriteLine("var probe = reader;");
        w.WriteLine("var depth = probe.CurrentDepth;");
        w.WriteLine("var found = -1;");
        w.WriteLine("try");
        w.OpenBlock();
        w.WriteLine("while (probe.Read() && probe.CurrentDepth > depth)");
        w.OpenBlock();
        w.WriteLine("if (probe.TokenType != global::System.Text.Json.JsonTokenType.PropertyName)");
        w.OpenBlock();
        w.WriteLine("continue;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("var isDiscriminator = probe.ValueTextEquals(" + CodeText.Utf8(spec.DiscriminatorJsonName) + ");");
        w.WriteLine("probe.Read();");
        w.WriteLine("if (isDiscriminator)");
        w.OpenBlock();
        w.WriteLine("if (probe.TokenType == global::System.Text.Json.JsonTokenType.String)");
        w.OpenBlock();
        for (var i = 0; i < spec.Cases.Count; i++)
        {
            w.WriteLine((i == 0 ? "if" : "else if") + " (probe.ValueTextEquals(" + CodeText.Utf8(spec.Cases[i].Value) + "))");
            w.OpenBlock();
            w.WriteLine("found = " + i + ";");
            w.CloseBlock();
        }

        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("break;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("if (!probe.TrySkip())");
        w.OpenBlock();
        w.WriteLine("break;");
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine("catch (global::System.Text.Json.JsonException)");
        w.OpenBlock();
        w.WriteLine("// Malformed JSON: the case's converter below reports it with its path.");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("return found switch");
        w.OpenBlock();
        for (var i = 0; i < spec.Cases.Count; i++)
        {
            var caseFull = "global::" + ns + "." + spec.Cases[i].TypeName;
            w.WriteLine(i + " => " + caseFull + ".JsonConverter.Instance.Read(ref reader, typeof(" + caseFull + "), options),");
        }

        w.WriteLine("_ => " + unknownFull + ".JsonConverter.Instance.Read(ref reader, typeof(" + unknownFull + "), options),");
        w.CloseBlock(";");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override void Write(global::System.Text.Json.Utf8JsonWriter writer, " + full + " value, global::System.Text.Json.JsonSerializerOptions options)");
        w.OpenBlock();
        w.WriteLine("switch (value)");
        w.OpenBlock();
        foreach (var c in spec.Cases)
        {
            var caseFull = "global::" + ns + "." + c.TypeName;
            w.WriteLine("case " + caseFull + " item:");
            w.Indent();
            w.WriteLine(caseFull + ".JsonConverter.Instance.Write(writer, item, options);");
            w.WriteLine("break;");
            w.Unindent();
        }

        w.WriteLine("case " + unknownFull + " unknown:");
        w.Indent();
        w.WriteLine(unknownFull + ".JsonConverter.Instance.Write(writer, unknown, options);");
        w.WriteLine("break;");
        w.Unindent();
        w.WriteLine("default:");
        w.Indent();
        w.WriteLine("throw new global::System.Text.Json.JsonException(\"" + spec.Name + " has no converter for the case type \" + value.GetType().Name + \".\");");
        w.Unindent();
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine();

        // The unknown case: the discriminator as a string, everything else in ExtensionData.
        var unknown = new RecordSpec(
            spec.UnknownName,
            spec.SchemaId,
            spec.SchemaPointer,
            "A '" + spec.DiscriminatorJsonName + "' value this SDK's schemas do not know (or none): the whole JSON object is kept, in order, and written back unchanged.",
            ImmutableEquatableArray<PropertySpec>.Empty,
            ImmutableEquatableArray<PatternMapSpec>.Empty,
            spec.Name,
            null);
        RecordEmitter.Emit(w, ns, unknown, RecordEmitter.Role.Unknown, spec.DiscriminatorClrName, spec.DiscriminatorJsonName);
    }
}
