using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// The items of a list or the values of a map, as the collection converters read and write them: with the item
/// converter, a JSON null as <c>default</c> when allowed (else an error) unless the converter reads null itself, and a
/// null item written as JSON null (<see cref="JsonConverterSupport.IsNullValue{T}"/>).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal readonly struct JsonItemConverter<T>(JsonConverter<T> converter, bool allowNull)
{
    public T Read(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null && !converter.HandleNull
            ? (allowNull ? default! : throw JsonReadPath.Error("null is not allowed here."))
            : converter.Read(ref reader, typeof(T), options)!;

    public void Write(Utf8JsonWriter writer, T item, JsonSerializerOptions options)
    {
        if (JsonConverterSupport.IsNullValue(item))
        {
            writer.WriteNullValue();
        }
        else
        {
            converter.Write(writer, item, options);
        }
    }
}
