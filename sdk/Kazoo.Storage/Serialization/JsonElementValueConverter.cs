using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Converter for <see cref="JsonElement"/>: reads any JSON value into a detached element with
/// <see cref="JsonElement.ParseValue(ref Utf8JsonReader)"/>, each object in it keeping the first occurrence of a repeated
/// member name as Kazoo reads it (<see cref="JsonRepeatedMembers"/>), and writes it back unchanged.
/// </summary>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonElementValueConverter : JsonConverter<JsonElement>
{
    /// <summary>A JSON null is a value like any other here: it is read as an element of kind <see cref="JsonValueKind.Null"/>.</summary>
    public override bool HandleNull => true;

    /// <summary>Gets the shared instance.</summary>
    public static JsonElementValueConverter Instance { get; } = new();

    /// <summary>Reads the JSON value at the reader's position into a detached element.</summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="typeToConvert">The type to convert (<see cref="JsonElement"/>).</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The element, which does not depend on the reader's buffer; a repeated member name only at its first occurrence.</returns>
    /// <exception cref="JsonException">The reader is not positioned on a value, or the JSON is invalid.</exception>
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
            case JsonTokenType.String:
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                break;
            default:
                throw JsonReadPath.Error("Expected a JSON value but found " + reader.TokenType.ToString() + ".");
        }

        try
        {
            return JsonRepeatedMembers.FirstOccurrences(JsonElement.ParseValue(ref reader));
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            throw JsonReadPath.Error("The JSON value cannot be read: " + error.Message);
        }
    }

    /// <summary>Writes the element; a default (undefined) element is written as JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The element.</param>
    /// <param name="options">The serializer options.</param>
    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
