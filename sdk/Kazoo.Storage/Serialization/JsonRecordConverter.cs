using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Reads and writes a generated record with its member table (<see cref="JsonRecordShape{TRecord}"/>), without
/// reflection. Every JSON member is kept: declared ones in the record's fields, pattern members in its maps, the rest
/// (unknown keys, <c>_sig</c>, <c>pvt_*</c>, explicit nulls) in its extension data; and the member order is kept when it
/// differs from the default write order, because Kazoo signs attachment entries (<c>_sig</c>) over their JSON as ordered.
/// </summary>
/// <remarks>
/// Reading:
/// <list type="number">
/// <item>Each property name is looked up among the declared members (the one after the last found first: JSON usually
/// comes in write order), then the pattern maps in order; a member nothing takes goes to the extension data.</item>
/// <item>A name the object already had is skipped, value and all: Kazoo reads a name's first occurrence (so do the
/// validators), at every depth, free-form values included (<see cref="JsonRepeatedMembers"/>).</item>
/// <item>A declared member's explicit null goes to the extension data (and unsets the member), so it is written back.</item>
/// <item>Each member has a slot: declared members by index, then the pattern maps, then the extension data. While slots
/// only grow, the input is in write order and no order is kept; the first step back starts the order, with the members
/// read so far in write order and the current one last.</item>
/// <item>An error names the member being read (<see cref="JsonReadPath"/>); a missing required member is an error.</item>
/// </list>
/// Writing follows the kept order, if any, then writes what it did not name in the default order: declared members that
/// have a value, pattern map entries, then extension members not hidden by a declared member that has a value.
/// </remarks>
/// <typeparam name="TRecord">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonRecordConverter<TRecord> : JsonConverter<TRecord>, IJsonTypeInfoSource
    where TRecord : class, IJsonRecord<TRecord>
{
    private JsonRecordConverter()
    {
    }

    /// <summary>Gets the shared instance.</summary>
    public static JsonRecordConverter<TRecord> Instance { get; } = new();

    /// <inheritdoc/>
    public JsonTypeInfo CreateTypeInfo(JsonSerializerOptions options) => JsonMetadataServices.CreateValueInfo<TRecord>(options, this);

    private JsonRecordShape<TRecord>? _shape;

    /// <summary>Gets the member table (made on first use, so that converters of types that refer to each other can be created in any order).</summary>
    public JsonRecordShape<TRecord> Shape => _shape ?? Interlocked.CompareExchange(ref _shape, TRecord.CreateShape(), null) ?? _shape;

    /// <inheritdoc/>
    public override TRecord Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.StartObject, reader.TokenType);
        }

        JsonRecordShape<TRecord> shape = Shape;
        JsonRecordMember<TRecord>[] members = shape.Members;
        JsonPatternMap<TRecord>[] maps = shape.PatternMaps;
        int extensionSlot = members.Length + maps.Length;
        TRecord record = shape.Create();
        Span<bool> has = members.Length <= 64 ? stackalloc bool[members.Length] : new bool[members.Length];
        Span<bool> seen = members.Length <= 64 ? stackalloc bool[members.Length] : new bool[members.Length];
        UndeclaredNames undeclared = default;
        object?[]? entries = null;
        List<KeyValuePair<string, JsonElement>>? extension = null;
        List<string>? order = null;
        int lastSlot = -1;
        string? current = null;
        try
        {
            while (true)
            {
                if (!reader.Read())
                {
                    throw JsonReadPath.Error("The JSON object ends before its closing brace.");
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                int slot = shape.IndexOf(ref reader, lastSlot + 1);
                if (slot >= 0)
                {
                    current = members[slot].Name;
                    reader.Read();
                    if (seen[slot])
                    {
                        reader.Skip(); // a repeat: Kazoo reads a name's first occurrence, and so do the validators
                        continue;
                    }

                    seen[slot] = true;
                    has[slot] = members[slot].TryRead(ref reader, record, options);
                    if (!has[slot])
                    {
                        AddExtension(ref extension, current, ref reader);
                        slot = extensionSlot;
                    }
                }
                else
                {
                    current = reader.GetString()!;
                    reader.Read();
                    if (!undeclared.Add(current))
                    {
                        reader.Skip();
                        continue;
                    }

                    slot = extensionSlot;
                    for (int i = 0; i < maps.Length; i++)
                    {
                        if (maps[i].Matches(current))
                        {
                            maps[i].ReadEntry(ref reader, current, ref (entries ??= new object?[maps.Length])[i], options);
                            slot = members.Length + i;
                            break;
                        }
                    }

                    if (slot == extensionSlot)
                    {
                        AddExtension(ref extension, current, ref reader);
                    }
                }

                if (order is not null)
                {
                    order.Add(current);
                }
                else if (slot < lastSlot)
                {
                    order = StartOrder(shape, has, slot, entries, extension);
                    order.Add(current);
                }
                else
                {
                    lastSlot = slot;
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or RegexMatchTimeoutException)
        {
            if (current is null)
            {
                throw error as JsonException ?? JsonReadPath.Error(error.Message);
            }

            throw JsonReadPath.Prepend(error, current);
        }

        for (int i = 0; i < members.Length; i++)
        {
            if (members[i].Required && !has[i])
            {
                throw JsonReadPath.MissingRequired(members[i].Name);
            }
        }

        for (int i = 0; i < maps.Length; i++)
        {
            maps[i].Complete(record, entries?[i]);
        }

        shape.ExtensionData(record) = JsonExtensionData.Create(extension);
        shape.MemberOrder(record) = order?.ToArray();
        return record;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TRecord value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        JsonRecordShape<TRecord> shape = Shape;
        writer.WriteStartObject();
        HashSet<string>? written = null;
        if (shape.MemberOrder(value) is { } order)
        {
            written = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in order)
            {
                if (written.Add(name))
                {
                    WriteMember(shape, writer, value, name, options);
                }
            }
        }

        foreach (JsonRecordMember<TRecord> member in shape.Members)
        {
            if (written is null || !written.Contains(member.Name))
            {
                member.TryWrite(writer, value, options);
            }
        }

        foreach (JsonPatternMap<TRecord> map in shape.PatternMaps)
        {
            map.WriteEntries(writer, value, written, options);
        }

        JsonExtensionData extensionData = shape.ExtensionData(value);
        if (extensionData.Count > 0)
        {
            extensionData.WriteTo(writer, (shape, value, written), static (state, name) =>
                (state.written is not null && state.written.Contains(name)) || state.shape.IsShadowed(state.value, name));
        }

        writer.WriteEndObject();
    }

    private static List<string> StartOrder(JsonRecordShape<TRecord> shape, ReadOnlySpan<bool> has, int slot, object?[]? entries, List<KeyValuePair<string, JsonElement>>? extension)
    {
        // The current member was already stored in its map or in the extension data (last): it goes last here too.
        var order = new List<string>();
        JsonRecordMember<TRecord>[] members = shape.Members;
        for (int i = 0; i < members.Length; i++)
        {
            if (has[i] && i != slot)
            {
                order.Add(members[i].Name);
            }
        }

        for (int i = 0; i < shape.PatternMaps.Length; i++)
        {
            shape.PatternMaps[i].AddNames(entries?[i], order, slot == members.Length + i ? 1 : 0);
        }

        if (extension is not null)
        {
            int skip = slot == members.Length + shape.PatternMaps.Length ? 1 : 0;
            for (int i = 0; i < extension.Count - skip; i++)
            {
                order.Add(extension[i].Key);
            }
        }

        return order;
    }

    /// <summary>Reads a member no declared member or pattern took into the extension data, as a detached value.</summary>
    private static void AddExtension(ref List<KeyValuePair<string, JsonElement>>? extension, string name, ref Utf8JsonReader reader) =>
        // Room for one at first: most such objects have one (a backend's _sig).
        (extension ??= new(1)).Add(new(name, JsonRepeatedMembers.FirstOccurrences(JsonElement.ParseValue(ref reader))));

    /// <summary>
    /// The member names of one object that no declared member took, to tell a repeat. The first few are kept on the stack
    /// and compared one by one (objects have few such members: a storage backend has only its <c>_sig</c>, and reading
    /// one costs no allocation); past that a hash set takes over.
    /// </summary>
    private struct UndeclaredNames
    {
        private const int Few = 8;
        private FewNames _few;
        private int _count;
        private HashSet<string>? _many;

        /// <summary>Notes a name; false when the object already had it.</summary>
        public bool Add(string name)
        {
            if (_many is not null)
            {
                return _many.Add(name);
            }

            for (int i = 0; i < _count; i++)
            {
                if (string.Equals(_few[i], name, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            if (_count == Few)
            {
                _many = new HashSet<string>(StringComparer.Ordinal);
                foreach (string known in _few)
                {
                    _many.Add(known);
                }

                return _many.Add(name);
            }

            _few[_count++] = name;
            return true;
        }

        [InlineArray(Few)]
        private struct FewNames
        {
            private string _name;
        }
    }

    private static void WriteMember(JsonRecordShape<TRecord> shape, Utf8JsonWriter writer, TRecord value, string name, JsonSerializerOptions options)
    {
        int index = shape.IndexOf(name);
        if (index >= 0 && shape.Members[index].TryWrite(writer, value, options))
        {
            return;
        }

        foreach (JsonPatternMap<TRecord> map in shape.PatternMaps)
        {
            if (map.TryWriteEntry(writer, value, name, options))
            {
                return;
            }
        }

        if (index < 0 || !shape.Members[index].IsSet(value))
        {
            shape.ExtensionData(value).WriteMember(writer, name);
        }
    }
}
