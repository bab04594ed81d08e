using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes a sealed record: its members (each in a field the converter reaches through its member table), its equality,
/// hash code and <c>ToString()</c> (computed from that table), and a converter that is only the table. The delicate work
/// (member order for <c>_sig</c>, extension data, explicit nulls, error paths) is done once, at run time, by
/// <c>Kazoo.Storage.Serialization.JsonRecordConverter</c>.
/// </summary>
internal static class RecordEmitter
{
    /// <summary>How a record relates to a union: a plain record, a case with a constant discriminator, or the unknown case.</summary>
    public enum Role
    {
        Plain,
        Case,
        Unknown,
    }

    private const string S = CodeText.Serialization;

    public static void Emit(SourceWriter w, string ns, RecordSpec spec, Role role, string? unionDiscriminatorClr = null, string? unionDiscriminatorJson = null, string? contextName = null)
    {
        var name = spec.Name;
        var full = "global::" + ns + "." + name;
        var isDerived = spec.BaseName is not null;
        var bases = (isDerived ? "global::" + ns + "." + spec.BaseName + ", " : "") + S + ".IJsonRecord<" + full + ">";

        CodeText.Summary(w, spec.Description, "A Kazoo JSON object.");
        w.WriteLines($$"""
            /// <remarks>Generated from the Kazoo schema <c>{{CodeText.Xml(spec.SchemaId)}}</c> (<c>{{CodeText.Xml(spec.SchemaPointer)}}</c>).</remarks>
            [global::System.Text.Json.Serialization.JsonConverter(typeof({{S}}.JsonRecordConverter<{{full}}>))]
            public sealed partial record {{name}} : {{bases}}
            {
            """);
        w.Indent();
        EmitFields(w, ns, spec, role, unionDiscriminatorClr);
        if (role == Role.Case)
        {
            var d = spec.Discriminator!;
            w.WriteLines($$"""
                /// <summary>The <c>{{CodeText.Xml(d.JsonName)}}</c> value that selects this case: <c>{{CodeText.Xml(d.Value)}}</c>.</summary>
                public const string {{d.ClrName}}Value = {{CodeText.Literal(d.Value)}};

                /// <summary>Always <see cref="{{d.ClrName}}Value"/>; setting another value throws <see cref="global::System.ArgumentException"/>.</summary>
                [global::System.Diagnostics.CodeAnalysis.AllowNull]
                public override string {{d.ClrName}} { get => {{d.ClrName}}Value; init => {{S}}.JsonUnionCase<global::{{ns}}.{{spec.BaseName}}>.RequireCaseValue(value, {{d.ClrName}}Value, {{CodeText.Literal(d.JsonName)}}); }

                """);
        }
        else if (role == Role.Unknown)
        {
            var field = Field(unionDiscriminatorClr!);
            w.WriteLines($$"""
                /// <summary>The <c>{{CodeText.Xml(unionDiscriminatorJson!)}}</c> value as received (not one the schemas know), or null when it was missing.</summary>
                public override string? {{unionDiscriminatorClr}} { get => {{field}}; init => {{field}} = value; }

                """);
        }

        foreach (var p in spec.Properties)
        {
            EmitProperty(w, ns, p);
        }

        foreach (var map in spec.PatternMaps)
        {
            var mapType = TypeRef.MapOf(map.ValueType, false);
            var field = Field(map.ClrName);
            var which = map.Pattern is null
                ? "Every member not declared by the schema (typed <c>additionalProperties</c>)."
                : "Members whose names match <c>" + CodeText.Xml(map.Pattern) + "</c>.";
            CodeText.Summary(w, map.Description, "Members whose names match the pattern.");
            w.WriteLines($$"""
                /// <remarks>{{which}}</remarks>
                public {{CodeText.TypeName(ns, mapType)}}? {{map.ClrName}} { get => {{field}}; init => {{field}} = {{CodeText.ConcreteTypeName(ns, mapType)}}.From(value); }

                """);
        }

        w.WriteLines($$"""
            /// <summary>The JSON members the schema does not declare (unknown keys, <c>_*</c>, <c>pvt_*</c>, <c>_sig</c>), kept in order and written back unchanged.</summary>
            public {{(isDerived ? "override " : "")}}{{S}}.JsonExtensionData ExtensionData { get => _extensionData; init => _extensionData = value; }

            """);
        if (contextName is not null && spec.SchemaPointer == "#" && role != Role.Unknown)
        {
            EmitValidation(w, ns, spec, contextName);
        }

        w.WriteLines($$"""
            /// <summary>Value equality over every member, collections and extension data included; member order does not count.</summary>
            public bool Equals({{full}}? other) => {{S}}.JsonRecord.MembersEqual(this, other);

            /// <inheritdoc/>
            public override int GetHashCode() => {{S}}.JsonRecord.MembersHashCode(this);

            """);
        if (isDerived)
        {
            w.WriteLine("/// <summary>Prints the members for <c>ToString()</c>, extension data included; secrets are masked.</summary>");
        }

        w.WriteLines($$"""
            {{(isDerived ? "protected override" : "private")}} bool PrintMembers(global::System.Text.StringBuilder builder) => {{S}}.JsonRecord.PrintMembers(this, builder);

            """);
        EmitConverter(w, ns, spec, role, unionDiscriminatorClr, unionDiscriminatorJson);
        w.CloseBlock();
    }

