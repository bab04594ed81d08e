using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Strict converter for <see cref="ReadOnlyJsonMap{T}"/>: reads only a JSON object into an insertion-ordered map
/// (a repeated key counts at its first occurrence only, as Kazoo reads it), each value with the value converter, and reports
/// the key of a failing value in the exception path (for example <c>$.a[1]</c> or <c>$['a.b']</c>).
/// Does not handle a JSON null in place of the object; callers check for it first.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReadOnlyJsonMapConverter<T> : JsonConverter<ReadOnlyJsonMap<T>>
{
    private readonly JsonItemConverter<T> _values;

    /// <summary>Initializes the converter.</summary>
    /// <param name="valueConverter">The converter for the values; it is never given a JSON null.</param>
    /// <param name="allowNullValues">
    /// <see langword="true"/> to read a JSON null value as <c>default(T)</c>; <see langword="false"/> to reject it.
    /// </param>
    public ReadOnlyJsonMapConverter(JsonConverter<T> valueConverter, bool allowNullValues)
    {
        ArgumentNullException.ThrowIfNull(valueConverter);
        _values = new(valueConverter, allowNullValues);
    }

    /// <summary>Reads a JSON object.</summary>
    /// <param name="reader">The reader, positioned on the start of the object.</param>
    /// <param name="typeToConvert">The type to convert.</param>
    /// <param name="options">The serializer options, passed on to the value converter.</param>
    /// <returns>The map, in the order of the JSON input; a repeated key with its first value.</returns>
    /// <exception cref="JsonException">
    /// The token is not an object, or a value cannot be read; the exception's path names the key.
    /// </exception>
    public override ReadOnlyJsonMap<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.StartObject, reader.TokenType);
        }

        var builder = new OrderedEntriesBuilder<T>(0);
        while (JsonConverterSupport.ReadNext(ref reader, JsonTokenType.EndObject))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw JsonReadPath.UnexpectedToken(JsonTokenType.PropertyName, reader.TokenType);
            }

            string key;
            try
            {
                key = reader.GetString()!;
            }
            catch (InvalidOperationException error)
            {
                throw JsonReadPath.Error("The JSON property name cannot be read: " + error.Message);
            }

            try
            {
                JsonConverterSupport.ReadNext(ref reader, JsonTokenType.EndObject);
                if (builder.Contains(key))
                {
                    reader.Skip(); // a repeat: Kazoo reads a key's first occurrence
                    continue;
                }

                builder.Set(key, _values.Read(ref reader, options));
            }
            catch (Exception error) when (JsonConverterSupport.IsReadError(error))
            {
                throw JsonReadPath.Prepend(error, key);
            }
        }

        return builder.ToMap();
    }

    /// <summary>Writes the map as a JSON object, entries in order; <see langword="null"/> (and undefined <see cref="JsonElement"/>) values are written as JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The map.</param>
    /// <param name="options">The serializer options, passed on to the value converter.</param>
    public override void Write(Utf8JsonWriter writer, ReadOnlyJsonMap<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (KeyValuePair<string, T> entry in value.Entries)
        {
            writer.WritePropertyName(entry.Key);
            _values.Write(writer, entry.Value, options);
        }

        writer.WriteEndObject();
    }
}
