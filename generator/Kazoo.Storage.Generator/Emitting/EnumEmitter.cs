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
        const string S = CodeText.Serialization;
        var name = spec.Name;
        var full = "global::" + ns + "." + name;
        CodeText.Summary(w, spec.Description, "One of a set of string values.");
        w.WriteLines($$"""
            /// <remarks>Generated from the Kazoo schema <c>{{CodeText.Xml(spec.SchemaId)}}</c> (<c>{{CodeText.Xml(spec.SchemaPointer)}}</c>). An open enum: values other than the known ones are kept as they are.</remarks>
            [global::System.Text.Json.Serialization.JsonConverter(typeof({{S}}.JsonOpenEnumConverter<{{full}}>))]
            public readonly partial record struct {{name}} : {{S}}.IJsonOpenEnum<{{full}}>
            {
                private readonly string? _value;

                /// <summary>Wraps a value, known or not.</summary>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="value"/> is null.</exception>
                public {{name}}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));

            """);
        w.Indent();
        foreach (var value in spec.Values)
        {
            w.WriteLines($$"""
                /// <summary>The value <c>{{CodeText.Xml(value.Value)}}</c>.</summary>
                public static {{full}} {{value.ClrName}} { get; } = new({{CodeText.Literal(value.Value)}});
                """);
        }

        w.Unindent();
        w.WriteLines($$"""
                /// <summary>The values the schema lists, in its order.</summary>
                public static global::System.Collections.Generic.IReadOnlyList<{{full}}> KnownValues { get; } = new {{full}}[] { {{string.Join(", ", spec.Values.Select(v => v.ClrName))}} };

                /// <summary>The JSON string.</summary>
                public string Value => _value ?? "";

                /// <summary>Whether the schema lists this value.</summary>
                public bool IsKnown => global::System.Linq.Enumerable.Contains(KnownValues, this);

                /// <summary>Converts a string to this enum.</summary>
                public static implicit operator {{full}}(string value) => new(value);

                /// <inheritdoc/>
                public override string ToString() => Value;
            }
            """);
    }
}
