using System.Buffers;
using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// The member names of the objects the walk is reading, so that a name an object has already had is known as a
/// repeat. Kazoo's decoder (jiffy, through kz_json) keeps every occurrence of a repeated member, and reading a key
/// gives the first, so the validator reads an object as if only the first occurrence of each name were there.
/// A stack: each object's names sit above its parent's until it ends. An object's first names are compared one by one;
/// past <see cref="LinearNames"/> of them, an open-addressing table by hash finds a name in constant time. Names are
/// compared unescaped. The arrays are pooled, so a valid document still allocates nothing once they are warm.
/// </summary>
internal struct MemberNames
{
    private const int LinearNames = 16;
    private Name[]? _names;
    private int _count;

    /// <summary>Starts the names of a new object.</summary>
    public readonly Frame Begin() => new() { Start = _count };

    /// <summary>
    /// Whether the member name at the reader is one the object has already had; if not, it is noted. The reader stays on
    /// the name.
    /// </summary>
    /// <param name="input">The document the reader reads.</param>
    /// <param name="reader">A reader on a property name.</param>
    /// <param name="frame">The object's names, from <see cref="Begin"/>.</param>
    public bool IsRepeat(ReadOnlySpan<byte> input, ref Utf8JsonReader reader, ref Frame frame)
    {
        byte[]? rented = null;
        var raw = reader.ValueSpan;
        var escaped = reader.ValueIsEscaped;
        Span<byte> buffer = escaped && raw.Length > 256 ? (rented = ArrayPool<byte>.Shared.Rent(raw.Length)) : stackalloc byte[escaped ? raw.Length : 0];
        scoped ReadOnlySpan<byte> name = escaped ? buffer[..reader.CopyString(buffer)] : raw;

        try
        {
            // An object's first names are compared as they are; names are hashed once the object has a table.
            var hash = frame.Table is null ? 0 : Hash(name);
            if (Find(input, ref frame, name, hash))
            {
                return true;
            }

            Add(input, ref frame, new Name((int)reader.TokenStartIndex, raw.Length, escaped, hash));
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Ends an object's names.</summary>
    public void End(ref Frame frame)
    {
        _count = frame.Start;
        if (frame.Table is { } table)
        {
            ArrayPool<int>.Shared.Return(table);
            frame.Table = null;
        }
    }

    /// <summary>Gives the pooled arrays back, at the end of the walk.</summary>
    public void Release()
    {
        if (_names is not null)
        {
            ArrayPool<Name>.Shared.Return(_names);
            _names = null;
        }

        _count = 0;
    }

    /// <summary>
    /// An object or array with each object's repeated members dropped, or the value itself when it has none (for the
    /// keywords that compare whole values: <c>enum</c>, <c>uniqueItems</c>; and for the records' free-form values, through
    /// <see cref="Serialization.JsonRepeatedMembers"/>).
    /// </summary>
    public static JsonElement FirstOccurrences(JsonElement value)
    {
        if (!HasRepeats(value))
        {
            return value;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteFirstOccurrences(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Whether any object in a value repeats a member name, read straight from the value's text with pooled arrays, so
    /// that the usual answer (no) costs no allocation: the deserializer asks it of every free-form value it reads.
    /// </summary>
    private static bool HasRepeats(JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return false;
        }

        var utf8 = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var names = new MemberNames();
        var frames = ArrayPool<Frame>.Shared.Rent(16);
        var open = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        if (open == frames.Length)
                        {
                            var grown = ArrayPool<Frame>.Shared.Rent(open * 2);
                            frames.AsSpan(0, open).CopyTo(grown);
                            ArrayPool<Frame>.Shared.Return(frames, clearArray: true);
                            frames = grown;
                        }

                        frames[open++] = names.Begin();
                        break;
                    case JsonTokenType.EndObject:
                        names.End(ref frames[--open]);
                        break;
                    case JsonTokenType.PropertyName when names.IsRepeat(utf8, ref reader, ref frames[open - 1]):
                        return true;
                }
            }

            return false;
        }
        finally
        {
            while (open > 0)
            {
                names.End(ref frames[--open]);
            }

            names.Release();
            ArrayPool<Frame>.Shared.Return(frames, clearArray: true);
        }
    }

    private static void WriteFirstOccurrences(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                writer.WriteStartObject();
                foreach (var member in value.EnumerateObject())
                {
                    if (names.Add(member.Name))
                    {
                        writer.WritePropertyName(member.Name);
                        WriteFirstOccurrences(writer, member.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteFirstOccurrences(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static int Hash(ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.AddBytes(name);
        return hash.ToHashCode();
    }

    private readonly bool Find(ReadOnlySpan<byte> input, ref Frame frame, ReadOnlySpan<byte> name, int hash)
    {
        if (frame.Table is { } table)
        {
            var mask = table.Length - 1;
            for (var slot = hash & mask; table[slot] != 0; slot = (slot + 1) & mask)
            {
                var index = table[slot] - 1;
                if (_names![index].Hash == hash && Same(input, _names[index], name))
                {
                    return true;
                }
            }

            return false;
        }

        for (var i = frame.Start; i < _count; i++)
        {
            if (Same(input, _names![i], name))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(ReadOnlySpan<byte> input, ref Frame frame, Name name)
    {
        if (_names is null || _count == _names.Length)
        {
            var grown = ArrayPool<Name>.Shared.Rent(Math.Max(64, _count * 2));
            _names?.AsSpan(0, _count).CopyTo(grown);
            if (_names is not null)
            {
                ArrayPool<Name>.Shared.Return(_names);
            }

            _names = grown;
        }

        var index = _count++;
        _names[index] = name;
        var size = _count - frame.Start;
        if (frame.Table is null && size <= LinearNames)
        {
            return;
        }

        if (frame.Table is null || size * 2 > frame.Table.Length)
        {
            Rebuild(input, ref frame, size);
            return;
        }

        Insert(frame.Table, index);
    }

    /// <summary>A table with room for twice the object's names, holding all of them (hashed now if they were not).</summary>
    private readonly void Rebuild(ReadOnlySpan<byte> input, ref Frame frame, int size)
    {
        if (frame.Table is null)
        {
            for (var i = frame.Start; i < _count; i++)
            {
                _names![i] = _names[i] with { Hash = Hash(Text(input, _names[i])) };
            }
        }

        if (frame.Table is { } old)
        {
            ArrayPool<int>.Shared.Return(old);
        }

        // The shared pool hands out arrays whose length is a power of two, as the mask needs.
        var table = ArrayPool<int>.Shared.Rent((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, size * 4)));
        Array.Clear(table);
        frame.Table = table;
        for (var i = frame.Start; i < _count; i++)
        {
            Insert(table, i);
        }
    }

    private readonly void Insert(int[] table, int index)
    {
        var mask = table.Length - 1;
        var slot = _names![index].Hash & mask;
        while (table[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        table[slot] = index + 1;
    }

    /// <summary>Whether a noted name is the same text as <paramref name="name"/> (both unescaped).</summary>
    private static bool Same(ReadOnlySpan<byte> input, Name noted, ReadOnlySpan<byte> name)
    {
        if (!noted.Escaped)
        {
            return input.Slice(noted.Offset + 1, noted.Length).SequenceEqual(name);
        }

        var reader = new Utf8JsonReader(input[noted.Offset..]);
        reader.Read();
        return reader.ValueTextEquals(name);
    }

    /// <summary>A noted name's text, unescaped (a copy only when it holds escapes, which is rare).</summary>
    private static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> input, Name noted)
    {
        if (!noted.Escaped)
        {
            return input.Slice(noted.Offset + 1, noted.Length);
        }

        var reader = new Utf8JsonReader(input[noted.Offset..]);
        reader.Read();
        var text = new byte[noted.Length];
        return text.AsSpan(0, reader.CopyString(text));
    }

    /// <summary>An object's names on the stack: where they start, and their table once there are many.</summary>
    public struct Frame
    {
        public int Start;
        public int[]? Table;
    }

    /// <summary>A noted name: its token's offset (the opening quote), raw length, whether escaped, and the hash of its text.</summary>
    private readonly record struct Name(int Offset, int Length, bool Escaped, int Hash);
}
