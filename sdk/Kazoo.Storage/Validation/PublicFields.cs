using System.Buffers;
using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Crossbar validates a request's public fields only (spec §5.1, <c>kz_doc:public_fields</c>): the document's top-level
/// members whose names start with <c>_</c> (CouchDB's) or <c>pvt_</c> (Kazoo's private fields) are removed first.
/// Only at the top level; names are read unescaped, as Kazoo's decoder reads them.
/// </summary>
internal static class PublicFields
{
    /// <summary>Whether the property name at the reader is a private field's.</summary>
    public static bool IsPrivate(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return IsPrivate(reader.ValueSpan);
        }

        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        Span<byte> buffer = length <= 256 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var isPrivate = IsPrivate(buffer[..reader.CopyString(buffer)]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return isPrivate;
    }

    /// <summary>Whether the document is an object with a private field among its members.</summary>
    public static bool AnyIn(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsPrivate(ref reader))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// The document without its private fields: the other members' text as written, in a pooled buffer the caller
    /// returns. Reads the whole document, so malformed text anywhere throws here.
    /// </summary>
    /// <param name="utf8Json">A document whose root is an object.</param>
    /// <param name="length">How many bytes of the returned buffer hold the document.</param>
    public static byte[] Remove(ReadOnlySpan<byte> utf8Json, out int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(utf8Json.Length);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        reader.Read();
        buffer[0] = (byte)'{';
        length = 1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var isPrivate = IsPrivate(ref reader);
            reader.Read();
            reader.Skip();
            if (isPrivate)
            {
                continue;
            }

            if (length > 1)
            {
                buffer[length++] = (byte)',';
            }

            var member = utf8Json[start..(int)reader.BytesConsumed];
            member.CopyTo(buffer.AsSpan(length));
            length += member.Length;
        }

        buffer[length++] = (byte)'}';
        if (reader.Read())
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw NotJson.At("text follows the JSON value", utf8Json, reader.TokenStartIndex);
        }

        return buffer;
    }

    private static bool IsPrivate(ReadOnlySpan<byte> name) => name.StartsWith("_"u8) || name.StartsWith("pvt_"u8);
}
