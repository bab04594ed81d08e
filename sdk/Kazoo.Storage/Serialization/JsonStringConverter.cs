using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Strict converter for <see cref="string"/>: reads only a JSON string token; any other token is a
/// <see cref="JsonException"/>. Does not handle JSON null; callers check for it first.
/// </summary>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonStringConverter : JsonConverter<string>
{
    /// <summary>Gets the shared instance.</summary>
    public static JsonStringConverter Instance { get; } = new();

    /// <summary>Reads a JSON string.</summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="typeToConvert">The type to convert (<see cref="string"/>).</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The string.</returns>
    /// <exception cref="JsonException">The token is not a string or its text is not valid.</exception>
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.String, reader.TokenType);
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException error)
        {
            throw JsonReadPath.Error("The JSON string cannot be read: " + error.Message);
        }
    }

    /// <summary>Writes <paramref name="value"/> as a JSON string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The string.</param>
    /// <param name="options">The serializer options.</param>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
