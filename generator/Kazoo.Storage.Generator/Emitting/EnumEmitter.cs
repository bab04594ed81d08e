using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes an open string enum: a record struct (value equality, ordinal) with the known values as static members; a value
/// the schema does not list is kept as it is (and flagged by the validator), so documents from newer servers still
/// round-trip.
/// </summary>
internal static class EnumEmitter
{
    public static void Emit(SourceWriter w, string ns, EnumSpec spec)
    {
        var name = spec.Name;
        var full = "global::" + ns + "." + name;
        CodeText.Summary(w, spec.Description, "One of a set of string values.");
        w.WriteLine("/// <remarks>Generated from the Kazoo schema <c>" + CodeText.Xml(spec.SchemaId) + "</c> (<c>" + CodeText.Xml(spec.SchemaPointer)
                    + "</c>). An open enum: values other than the known ones are kept as they are.</remarks>");
        w.WriteLine("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + CodeText.Serialization + ".JsonOpenEnumConverter<" + full + ">))]");
        w.WriteLine("public readonly partial record struct " + name + " : " + CodeText.Serialization + ".IJsonOpenEnum<" + full + ">");
        w.OpenBlock();
        w.WriteLine("private readonly string? _value;");
        w.WriteLine();
        w.WriteLine("/// <summary>Wraps a value, known or not.</summary>");
        w.WriteLine("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
        w.WriteLine("public " + name + "(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.WriteLine();
        foreach (var value in spec.Values)
        {
            w.WriteLine("/// <summary>The value <c>" + CodeText.Xml(value.Value) + "</c>.</summary>");
            w.WriteLine("public static " + full + " " + value.ClrName + " { get; } = new(" + CodeText.Literal(value.Value) + ");");
        }


        w.WriteLine("/// <summary>The values the schema lists, in its order.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<" + full + "> KnownValues { get; } = new " + full + "[] { "
                    + string.Join(", ", spec.Values.Select(v => v.ClrName)) + " };");
        w.WriteLine();
        w.WriteLine("/// <summary>The JSON string.</summary>");
        w.WriteLine("public string Value => _value ?? \"\";");
        w.WriteLine();
        w.WriteLine("/// <summary>Whether the schema lists this value.</summary>");
        w.WriteLine("public bool IsKnown => global::System.Linq.Enumerable.Contains(KnownValues, this);");
        w.WriteLine();
        w.WriteLine("/// <summary>Converts a string to this enum.</summary>");
        w.WriteLine("public static implicit operator " + full + "(string value) => new(value);");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override string ToString() => Value;");
        w.CloseBlock();
    }
}
