using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// One JSON member a schema declares, in a generated record's member table: its name, how its value is read, written,
/// compared and printed. Made by the <c>Member</c> factories of <see cref="JsonRecordConverter{TRecord}"/>.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonRecordMember<TRecord>
    where TRecord : class
{
    private readonly JsonEncodedText? _encodedName;

    private protected JsonRecordMember(string name, string label, bool required, bool secret)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(label);
        Name = name;
        Label = label;
        Required = required;
        Secret = secret || SecretMemberNames.IsSecret(name);
        Utf8Name = Encoding.UTF8.GetBytes(name);

        // Pre-encoded only when no encoder would escape the name; otherwise the writer's own encoder decides, as for any name.
        JsonEncodedText encoded = JsonEncodedText.Encode(name, JavaScriptEncoder.Default);
        _encodedName = encoded.Value == name ? encoded : null;
    }

    /// <summary>Gets the JSON name.</summary>
    public string Name { get; }

    /// <summary>Gets the C# name <c>ToString()</c> prints.</summary>
    internal string Label { get; }

    /// <summary>Gets whether a JSON object without the member does not deserialize.</summary>
    internal bool Required { get; }

    /// <summary>
    /// Gets whether <c>ToString()</c> masks the value whole: the member is flagged secret, or its name is
    /// (<see cref="SecretMask.IsSecretName"/>), whatever the value's shape.
    /// </summary>
    internal bool Secret { get; }

    /// <summary>Gets the JSON name as UTF-8, to compare with the reader's property names.</summary>
    internal byte[] Utf8Name { get; }

    /// <summary>Gets whether the value takes part in equality (a union case's constant discriminator does not).</summary>
    internal virtual bool Compared => true;

    /// <summary>
    /// Reads the value the reader is on into the record. Returns <see langword="false"/>, without reading, for a value the
    /// record keeps in its extension data instead: an explicit JSON null (absent and null differ to Kazoo) and, for
    /// lenient members, a value of another kind.
    /// </summary>
    internal abstract bool TryRead(ref Utf8JsonReader reader, TRecord record, JsonSerializerOptions options);

    /// <summary>Gets whether the record has a value for the member (which hides an extension member of the same name).</summary>
    internal abstract bool IsSet(TRecord record);

    /// <summary>Writes the name and value when the record has a value.</summary>
    internal abstract bool TryWrite(Utf8JsonWriter writer, TRecord record, JsonSerializerOptions options);

    internal abstract bool ValueEquals(TRecord x, TRecord y);

    internal abstract int ValueHashCode(TRecord record);

    /// <summary>Appends the value for <c>ToString()</c>, masked by <see cref="SecretMask"/>'s rule (the mask for a secret that is set).</summary>
    internal abstract void PrintValue(TRecord record, StringBuilder builder);

    private protected void WriteName(Utf8JsonWriter writer)
    {
        if (_encodedName is { } encoded)
        {
            writer.WritePropertyName(encoded);
        }
        else
        {
            writer.WritePropertyName(Utf8Name);
        }
    }
}

/// <summary>A declared member stored in a field of the record.</summary>
internal sealed class JsonFieldMember<TRecord, TValue> : JsonRecordMember<TRecord>
    where TRecord : class
{
    private readonly JsonFieldAccessor<TRecord, TValue?> _field;
    private readonly JsonConverter<TValue> _converter;
    private readonly bool _readsNull;
    private readonly JsonTokenType _onlyToken;

    // onlyToken: for a lenient member (the unknown union case's discriminator), the one token kind it reads, a value of
    // another kind being kept in the extension data; JsonTokenType.None reads any token with the converter.
    public JsonFieldMember(string name, string label, JsonFieldAccessor<TRecord, TValue?> field, JsonConverter<TValue> converter, bool required, bool secret, JsonTokenType onlyToken = JsonTokenType.None)
        : base(name, label, required, secret)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(converter);
        _field = field;
        _converter = converter;
        _readsNull = converter.HandleNull; // only JSON values read null as a value; for the others it is not one
        _onlyToken = onlyToken;
    }

    internal override bool TryRead(ref Utf8JsonReader reader, TRecord record, JsonSerializerOptions options)
    {
        if ((reader.TokenType == JsonTokenType.Null && !_readsNull) || (_onlyToken != JsonTokenType.None && reader.TokenType != _onlyToken))
        {
            if (_onlyToken == JsonTokenType.None)
            {
                _field(record) = default;
            }

            return false;
        }

        _field(record) = _converter.Read(ref reader, typeof(TValue), options);
        return true;
    }

    internal override bool IsSet(TRecord record) => !JsonConverterSupport.IsNullValue(_field(record));

    internal override bool TryWrite(Utf8JsonWriter writer, TRecord record, JsonSerializerOptions options)
    {
        TValue? value = _field(record);
        if (JsonConverterSupport.IsNullValue(value))
        {
            return false;
        }

        WriteName(writer);
        _converter.Write(writer, value!, options);
        return true;
    }

    internal override bool ValueEquals(TRecord x, TRecord y) => JsonValueEquality.Equals(_field(x), _field(y));

    internal override int ValueHashCode(TRecord record) => JsonValueEquality.GetHashCode(_field(record));

    internal override void PrintValue(TRecord record, StringBuilder builder) => JsonDisplay.AppendMember(builder, _field(record), Secret);
}

/// <summary>A union case's discriminator: always the case's own value, which the JSON must hold.</summary>
internal sealed class JsonConstantMember<TRecord> : JsonRecordMember<TRecord>
    where TRecord : class
{
    private readonly string _value;
    private readonly byte[] _utf8Value;
    private readonly string _mismatch;

    public JsonConstantMember(string name, string label, string value)
        : base(name, label, required: false, secret: false)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
        _utf8Value = Encoding.UTF8.GetBytes(value);
        _mismatch = "Expected the value '" + value + "' for this case.";
    }

    internal override bool Compared => false;

    internal override bool TryRead(ref Utf8JsonReader reader, TRecord record, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(_utf8Value))
        {
            throw JsonReadPath.Error(_mismatch);
        }

        return true;
    }

    internal override bool IsSet(TRecord record) => true;

    internal override bool TryWrite(Utf8JsonWriter writer, TRecord record, JsonSerializerOptions options)
    {
        WriteName(writer);
        writer.WriteStringValue(_value);
        return true;
    }

    internal override bool ValueEquals(TRecord x, TRecord y) => true;

    internal override int ValueHashCode(TRecord record) => 0;

    internal override void PrintValue(TRecord record, StringBuilder builder) => builder.Append(_value);
}
