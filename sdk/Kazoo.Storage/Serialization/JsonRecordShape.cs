using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// A generated record's member table: how to create an empty record, its declared members in their default write order
/// (a union case's discriminator first), its pattern maps, and the fields that keep its extension data and the member
/// order as read. <see cref="JsonRecordConverter{TRecord}"/> reads and writes JSON with it; the record's equality,
/// hash code and <c>ToString()</c> are computed from it.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonRecordShape<TRecord>
    where TRecord : class
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates the table.</summary>
    /// <param name="create">Creates a record with no member set (required ones included), for the reader to fill.</param>
    /// <param name="extensionData">The field of the members the schema does not declare.</param>
    /// <param name="memberOrder">The field of the member order as read, when it differs from the default write order.</param>
    /// <param name="members">The declared members, in the default write order.</param>
    /// <param name="patternMaps">The pattern maps, in the order their patterns are tried; a catch-all map comes last.</param>
    public JsonRecordShape(
        Func<TRecord> create,
        JsonFieldAccessor<TRecord, JsonExtensionData> extensionData,
        JsonFieldAccessor<TRecord, string[]?> memberOrder,
        JsonRecordMember<TRecord>[] members,
        JsonPatternMap<TRecord>[]? patternMaps = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(extensionData);
        ArgumentNullException.ThrowIfNull(memberOrder);
        ArgumentNullException.ThrowIfNull(members);
        Create = create;
        ExtensionData = extensionData;
        MemberOrder = memberOrder;
        Members = members;
        PatternMaps = patternMaps ?? [];
        _indexByName = new Dictionary<string, int>(members.Length, StringComparer.Ordinal);
        for (int i = 0; i < members.Length; i++)
        {
            _indexByName.Add(members[i].Name, i);
        }
    }

    /// <summary>A declared member of a reference type, or of a value type that is always set.</summary>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The JSON name.</param>
    /// <param name="label">The C# name <c>ToString()</c> prints.</param>
    /// <param name="field">The field that holds the value.</param>
    /// <param name="converter">The value's converter (never given JSON null unless it handles null).</param>
    /// <param name="required">Whether JSON without the member does not deserialize.</param>
    /// <param name="secret">Whether <c>ToString()</c> masks the value.</param>
    /// <returns>The member.</returns>
    public static JsonRecordMember<TRecord> Member<TValue>(string name, string label, JsonFieldAccessor<TRecord, TValue?> field, JsonConverter<TValue> converter, bool required = false, bool secret = false) =>
        new JsonFieldMember<TRecord, TValue>(name, label, field, converter, required, secret);

    /// <summary>A declared member of a nullable value type (<c>long?</c>, <c>bool?</c>, an enum, <c>JsonElement?</c>).</summary>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The JSON name.</param>
    /// <param name="label">The C# name <c>ToString()</c> prints.</param>
    /// <param name="field">The field that holds the value.</param>
    /// <param name="converter">The value type's converter.</param>
    /// <param name="required">Whether JSON without the member does not deserialize.</param>
    /// <param name="secret">Whether <c>ToString()</c> masks the value.</param>
    /// <returns>The member.</returns>
    public static JsonRecordMember<TRecord> NullableMember<TValue>(string name, string label, JsonFieldAccessor<TRecord, TValue?> field, JsonConverter<TValue> converter, bool required = false, bool secret = false)
        where TValue : struct =>
        new JsonFieldMember<TRecord, TValue?>(name, label, field, new JsonNullableValueConverter<TValue>(converter), required, secret);

    /// <summary>A union case's discriminator: always <paramref name="value"/>, which the JSON must hold.</summary>
    /// <param name="name">The JSON name.</param>
    /// <param name="label">The C# name <c>ToString()</c> prints.</param>
    /// <param name="value">The case's value.</param>
    /// <returns>The member.</returns>
    public static JsonRecordMember<TRecord> CaseDiscriminator(string name, string label, string value) =>
        new JsonConstantMember<TRecord>(name, label, value);

    /// <summary>The unknown union case's discriminator: a string as received; a value of another kind stays in the extension data.</summary>
    /// <param name="name">The JSON name.</param>
    /// <param name="label">The C# name <c>ToString()</c> prints.</param>
    /// <param name="field">The field that holds the value.</param>
    /// <returns>The member.</returns>
    public static JsonRecordMember<TRecord> UnknownDiscriminator(string name, string label, JsonFieldAccessor<TRecord, string?> field) =>
        new JsonFieldMember<TRecord, string>(name, label, field, JsonStringConverter.Instance, required: false, secret: false, onlyToken: JsonTokenType.String);

    /// <summary>The members whose names match <paramref name="pattern"/> (any name not declared, when null).</summary>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="pattern">The <c>patternProperties</c> regex, or <see langword="null"/> for a typed <c>additionalProperties</c>.</param>
    /// <param name="label">The C# name <c>ToString()</c> prints.</param>
    /// <param name="field">The field that holds the map.</param>
    /// <param name="converter">The values' converter.</param>
    /// <returns>The pattern map.</returns>
    public static JsonPatternMap<TRecord> PatternMap<TValue>(string? pattern, string label, JsonFieldAccessor<TRecord, ReadOnlyJsonMap<TValue>?> field, JsonConverter<TValue> converter) =>
        new JsonPatternMap<TRecord, TValue>(pattern is null ? null : Validation.SchemaRegex.Create(pattern), label, field, converter);

    internal Func<TRecord> Create { get; }

    internal JsonFieldAccessor<TRecord, JsonExtensionData> ExtensionData { get; }

    internal JsonFieldAccessor<TRecord, string[]?> MemberOrder { get; }

    internal JsonRecordMember<TRecord>[] Members { get; }

    internal JsonPatternMap<TRecord>[] PatternMaps { get; }

    /// <summary>Value equality over every member, pattern map and the extension data; member order does not count.</summary>
    /// <param name="x">A record.</param>
    /// <param name="y">Another record, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool MembersEqual(TRecord x, TRecord? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (y is null)
        {
            return false;
        }

        foreach (JsonRecordMember<TRecord> member in Members)
        {
            if (!member.ValueEquals(x, y))
            {
                return false;
            }
        }

        foreach (JsonPatternMap<TRecord> map in PatternMaps)
        {
            if (!map.ValueEquals(x, y))
            {
                return false;
            }
        }

        return ExtensionData(x).Equals(ExtensionData(y));
    }

    /// <summary>A hash code consistent with <see cref="MembersEqual"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The hash code.</returns>
    public int MembersHashCode(TRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var hash = default(HashCode);
        foreach (JsonRecordMember<TRecord> member in Members)
        {
            if (member.Compared)
            {
                hash.Add(member.ValueHashCode(record));
            }
        }

        foreach (JsonPatternMap<TRecord> map in PatternMaps)
        {
            hash.Add(map.ValueHashCode(record));
        }

        hash.Add(ExtensionData(record).GetHashCode());
        return hash.ToHashCode();
    }

    /// <summary>Prints the members for a record's <c>ToString()</c>, masked by <see cref="SecretMask"/>'s rule, extension data included.</summary>
    /// <param name="record">The record.</param>
    /// <param name="builder">Where to print.</param>
    /// <returns><see langword="true"/>, as a record's <c>PrintMembers</c> does.</returns>
    public bool PrintMembers(TRecord record, StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(builder);
        foreach (JsonRecordMember<TRecord> member in Members)
        {
            builder.Append(member.Label).Append(" = ");
            member.PrintValue(record, builder);
            builder.Append(", ");
        }

        foreach (JsonPatternMap<TRecord> map in PatternMaps)
        {
            builder.Append(map.Label).Append(" = ");
            map.PrintValue(record, builder);
            builder.Append(", ");
        }

        builder.Append("ExtensionData = ").Append(ExtensionData(record));
        return true;
    }

    /// <summary>The declared member with the reader's property name, or -1; tries <paramref name="expected"/> first.</summary>
    internal int IndexOf(ref Utf8JsonReader reader, int expected)
    {
        JsonRecordMember<TRecord>[] members = Members;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            ReadOnlySpan<byte> name = reader.ValueSpan;
            if ((uint)expected < (uint)members.Length && name.SequenceEqual(members[expected].Utf8Name))
            {
                return expected;
            }

            for (int i = 0; i < members.Length; i++)
            {
                if (name.SequenceEqual(members[i].Utf8Name))
                {
                    return i;
                }
            }

            return -1;
        }

        for (int i = 0; i < members.Length; i++)
        {
            if (reader.ValueTextEquals(members[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The declared member with this JSON name, or -1.</summary>
    internal int IndexOf(string name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    /// <summary>Whether an extension member of this name is hidden by a declared member that has a value.</summary>
    internal bool IsShadowed(TRecord record, string name) => IndexOf(name) is var index and >= 0 && Members[index].IsSet(record);
}
