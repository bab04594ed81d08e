using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Strict converter for <see cref="long"/>: reads only a JSON number that is an integer in the
/// <see cref="long"/> range (<c>1.5</c>, <c>1e400</c> and <c>9223372036854775808</c> are rejected); any other token is a
/// <see cref="JsonException"/>. Does not handle JSON null; callers check for it first.
/// </summary>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonInt64Converter : JsonConverter<long>
{
    /// <summary>Gets the shared instance.</summary>
    public static JsonInt64Converter Instance { get; } = new();

    /// <summary>Reads a JSON integer.</summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="typeToConvert">The type to convert (<see cref="long"/>).</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="JsonException">The token is not a number, or the number is not an integer in the Int64 range.</exception>
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.Number, reader.TokenType);
        }

        if (!reader.TryGetInt64(out long value))
        {
            throw JsonReadPath.Error("The JSON number is not an integer in the Int64 range.");
        }

        return value;
    }

    /// <summary>Writes <paramref name="value"/> as a JSON number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The integer.</param>
    /// <param name="options">The serializer options.</param>
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
