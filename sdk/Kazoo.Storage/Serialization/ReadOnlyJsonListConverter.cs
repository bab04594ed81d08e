using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Strict converter for <see cref="ReadOnlyJsonList{T}"/>: reads only a JSON array, each item with the item converter,
/// and reports the index of a failing item in the exception path (for example <c>$[3].name</c>).
/// Does not handle a JSON null in place of the array; callers check for it first.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReadOnlyJsonListConverter<T> : JsonConverter<ReadOnlyJsonList<T>>
{
    private readonly JsonItemConverter<T> _items;

    /// <summary>Initializes the converter.</summary>
    /// <param name="itemConverter">The converter for the items; it is never given a JSON null.</param>
    /// <param name="allowNullItems">
    /// <see langword="true"/> to read a JSON null item as <c>default(T)</c>; <see langword="false"/> to reject it.
    /// </param>
    public ReadOnlyJsonListConverter(JsonConverter<T> itemConverter, bool allowNullItems)
    {
        ArgumentNullException.ThrowIfNull(itemConverter);
        _items = new(itemConverter, allowNullItems);
    }

    /// <summary>Reads a JSON array.</summary>
    /// <param name="reader">The reader, positioned on the start of the array.</param>
    /// <param name="typeToConvert">The type to convert.</param>
    /// <param name="options">The serializer options, passed on to the item converter.</param>
    /// <returns>The list.</returns>
    /// <exception cref="JsonException">
    /// The token is not an array, or an item cannot be read; the exception's path names the item.
    /// </exception>
    public override ReadOnlyJsonList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.StartArray, reader.TokenType);
        }

        T[] items = [];
        int count = 0;
        while (true)
        {
            try
            {
                if (!JsonConverterSupport.ReadNext(ref reader, JsonTokenType.EndArray))
                {
                    break;
                }

                T item = _items.Read(ref reader, options);
                if (count == items.Length)
                {
                    Array.Resize(ref items, Math.Max(4, items.Length * 2));
                }

                items[count] = item;
            }
            catch (Exception error) when (JsonConverterSupport.IsReadError(error))
            {
                throw JsonReadPath.Prepend(error, count);
            }

            count++;
        }

        return ReadOnlyJsonList<T>.FromOwnedBuffer(items, count);
    }

    /// <summary>Writes the list as a JSON array; <see langword="null"/> (and undefined <see cref="JsonElement"/>) items are written as JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The list.</param>
    /// <param name="options">The serializer options, passed on to the item converter.</param>
    public override void Write(Utf8JsonWriter writer, ReadOnlyJsonList<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (T item in value.Items)
        {
            _items.Write(writer, item, options);
        }

        writer.WriteEndArray();
    }
}
