using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// The members of a generated record whose names match a <c>patternProperties</c> regex (or any name not declared, for
/// a typed <c>additionalProperties</c>), kept in a read-only map field. Made by the <c>PatternMap</c> factory of
/// <see cref="JsonRecordConverter{TRecord}"/>.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonPatternMap<TRecord>
    where TRecord : class
{
    private readonly Regex? _pattern;

    private protected JsonPatternMap(Regex? pattern, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        _pattern = pattern;
        Label = label;
    }

    /// <summary>Gets the C# name <c>ToString()</c> prints.</summary>
    internal string Label { get; }

    /// <summary>Whether a member that no declared member took belongs to this map (unanchored, as draft-04 says).</summary>
    internal bool Matches(string name) => _pattern is null || _pattern.IsMatch(name);

    /// <summary>Reads the value the reader is on into <paramref name="entries"/>, created on the first entry.</summary>
    internal abstract void ReadEntry(ref Utf8JsonReader reader, string name, ref object? entries, JsonSerializerOptions options);

    /// <summary>Stores the entries read (none: null) in the record.</summary>
    internal abstract void Complete(TRecord record, object? entries);

    /// <summary>Adds the names read so far, but the last <paramref name="skipLast"/>, to a member order.</summary>
    internal abstract void AddNames(object? entries, List<string> order, int skipLast);

    /// <summary>Writes the entry of this name, when the map has it.</summary>
    internal abstract bool TryWriteEntry(Utf8JsonWriter writer, TRecord record, string name, JsonSerializerOptions options);

    /// <summary>Writes every entry not in <paramref name="written"/>.</summary>
    internal abstract void WriteEntries(Utf8JsonWriter writer, TRecord record, HashSet<string>? written, JsonSerializerOptions options);

    internal abstract bool ValueEquals(TRecord x, TRecord y);

    internal abstract int ValueHashCode(TRecord record);

    internal abstract void PrintValue(TRecord record, StringBuilder builder);
}

/// <summary>A pattern map with values of one type.</summary>
internal sealed class JsonPatternMap<TRecord, TValue> : JsonPatternMap<TRecord>
    where TRecord : class
{
    private readonly JsonFieldAccessor<TRecord, ReadOnlyJsonMap<TValue>?> _field;
    private readonly JsonConverter<TValue> _converter;

    public JsonPatternMap(Regex? pattern, string label, JsonFieldAccessor<TRecord, ReadOnlyJsonMap<TValue>?> field, JsonConverter<TValue> converter)
        : base(pattern, label)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(converter);
        _field = field;
        _converter = converter;
    }

    internal override void ReadEntry(ref Utf8JsonReader reader, string name, ref object? entries, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null && !_converter.HandleNull)
        {
            throw JsonReadPath.Error("null is not allowed here.");
        }

        TValue value = _converter.Read(ref reader, typeof(TValue), options)!;
        ((List<KeyValuePair<string, TValue>>)(entries ??= new List<KeyValuePair<string, TValue>>())).Add(new(name, value));
    }

    internal override void Complete(TRecord record, object? entries)
    {
        if (entries is List<KeyValuePair<string, TValue>> list)
        {
            _field(record) = ReadOnlyJsonMap<TValue>.From(list);
        }
    }

    internal override void AddNames(object? entries, List<string> order, int skipLast)
    {
        if (entries is List<KeyValuePair<string, TValue>> list)
        {
            for (int i = 0; i < list.Count - skipLast; i++)
            {
                order.Add(list[i].Key);
            }
        }
    }

    internal override bool TryWriteEntry(Utf8JsonWriter writer, TRecord record, string name, JsonSerializerOptions options)
    {
        if (_field(record) is not { } map || !map.TryGetValue(name, out TValue? value))
        {
            return false;
        }

        writer.WritePropertyName(name);
        _converter.Write(writer, value, options);
        return true;
    }

    internal override void WriteEntries(Utf8JsonWriter writer, TRecord record, HashSet<string>? written, JsonSerializerOptions options)
    {
        if (_field(record) is not { } map)
        {
            return;
        }

        foreach (KeyValuePair<string, TValue> entry in map.Entries)
        {
            if (written is null || !written.Contains(entry.Key))
            {
                writer.WritePropertyName(entry.Key);
                _converter.Write(writer, entry.Value, options);
            }
        }
    }

    internal override bool ValueEquals(TRecord x, TRecord y) => JsonValueEquality.MapEqual(_field(x), _field(y));

    internal override int ValueHashCode(TRecord record) => JsonValueEquality.MapHash(_field(record));

    internal override void PrintValue(TRecord record, StringBuilder builder) => builder.Append((object?)_field(record));
}
