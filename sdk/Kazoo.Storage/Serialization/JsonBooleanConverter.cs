using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Strict converter for <see cref="bool"/>: reads only <c>true</c> or <c>false</c>; any other token (including the
/// strings <c>"true"</c> and <c>"false"</c>) is a <see cref="JsonException"/>. Does not handle JSON null; callers check for it first.
/// </summary>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonBooleanConverter : JsonConverter<bool>
{
    /// <summary>Gets the shared instance.</summary>
    public static JsonBooleanConverter Instance { get; } = new();

    /// <summary>Reads a JSON boolean.</summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="typeToConvert">The type to convert (<see cref="bool"/>).</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The boolean.</returns>
    /// <exception cref="JsonException">The token is not <c>true</c> or <c>false</c>.</exception>
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw JsonReadPath.UnexpectedToken(JsonTokenType.True, reader.TokenType),
    };

    /// <summary>Writes <paramref name="value"/> as a JSON boolean.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The boolean.</param>
    /// <param name="options">The serializer options.</param>
    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBooleanValue(value);
    }
}
