using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Emitting;

/// <summary>
/// Writes a sealed record and its reflection-free converter. The converter keeps every JSON member: declared ones
/// in properties, pattern members in read-only maps, the rest (unknown keys, <c>_sig</c>, <c>pvt_*</c>) in
/// <c>ExtensionData</c>; and it keeps the members' order when the input's order differs from the one it writes by
/// default, because Kazoo signs attachment entries (<c>_sig</c>) over their JSON as ordered.
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

    public static void Emit(SourceWriter w, string ns, RecordSpec spec, Role role, string? unionDiscriminatorClr = null, string? unionDiscriminatorJson = null, string? contextName = null)
    {
        var props = spec.Properties;
        var name = spec.Name;
        var isDerived = spec.BaseName is not null;

        CodeText.Summary(w, spec.Description, "A Kazoo JSON object.");
        w.WriteLine("/// <remarks>Generated from the Kazoo schema <c>" + CodeText.Xml(spec.SchemaId) + "</c> (<c>" + CodeText.Xml(spec.SchemaPointer) + "</c>).</remarks>");
        w.WriteLine("[global::System.Text.Json.Serialization.JsonConverter(typeof(global::" + ns + "." + name + ".JsonConverter))]");
        w.WriteLine("public sealed partial record " + name + (isDerived ? " : global::" + ns + "." + spec.BaseName : ""));
        w.OpenBlock();

        if (role == Role.Case)
        {
            var d = spec.Discriminator!;
            w.WriteLine("/// <summary>The <c>" + CodeText.Xml(d.JsonName) + "</c> value that selects this case: <c>" + CodeText.Xml(d.Value) + "</c>.</summary>");
            w.WriteLine("public const string " + d.ClrName + "Value = " + CodeText.Literal(d.Value) + ";");
            w.WriteLine();
            w.WriteLine("/// <summary>Always <see cref=\"" + d.ClrName + "Value\"/>; setting another value throws <see cref=\"global::System.ArgumentException\"/>.</summary>");
            w.WriteLine("[global::System.Diagnostics.CodeAnalysis.AllowNull]");
            w.WriteLine("public override string " + d.ClrName);
            w.OpenBlock();
            w.WriteLine("get => " + d.ClrName + "Value;");
            w.WriteLine("init");
            w.OpenBlock();
            w.WriteLine("if (value is not null && value != " + d.ClrName + "Value)");
            w.OpenBlock();
            w.WriteLine("throw new global::System.ArgumentException(\"This case's " + CodeText.Xml(d.JsonName).Replace("\"", "\\\"") + " is \" + " + d.ClrName + "Value + \"; use another case type for \" + value + \".\", nameof(value));");
            w.CloseBlock();
            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
        }
        else if (role == Role.Unknown)
        {
            w.WriteLine("/// <summary>The <c>" + CodeText.Xml(unionDiscriminatorJson!) + "</c> value as received (not one the schemas know), or null when it was missing.</summary>");
            w.WriteLine("public override string? " + unionDiscriminatorClr + " { get; init; }");
            w.WriteLine();
        }

        foreach (var p in props)
        {
            EmitProperty(w, ns, p);
        }

        foreach (var map in spec.PatternMaps)
        {
            var mapType = TypeRef.MapOf(map.ValueType, false);
            var field = "_" + char.ToLowerInvariant(map.ClrName[0]) + map.ClrName.Substring(1);
            w.WriteLine("private readonly " + CodeText.ConcreteTypeName(ns, mapType) + "? " + field + ";");
            w.WriteLine();
            CodeText.Summary(w, map.Description, "Members whose names match the pattern.");
            w.WriteLine(map.Pattern is null
                ? "/// <remarks>Every member not declared by the schema (typed <c>additionalProperties</c>).</remarks>"
                : "/// <remarks>Members whose names match <c>" + CodeText.Xml(map.Pattern) + "</c>.</remarks>");
            w.WriteLine("public " + CodeText.TypeName(ns, mapType) + "? " + map.ClrName + " { get => " + field + "; init => " + field + " = "
                        + CodeText.ConcreteTypeName(ns, mapType) + ".From(value); }");
            w.WriteLine();
        }

        w.WriteLine("/// <summary>");
        w.WriteLine("/// The JSON members the schema does not declare (unknown keys, CouchDB's <c>_*</c>, Kazoo's <c>pvt_*</c>, <c>_sig</c>), kept in");
        w.WriteLine("/// their order and written back unchanged.");
        w.WriteLine("/// </summary>");
        w.WriteLine("public " + (isDerived ? "override " : "") + CodeText.Serialization + ".JsonExtensionData ExtensionData { get; init; } = " + CodeText.Serialization + ".JsonExtensionData.Empty;");
        w.WriteLine();
        w.WriteLine("/// <summary>The JSON member order as read, when it differs from the order this record writes by default; null otherwise.</summary>");
        w.WriteLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.WriteLine("internal string[]? JsonMemberOrder { get; init; }");
        w.WriteLine();

        if (contextName is not null && spec.SchemaPointer == "#" && role != Role.Unknown)
        {
            EmitValidation(w, ns, spec, contextName);
        }

        EmitEquality(w, ns, spec, role, unionDiscriminatorClr);
        EmitPrintMembers(w, spec, role, unionDiscriminatorClr);
        EmitConverter(w, ns, spec, role, unionDiscriminatorClr, unionDiscriminatorJson);
        w.CloseBlock();
    }

    private static void EmitValidation(SourceWriter w, string ns, RecordSpec spec, string contextName)
    {
        var full = "global::" + ns + "." + spec.Name;
        var context = "global::" + ns + "." + contextName;
        const string V = "global::Kazoo.Storage.Validation";
        var id = CodeText.Xml(spec.SchemaId);
        w.WriteLine("/// <summary>The validator for the Kazoo schema <c>" + id + "</c>.</summary>");
        w.WriteLine("public static " + V + ".SchemaValidator Validator { get; } = " + context + ".Schemas.Validator(" + CodeText.Literal(spec.SchemaId) + ");");
        w.WriteLine();
        w.WriteLine("/// <summary>Validates UTF-8 JSON against the Kazoo schema <c>" + id + "</c>, even JSON that would not deserialize.</summary>");
        w.WriteLine("/// <param name=\"utf8Json\">The document.</param>");
        w.WriteLine("/// <param name=\"options\">Mode and Kazoo settings; precise errors by default.</param>");
        w.WriteLine("/// <returns>The errors in Crossbar's shape; empty when valid.</returns>");
        w.WriteLine("/// <exception cref=\"global::System.Text.Json.JsonException\">The text is not JSON.</exception>");
        w.WriteLine("public static " + V + ".ValidationErrors Validate(global::System.ReadOnlySpan<byte> utf8Json, " + V + ".ValidationOptions? options = null) => Validator.Validate(utf8Json, options);");
        w.WriteLine();
        w.WriteLine("/// <summary>Validates JSON against the Kazoo schema <c>" + id + "</c>.</summary>");
        w.WriteLine("/// <param name=\"json\">The document.</param>");
        w.WriteLine("/// <param name=\"options\">Mode and Kazoo settings; precise errors by default.</param>");
        w.WriteLine("/// <returns>The errors in Crossbar's shape; empty when valid.</returns>");
        w.WriteLine("public static " + V + ".ValidationErrors Validate(global::System.Text.Json.JsonElement json, " + V + ".ValidationOptions? options = null) => Validator.Validate(json, options);");
        w.WriteLine();
        w.WriteLine("/// <summary>Validates this record, as the JSON it writes, against the Kazoo schema <c>" + id + "</c>.</summary>");
        w.WriteLine("/// <param name=\"options\">Mode and Kazoo settings; precise errors by default.</param>");
        w.WriteLine("/// <returns>The errors in Crossbar's shape; empty when valid.</returns>");
        w.WriteLine("public " + V + ".ValidationErrors Validate(" + V + ".ValidationOptions? options = null) => Validator.Validate(this, " + context + ".GetTypeInfo<" + full + ">(), options);");
        w.WriteLine();
    }

    /// <summary>A required, non-nullable value-typed member: never null, so null tests on it would not compile cleanly.</summary>
    private static bool AlwaysSet(PropertySpec p) => p.Required && !p.Nullable && p.Type.IsValueType;

    private static void EmitProperty(SourceWriter w, string ns, PropertySpec p)
    {
        var nullable = !p.Required || p.Nullable;
        var isCollection = p.Type.Kind is TypeRefKind.List or TypeRefKind.Map;
        var field = "_" + char.ToLowerInvariant(p.ClrName.TrimStart('@')[0]) + p.ClrName.TrimStart('@').Substring(1);
        var concrete = CodeText.ConcreteTypeName(ns, p.Type);
        if (isCollection)
        {
            w.WriteLine("private readonly " + concrete + (nullable ? "?" : "") + " " + field + (nullable ? ";" : " = " + concrete + ".Empty;"));
            w.WriteLine();
        }

        CodeText.Summary(w, p.Description, "The <c>" + p.JsonName + "</c> member.");
        var remarks = "JSON member <c>" + CodeText.Xml(p.JsonName) + "</c>" + (p.Required ? ", required" : "") + ".";
        if (p.DefaultJson is not null)
        {
            remarks += " Kazoo's default, which the server writes into stored data when the member is missing: <c>" + CodeText.Xml(p.DefaultJson) + "</c>.";
        }

        if (p.Secret)
        {
            remarks += " A secret: never printed by <see cref=\"ToString\"/>.";
        }

        w.WriteLine("/// <remarks>" + remarks + "</remarks>");
        var type = CodeText.TypeName(ns, p.Type) + (nullable ? "?" : "");
        var modifier = p.Required ? "required " : "";
        if (isCollection)
        {
            w.WriteLine("public " + modifier + type + " " + p.ClrName + " { get => " + field + "; init => " + field + " = " + concrete + ".From(value)" + (nullable ? "" : "!") + "; }");
        }
        else
        {
            w.WriteLine("public " + modifier + type + " " + p.ClrName + " { get; init; }");
        }

        w.WriteLine();
    }

    private static void EmitEquality(SourceWriter w, string ns, RecordSpec spec, Role role, string? unknownDiscriminatorClr)
    {
        var name = spec.Name;
        var comparisons = new List<string>();
        var hashes = new List<string>();
        if (role == Role.Unknown)
        {
            comparisons.Add("string.Equals(" + unknownDiscriminatorClr + ", other." + unknownDiscriminatorClr + ", global::System.StringComparison.Ordinal)");
            hashes.Add(CodeText.Serialization + ".JsonValueEquality.GetHashCode(" + unknownDiscriminatorClr + ")");
        }

        foreach (var p in spec.Properties)
        {
            comparisons.Add(CodeText.Serialization + ".JsonValueEquality.Equals(" + p.ClrName + ", other." + p.ClrName + ")");
            hashes.Add(CodeText.Serialization + ".JsonValueEquality.GetHashCode(" + p.ClrName + ")");
        }

        foreach (var map in spec.PatternMaps)
        {
            comparisons.Add(CodeText.Serialization + ".JsonValueEquality.MapEqual(" + map.ClrName + ", other." + map.ClrName + ")");
            hashes.Add(CodeText.Serialization + ".JsonValueEquality.MapHash(" + map.ClrName + ")");
        }

        comparisons.Add("ExtensionData.Equals(other.ExtensionData)");
        hashes.Add("ExtensionData.GetHashCode()");

        w.WriteLine("/// <summary>Value equality over every member, collections and extension data included; member order does not count.</summary>");
        w.WriteLine("public bool Equals(global::" + ns + "." + name + "? other)");
        w.OpenBlock();
        w.WriteLine("if (ReferenceEquals(this, other))");
        w.OpenBlock();
        w.WriteLine("return true;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("return other is not null");
        w.Indent();
        for (var i = 0; i < comparisons.Count; i++)
        {
            w.WriteLine("&& " + comparisons[i] + (i == comparisons.Count - 1 ? ";" : ""));
        }

        w.Unindent();
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override int GetHashCode()");
        w.OpenBlock();
        w.WriteLine("var hash = new global::System.HashCode();");
        foreach (var hash in hashes)
        {
            w.WriteLine("hash.Add(" + hash + ");");
        }

        w.WriteLine("return hash.ToHashCode();");
        w.CloseBlock();
        w.WriteLine();
    }

    private static void EmitPrintMembers(SourceWriter w, RecordSpec spec, Role role, string? unknownDiscriminatorClr)
    {
        w.WriteLine("/// <summary>Prints the members for <c>ToString()</c>; secrets are masked and extension values are not printed.</summary>");
        w.WriteLine(spec.BaseName is null
            ? "private bool PrintMembers(global::System.Text.StringBuilder builder)"
            : "protected override bool PrintMembers(global::System.Text.StringBuilder builder)");
        w.OpenBlock();
        var parts = new List<(string Label, string Expression, bool Secret)>();
        if (role == Role.Case)
        {
            parts.Add((spec.Discriminator!.ClrName, spec.Discriminator.ClrName, false));
        }
        else if (role == Role.Unknown)
        {
            parts.Add((unknownDiscriminatorClr!, unknownDiscriminatorClr!, false));
        }

        parts.AddRange(spec.Properties.Select(p => (p.ClrName.TrimStart('@'), p.ClrName, p.Secret)));
        parts.AddRange(spec.PatternMaps.Select(m => (m.ClrName, m.ClrName, false)));
        parts.Add(("ExtensionData", "ExtensionData", false));
        for (var i = 0; i < parts.Count; i++)
        {
            var (label, expression, secret) = parts[i];
            var prefix = (i == 0 ? "" : ", ") + label + " = ";
            var alwaysSet = spec.Properties.Any(p => p.ClrName == expression && AlwaysSet(p));
            w.WriteLine(secret
                ? "builder.Append(" + CodeText.Literal(prefix) + ").Append(" + (alwaysSet ? "" : expression + " is null ? \"\" : ") + CodeText.Serialization + ".SecretMask.Masked);"
                : "builder.Append(" + CodeText.Literal(prefix) + ").Append((object?)" + expression + ");");
        }

        w.WriteLine("return true;");
        w.CloseBlock();
        w.WriteLine();
    }

    private static void EmitConverter(SourceWriter w, string ns, RecordSpec spec, Role role, string? unknownDiscriminatorClr, string? unknownDiscriminatorJson)
    {
        var name = spec.Name;
        var full = "global::" + ns + "." + name;
        var props = spec.Properties;
        var maps = spec.PatternMaps;

        // The discriminator (a case's constant, or the unknown case's string) is written first and read like a declared member.
        string? discriminatorJson = role switch
        {
            Role.Case => spec.Discriminator!.JsonName,
            Role.Unknown => unknownDiscriminatorJson,
            _ => null,
        };

        w.WriteLine("/// <summary>Reads and writes <see cref=\"" + name + "\"/> without reflection, keeping unknown members and member order.</summary>");
        w.WriteLine("public " + (spec.BaseName is null ? "" : "new ") + "sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + full + ">");
        w.OpenBlock();
        w.WriteLine("/// <summary>The shared instance.</summary>");
        w.WriteLine("public static JsonConverter Instance { get; } = new();");
        w.WriteLine();

        // Static converters for collections, and regexes for pattern maps.
        var collectionFields = new Dictionary<string, string>();
        foreach (var p in props.Where(p => p.Type.Kind is TypeRefKind.List or TypeRefKind.Map))
        {
            var field = "s_" + p.ClrName.TrimStart('@') + "Converter";
            collectionFields[p.JsonName] = field;
            w.WriteLine("private static readonly " + CodeText.Converter(ns, p.Type).Substring(4).Split('(')[0] + " " + field + " = " + CodeText.Converter(ns, p.Type) + ";");
        }

        for (var i = 0; i < maps.Count; i++)
        {
            var map = maps[i];
            if (map.ValueType.Kind is TypeRefKind.List or TypeRefKind.Map)
            {
                // A pattern map's values that are collections themselves (a map of arrays, of maps…) need their converter too.
                collectionFields[MapValueKey(i)] = "s_map" + i + "ValueConverter";
                w.WriteLine("private static readonly " + CodeText.Converter(ns, map.ValueType).Substring(4).Split('(')[0] + " s_map" + i + "ValueConverter = "
                            + CodeText.Converter(ns, map.ValueType) + ";");
            }

            if (map.Pattern is not null)
            {
                w.WriteLine("private static readonly global::System.Text.RegularExpressions.Regex s_map" + i + "Pattern = global::Kazoo.Storage.Validation.SchemaRegex.Create("
                            + CodeText.Literal(map.Pattern) + ");");
            }
        }

        // Member names in the default write order: discriminator, declared properties.
        var knownNames = new List<string>();
        if (discriminatorJson is not null)
        {
            knownNames.Add(discriminatorJson);
        }

        knownNames.AddRange(props.Select(p => p.JsonName));
        if (knownNames.Count > 0)
        {
            w.WriteLine("private static readonly string[] s_knownNames = { " + string.Join(", ", knownNames.Select(CodeText.Literal)) + " };");
        }

        w.WriteLine();

        EmitRead(w, ns, spec, role, full, discriminatorJson, unknownDiscriminatorClr, knownNames, collectionFields);
        EmitWrite(w, ns, spec, role, full, discriminatorJson, unknownDiscriminatorClr, collectionFields);
        w.CloseBlock();
    }

    /// <summary>The key of a pattern map's value converter among the collection converters (JSON names cannot hold a NUL).</summary>
    private static string MapValueKey(int map) => "\0map" + map;

    private static string ValueRead(string ns, TypeRef type, string? collectionField) => type.Kind switch
    {
        TypeRefKind.Json => CodeText.Json + ".JsonElement.ParseValue(ref reader)",
        TypeRefKind.List or TypeRefKind.Map => collectionField + ".Read(ref reader, typeof(" + CodeText.ConcreteTypeName(ns, type) + "), options)",
        _ => CodeText.Converter(ns, type) + ".Read(ref reader, typeof(" + CodeText.TypeName(ns, type) + "), options)",
    };

    private static void EmitRead(SourceWriter w, string ns, RecordSpec spec, Role role, string full, string? discriminatorJson, string? unknownDiscriminatorClr, List<string> knownNames, Dictionary<string, string> collectionFields)
    {
        var props = spec.Properties;
        var maps = spec.PatternMaps;
        var offset = discriminatorJson is null ? 0 : 1;
        var tailSlot = knownNames.Count;

        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override " + full + " Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
        w.OpenBlock();
        w.WriteLine("if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject)");
        w.OpenBlock();
        w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.UnexpectedToken(global::System.Text.Json.JsonTokenType.StartObject, reader.TokenType);");
        w.CloseBlock();
        w.WriteLine();
        if (role == Role.Unknown)
        {
            w.WriteLine("string? discriminator = null;");
        }

        if (discriminatorJson is not null)
        {
            w.WriteLine("var hasD = false;");
        }

        for (var i = 0; i < props.Count; i++)
        {
            var p = props[i];
            var type = p.Type.Kind is TypeRefKind.List or TypeRefKind.Map ? CodeText.ConcreteTypeName(ns, p.Type) : CodeText.TypeName(ns, p.Type);
            w.WriteLine(type + "? v" + i + " = default;");
            w.WriteLine("var has" + i + " = false;");
        }

        for (var i = 0; i < maps.Count; i++)
        {
            w.WriteLine("global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, " + CodeText.TypeName(ns, maps[i].ValueType, nested: true) + ">>? m" + i + " = null;");
        }

        w.WriteLine("global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, global::System.Text.Json.JsonElement>>? extension = null;");
        w.WriteLine("global::System.Collections.Generic.List<string>? order = null;");
        w.WriteLine("var lastSlot = -1;");
        w.WriteLine("string? current = null;");
        w.WriteLine("try");
        w.OpenBlock();
        w.WriteLine("while (true)");
        w.OpenBlock();
        w.WriteLine("if (!reader.Read())");
        w.OpenBlock();
        w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.Error(\"The JSON object ends before its closing brace.\");");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("if (reader.TokenType == global::System.Text.Json.JsonTokenType.EndObject)");
        w.OpenBlock();
        w.WriteLine("break;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("int slot;");
        var first = true;
        if (discriminatorJson is not null)
        {
            w.WriteLine("if (reader.ValueTextEquals(" + CodeText.Utf8(discriminatorJson) + "))");
            w.OpenBlock();
            w.WriteLine("current = " + CodeText.Literal(discriminatorJson) + ";");
            w.WriteLine("slot = 0;");
            w.WriteLine("reader.Read();");
            if (role == Role.Case)
            {
                w.WriteLine("if (reader.TokenType != global::System.Text.Json.JsonTokenType.String || !reader.ValueTextEquals(" + CodeText.Utf8(spec.Discriminator!.Value) + "))");
                w.OpenBlock();
                w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.Error(" + CodeText.Literal("Expected the value '" + spec.Discriminator.Value + "' for this case.") + ");");
                w.CloseBlock();
                w.WriteLine();
                w.WriteLine("hasD = true;");
            }
            else
            {
                w.WriteLine("if (reader.TokenType == global::System.Text.Json.JsonTokenType.String)");
                w.OpenBlock();
                w.WriteLine("discriminator = reader.GetString();");
                w.WriteLine("hasD = true;");
                w.CloseBlock();
                w.WriteLine("else");
                w.OpenBlock();
                w.WriteLine("(extension ??= new()).Add(new(current, global::System.Text.Json.JsonElement.ParseValue(ref reader)));");
                w.WriteLine("slot = " + tailSlot + ";");
                w.CloseBlock();
            }

            w.CloseBlock();
            first = false;
        }

        for (var i = 0; i < props.Count; i++)
        {
            var p = props[i];
            w.WriteLine((first ? "if" : "else if") + " (reader.ValueTextEquals(" + CodeText.Utf8(p.JsonName) + "))");
            first = false;
            w.OpenBlock();
            w.WriteLine("current = " + CodeText.Literal(p.JsonName) + ";");
            w.WriteLine("slot = " + (i + offset) + ";");
            w.WriteLine("reader.Read();");
            collectionFields.TryGetValue(p.JsonName, out var field);
            if (p.Type.Kind != TypeRefKind.Json)
            {
                w.WriteLine("if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)");
                w.OpenBlock();
                w.WriteLine("// An explicit null is kept as written (absent and null differ to Kazoo), in the extension data.");
                w.WriteLine("(extension ??= new()).Add(new(current, global::System.Text.Json.JsonElement.ParseValue(ref reader)));");
                w.WriteLine("slot = " + (tailSlot + maps.Count) + ";");
                w.WriteLine("v" + i + " = default;");
                w.WriteLine("has" + i + " = false;");
                w.CloseBlock();
                w.WriteLine("else");
                w.OpenBlock();
            }

            w.WriteLine("v" + i + " = " + ValueRead(ns, p.Type, field) + ";");
            w.WriteLine("has" + i + " = true;");
            if (p.Type.Kind != TypeRefKind.Json)
            {
                w.CloseBlock();
            }

            w.CloseBlock();
        }

        if (!first)
        {
            w.WriteLine("else");
            w.OpenBlock();
        }

        w.WriteLine("current = reader.GetString()!;");
        w.WriteLine("reader.Read();");
        for (var i = 0; i < maps.Count; i++)
        {
            var map = maps[i];
            if (map.Pattern is null)
            {
                // A typed additionalProperties map takes every member the patterns before it did not (it comes last).
                w.WriteLine(i == 0 ? "" : "else");
            }
            else
            {
                w.WriteLine((i == 0 ? "if" : "else if") + " (s_map" + i + "Pattern.IsMatch(current))");
            }

            w.OpenBlock();
            w.WriteLine("slot = " + (tailSlot + i) + ";");
            if (map.ValueType.Kind != TypeRefKind.Json)
            {
                w.WriteLine("if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)");
                w.OpenBlock();
                w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.Error(\"null is not allowed here.\");");
                w.CloseBlock();
                w.WriteLine();
            }

            collectionFields.TryGetValue(MapValueKey(i), out var valueField);
            w.WriteLine("var item = " + ValueRead(ns, map.ValueType, valueField) + ";");
            w.WriteLine("(m" + i + " ??= new()).Add(new(current, item));");
            w.CloseBlock();
        }

        var catchAll = maps.Any(m => m.Pattern is null);
        if (!catchAll)
        {
            if (maps.Count > 0)
            {
                w.WriteLine("else");
                w.OpenBlock();
            }

            w.WriteLine("slot = " + (tailSlot + maps.Count) + ";");
            w.WriteLine("(extension ??= new()).Add(new(current, global::System.Text.Json.JsonElement.ParseValue(ref reader)));");
            if (maps.Count > 0)
            {
                w.CloseBlock();
            }
        }

        if (!first)
        {
            w.CloseBlock();
        }

        w.WriteLine();
        w.WriteLine("// Record the member order only when it differs from the default write order.");
        w.WriteLine("if (order is not null)");
        w.OpenBlock();
        w.WriteLine("order.Add(current);");
        w.CloseBlock();
        w.WriteLine("else if (slot < lastSlot)");
        w.OpenBlock();
        w.WriteLine("order = new global::System.Collections.Generic.List<string>();");
        for (var k = 0; k < knownNames.Count; k++)
        {
            var index = k - offset;
            var seen = index < 0 ? "hasD" : "has" + index;
            w.WriteLine("if (" + seen + " && " + k + " != slot) { order.Add(s_knownNames[" + k + "]); }");
        }

        // The current member was already added to its map or to the extension data (last): it goes last here too.
        for (var i = 0; i < maps.Count; i++)
        {
            w.WriteLine("if (m" + i + " is not null) { for (var k = 0; k < m" + i + ".Count - (slot == " + (tailSlot + i) + " ? 1 : 0); k++) { order.Add(m" + i + "[k].Key); } }");
        }

        w.WriteLine("if (extension is not null) { for (var k = 0; k < extension.Count - (slot == " + (tailSlot + maps.Count) + " ? 1 : 0); k++) { order.Add(extension[k].Key); } }");
        w.WriteLine("order.Add(current);");
        w.CloseBlock();
        w.WriteLine("else");
        w.OpenBlock();
        w.WriteLine("lastSlot = slot;");
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine("catch (global::System.Exception ex) when (ex is global::System.Text.Json.JsonException or global::System.InvalidOperationException or global::System.FormatException or global::System.OverflowException or global::System.ArgumentException or global::System.Text.RegularExpressions.RegexMatchTimeoutException)");
        w.OpenBlock();
        w.WriteLine("if (current is null)");
        w.OpenBlock();
        w.WriteLine("throw ex as global::System.Text.Json.JsonException ?? " + CodeText.Serialization + ".JsonReadPath.Error(ex.Message);");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.Prepend(ex, current);");
        w.CloseBlock();
        w.WriteLine();

        foreach (var (p, i) in props.Select((p, i) => (p, i)).Where(x => x.p.Required))
        {
            w.WriteLine("if (!has" + i + ")");
            w.OpenBlock();
            w.WriteLine("throw " + CodeText.Serialization + ".JsonReadPath.MissingRequired(" + CodeText.Literal(p.JsonName) + ");");
            w.CloseBlock();
            w.WriteLine();
        }

        w.WriteLine("return new " + full);
        w.OpenBlock();
        if (role == Role.Unknown)
        {
            w.WriteLine(unknownDiscriminatorClr + " = discriminator,");
        }

        for (var i = 0; i < props.Count; i++)
        {
            var p = props[i];
            var value = "v" + i + (p.Required && !p.Nullable ? "!" : "");
            if (p.Required && !p.Nullable && p.Type.IsValueType)
            {
                value = "v" + i + ".GetValueOrDefault()";
            }

            w.WriteLine(p.ClrName + " = " + value + ",");
        }

        for (var i = 0; i < maps.Count; i++)
        {
            w.WriteLine(maps[i].ClrName + " = m" + i + " is null ? null : " + CodeText.ConcreteTypeName(ns, TypeRef.MapOf(maps[i].ValueType, false)) + ".From(m" + i + "),");
        }

        w.WriteLine("ExtensionData = " + CodeText.Serialization + ".JsonExtensionData.Create(extension),");
        w.WriteLine("JsonMemberOrder = order?.ToArray(),");
        w.CloseBlock(";");
        w.CloseBlock();
        w.WriteLine();
    }

    private static string ValueWrite(string ns, TypeRef type, string expression, string? collectionField) => type.Kind switch
    {
        TypeRefKind.String => "writer.WriteStringValue(" + expression + ");",
        TypeRefKind.Integer or TypeRefKind.Number => "writer.WriteNumberValue(" + expression + ");",
        TypeRefKind.Boolean => "writer.WriteBooleanValue(" + expression + ");",
        TypeRefKind.Json => expression + ".WriteTo(writer);",
        TypeRefKind.List or TypeRefKind.Map => collectionField + ".Write(writer, " + CodeText.ConcreteTypeName(ns, type) + ".From(" + expression + ")!, options);",
        _ => CodeText.Converter(ns, type) + ".Write(writer, " + expression + ", options);",
    };

    private static void EmitWrite(SourceWriter w, string ns, RecordSpec spec, Role role, string full, string? discriminatorJson, string? unknownDiscriminatorClr, Dictionary<string, string> collectionFields)
    {
        var props = spec.Properties;
        var maps = spec.PatternMaps;

        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override void Write(global::System.Text.Json.Utf8JsonWriter writer, " + full + " value, global::System.Text.Json.JsonSerializerOptions options)");
        w.OpenBlock();
        w.WriteLine("writer.WriteStartObject();");
        w.WriteLine("if (value.JsonMemberOrder is { } order)");
        w.OpenBlock();
        w.WriteLine("var written = new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.Ordinal);");
        w.WriteLine("foreach (var name in order)");
        w.OpenBlock();
        w.WriteLine("if (written.Add(name))");
        w.OpenBlock();
        w.WriteLine("WriteMember(writer, value, name, options);");
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("WriteMembers(writer, value, options, written);");
        w.CloseBlock();
        w.WriteLine("else");
        w.OpenBlock();
        w.WriteLine("WriteMembers(writer, value, options, null);");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("writer.WriteEndObject();");
        w.CloseBlock();
        w.WriteLine();

        // Whether an extension member is hidden by a declared member that now has a value (an explicit null read earlier, then set).
        w.WriteLine("private static bool IsShadowed(" + full + " value, string name) => name switch");
        w.OpenBlock();
        if (role == Role.Case)
        {
            w.WriteLine(CodeText.Literal(discriminatorJson!) + " => true,");
        }
        else if (role == Role.Unknown)
        {
            w.WriteLine(CodeText.Literal(discriminatorJson!) + " => value." + unknownDiscriminatorClr + " is not null,");
        }

        foreach (var p in props)
        {
            w.WriteLine(CodeText.Literal(p.JsonName) + " => " + (AlwaysSet(p) ? "true" : "value." + p.ClrName + " is not null") + ",");
        }

        w.WriteLine("_ => false,");
        w.CloseBlock(";");
        w.WriteLine();

        // One member by name (the ordered path).
        w.WriteLine("private static void WriteMember(global::System.Text.Json.Utf8JsonWriter writer, " + full + " value, string name, global::System.Text.Json.JsonSerializerOptions options)");
        w.OpenBlock();
        var hasCases = discriminatorJson is not null || props.Count > 0;
        if (hasCases)
        {
            w.WriteLine("switch (name)");
            w.OpenBlock();
        }

        if (discriminatorJson is not null)
        {
            var expression = role == Role.Case ? "value." + spec.Discriminator!.ClrName : "value." + unknownDiscriminatorClr;
            w.WriteLine("case " + CodeText.Literal(discriminatorJson) + " when " + expression + " is { } d:");
            w.Indent();
            w.WriteLine("writer.WriteString(" + CodeText.Utf8(discriminatorJson) + ", d);");
            w.WriteLine("return;");
            w.Unindent();
        }

        foreach (var p in props)
        {
            collectionFields.TryGetValue(p.JsonName, out var field);
            w.WriteLine("case " + CodeText.Literal(p.JsonName) + " when value." + p.ClrName + " is { } " + "p:");
            w.Indent();
            w.WriteLine("writer.WritePropertyName(" + CodeText.Utf8(p.JsonName) + ");");
            w.WriteLine(ValueWrite(ns, p.Type, "p", field));
            w.WriteLine("return;");
            w.Unindent();
        }

        if (hasCases)
        {
            w.CloseBlock();
            w.WriteLine();
        }

        for (var i = 0; i < maps.Count; i++)
        {
            w.WriteLine("if (value." + maps[i].ClrName + " is { } map" + i + " && map" + i + ".TryGetValue(name, out var item" + i + "))");
            w.OpenBlock();
            w.WriteLine("writer.WritePropertyName(name);");
            collectionFields.TryGetValue(MapValueKey(i), out var valueField);
            w.WriteLine(ValueWrite(ns, maps[i].ValueType, "item" + i, valueField));
            w.WriteLine("return;");
            w.CloseBlock();
            w.WriteLine();
        }

        w.WriteLine("if (!IsShadowed(value, name))");
        w.OpenBlock();
        w.WriteLine("value.ExtensionData.WriteMember(writer, name);");
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine();

        // Every member not yet written, in the default order.
        w.WriteLine("private static void WriteMembers(global::System.Text.Json.Utf8JsonWriter writer, " + full + " value, global::System.Text.Json.JsonSerializerOptions options, global::System.Collections.Generic.HashSet<string>? written)");
        w.OpenBlock();
        if (discriminatorJson is not null)
        {
            var expression = role == Role.Case ? "value." + spec.Discriminator!.ClrName : "value." + unknownDiscriminatorClr;
            w.WriteLine("if (" + expression + " is { } d && (written is null || !written.Contains(" + CodeText.Literal(discriminatorJson) + ")))");
            w.OpenBlock();
            w.WriteLine("writer.WriteString(" + CodeText.Utf8(discriminatorJson) + ", d);");
            w.CloseBlock();
            w.WriteLine();
        }

        foreach (var p in props)
        {
            collectionFields.TryGetValue(p.JsonName, out var field);
            w.WriteLine("if (value." + p.ClrName + " is { } " + "v" + p.ClrName.TrimStart('@') + " && (written is null || !written.Contains(" + CodeText.Literal(p.JsonName) + ")))");
            w.OpenBlock();
            w.WriteLine("writer.WritePropertyName(" + CodeText.Utf8(p.JsonName) + ");");
            w.WriteLine(ValueWrite(ns, p.Type, "v" + p.ClrName.TrimStart('@'), field));
            w.CloseBlock();
            w.WriteLine();
        }

        for (var i = 0; i < maps.Count; i++)
        {
            w.WriteLine("if (value." + maps[i].ClrName + " is { } map" + i + ")");
            w.OpenBlock();
            w.WriteLine("foreach (var pair in map" + i + ")");
            w.OpenBlock();
            w.WriteLine("if (written is null || !written.Contains(pair.Key))");
            w.OpenBlock();
            w.WriteLine("writer.WritePropertyName(pair.Key);");
            collectionFields.TryGetValue(MapValueKey(i), out var valueField);
            w.WriteLine(ValueWrite(ns, maps[i].ValueType, "pair.Value", valueField));
            w.CloseBlock();
            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
        }

        w.WriteLine("if (value.ExtensionData.Count > 0)");
        w.OpenBlock();
        w.WriteLine("value.ExtensionData.WriteTo(writer, (value, written), static (state, name) =>");
        w.Indent();
        w.WriteLine("(state.written is not null && state.written.Contains(name)) || IsShadowed(state.value, name));");
        w.Unindent();
        w.CloseBlock();
        w.CloseBlock();
    }
}