    /// <summary>The field behind a member: <c>_camelCase</c> of its C# name.</summary>
    private static string Field(string clrName)
    {
        var bare = clrName.TrimStart('@');
        return "_" + char.ToLowerInvariant(bare[0]) + bare.Substring(1);
    }

    /// <summary>A required, non-nullable value-typed member: its field holds the value itself, never null.</summary>
    private static bool AlwaysSet(PropertySpec p) => p.Required && !p.Nullable && p.Type.IsValueType;

    /// <summary>The field's type: nullable but for an always-set value (the converter leaves a field unset until it reads it).</summary>
    private static string FieldType(string ns, TypeRef type, bool alwaysSet)
        => (type.Kind is TypeRefKind.List or TypeRefKind.Map ? CodeText.ConcreteTypeName(ns, type) : CodeText.TypeName(ns, type)) + (alwaysSet ? "" : "?");

    private static void EmitFields(SourceWriter w, string ns, RecordSpec spec, Role role, string? unionDiscriminatorClr)
    {
        if (role == Role.Unknown)
        {
            w.WriteLine("private string? " + Field(unionDiscriminatorClr!) + ";");
        }

        foreach (var p in spec.Properties)
        {
            var initial = p.Required && !p.Nullable && p.Type.Kind is TypeRefKind.List or TypeRefKind.Map
                ? " = " + CodeText.ConcreteTypeName(ns, p.Type) + ".Empty"
                : "";
            w.WriteLine("private " + FieldType(ns, p.Type, AlwaysSet(p)) + " " + Field(p.ClrName) + initial + ";");
        }

        foreach (var map in spec.PatternMaps)
        {
            w.WriteLine("private " + CodeText.ConcreteTypeName(ns, TypeRef.MapOf(map.ValueType, false)) + "? " + Field(map.ClrName) + ";");
        }

        w.WriteLines($$"""
            private {{S}}.JsonExtensionData _extensionData = {{S}}.JsonExtensionData.Empty;
            private string[]? _jsonMemberOrder; // the member order as read, when it differs from the default write order

            """);
    }

    private static void EmitProperty(SourceWriter w, string ns, PropertySpec p)
    {
        var nullable = !p.Required || p.Nullable;
        CodeText.Summary(w, p.Description, "The <c>" + p.JsonName + "</c> member.");
        // A plain optional member's JSON name is in the member table; remarks only when there is more to say.
        var remarks = p.Required ? ", required." : ".";
        if (p.DefaultJson is not null)
        {
            remarks += " Kazoo's default, which the server writes into stored data when the member is missing: <c>" + CodeText.Xml(p.DefaultJson) + "</c>.";
        }

        if (p.Secret)
        {
            remarks += " A secret: never printed by <see cref=\"ToString\"/>.";
        }

        if (remarks != ".")
        {
            w.WriteLine("/// <remarks>JSON member <c>" + CodeText.Xml(p.JsonName) + "</c>" + remarks + "</remarks>");
        }

        var field = Field(p.ClrName);
        var type = CodeText.TypeName(ns, p.Type) + (nullable ? "?" : "");
        var get = field + (!nullable && !p.Type.IsValueType ? "!" : "");
        var set = p.Type.Kind is TypeRefKind.List or TypeRefKind.Map ? CodeText.ConcreteTypeName(ns, p.Type) + ".From(value)" : "value";
        w.WriteLines($$"""
            public {{(p.Overrides ? "override " : "")}}{{(p.Required ? "required " : "")}}{{type}} {{p.ClrName}} { get => {{get}}; init => {{field}} = {{set}}; }

            """);
    }

    private static void EmitValidation(SourceWriter w, string ns, RecordSpec spec, string contextName)
    {
        const string V = "global::Kazoo.Storage.Validation";
        var context = "global::" + ns + "." + contextName;
        w.WriteLines($$"""
            /// <summary>The validator for the Kazoo schema <c>{{CodeText.Xml(spec.SchemaId)}}</c>: errors in Crossbar's shape, precise mode by default.</summary>
            public static {{V}}.SchemaValidator Validator { get; } = {{context}}.Schemas.Validator({{CodeText.Literal(spec.SchemaId)}});

            /// <inheritdoc cref="{{V}}.SchemaValidator.Validate(global::System.ReadOnlySpan{byte}, {{V}}.ValidationOptions?)"/>
            public static {{V}}.ValidationErrors Validate(global::System.ReadOnlySpan<byte> utf8Json, {{V}}.ValidationOptions? options = null) => Validator.Validate(utf8Json, options);

            /// <inheritdoc cref="{{V}}.SchemaValidator.Validate(global::System.Text.Json.JsonElement, {{V}}.ValidationOptions?)"/>
            public static {{V}}.ValidationErrors Validate(global::System.Text.Json.JsonElement json, {{V}}.ValidationOptions? options = null) => Validator.Validate(json, options);

            /// <summary>Validates this record, as the JSON it writes, against its schema: the errors in Crossbar's shape, empty when valid.</summary>
            public {{V}}.ValidationErrors Validate({{V}}.ValidationOptions? options = null) => Validator.Validate(this, {{context}}.GetTypeInfo<global::{{ns}}.{{spec.Name}}>(), options);

            """);
    }

    private static void EmitConverter(SourceWriter w, string ns, RecordSpec spec, Role role, string? unionDiscriminatorClr, string? unionDiscriminatorJson)
    {
        var name = spec.Name;
        var full = "global::" + ns + "." + name;
        var shape = S + ".JsonRecordShape<" + full + ">";
        // The member table the runtime's converter reads and writes the record with. Required members start unset (the
        // converter checks that JSON sets them).
        var required = spec.Properties.Where(p => p.Required).Select(p => p.ClrName + " = default!").ToList();
        w.WriteLines($$"""
            static {{shape}} {{S}}.IJsonRecord<{{full}}>.CreateShape() => new(
                static () => new(){{(required.Count == 0 ? "" : " { " + string.Join(", ", required) + " }")}},
                static r => ref r._extensionData,
                static r => ref r._jsonMemberOrder,
                [
            """);
        w.Indent();
        w.Indent();
        if (role == Role.Case)
        {
            var d = spec.Discriminator!;
            w.WriteLine(shape + ".CaseDiscriminator(" + CodeText.Literal(d.JsonName) + ", " + CodeText.Literal(d.ClrName.TrimStart('@')) + ", " + d.ClrName + "Value),");
        }
        else if (role == Role.Unknown)
        {
            w.WriteLine(shape + ".UnknownDiscriminator(" + CodeText.Literal(unionDiscriminatorJson!) + ", " + CodeText.Literal(unionDiscriminatorClr!.TrimStart('@')) + ", static r => ref r."
                        + Field(unionDiscriminatorClr) + "),");
        }

        foreach (var p in spec.Properties)
        {
            var factory = p.Type.IsValueType && !AlwaysSet(p) ? "NullableMember" : "Member";
            var flags = (p.Required ? ", required: true" : "") + (p.Secret ? ", secret: true" : "");
            w.WriteLine(shape + "." + factory + "(" + CodeText.Literal(p.JsonName) + ", " + CodeText.Literal(p.ClrName.TrimStart('@')) + ", static r => ref r." + Field(p.ClrName) + ", "
                        + CodeText.Converter(ns, p.Type) + flags + "),");
        }

        w.Unindent();
        if (spec.PatternMaps.Count == 0)
        {
            w.WriteLine("]);");
        }
        else
        {
            w.WriteLine("],");
            w.WriteLine("[");
            w.Indent();
            foreach (var map in spec.PatternMaps)
            {
                w.WriteLine(shape + ".PatternMap(" + (map.Pattern is null ? "null" : CodeText.Literal(map.Pattern)) + ", " + CodeText.Literal(map.ClrName) + ", static r => ref r." + Field(map.ClrName) + ", "
                            + CodeText.Converter(ns, map.ValueType) + "),");
            }

            w.Unindent();
            w.WriteLine("]);");
        }

        w.Unindent();
    }
}
