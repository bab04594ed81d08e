using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Strict converter for <see cref="double"/>: reads only a JSON number with a finite value (<c>1e400</c> is rejected);
/// any other token is a <see cref="JsonException"/>. Does not handle JSON null; callers check for it first.
/// </summary>
/// <remarks>For the member tables of generated code; use <c>KazooStorageJson.Options</c> to read and write records.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonDoubleConverter : JsonConverter<double>
{
    /// <summary>Gets the shared instance.</summary>
    public static JsonDoubleConverter Instance { get; } = new();

    /// <summary>Reads a JSON number.</summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="typeToConvert">The type to convert (<see cref="double"/>).</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The number.</returns>
    /// <exception cref="JsonException">The token is not a number, or the number is not a finite double.</exception>
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.Number, reader.TokenType);
        }

        // TryGetDouble accepts numbers that overflow to infinity, so check finiteness as well.
        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw JsonReadPath.Error("The JSON number is not a finite double.");
        }

        return value;
    }

    /// <summary>Writes <paramref name="value"/> as a JSON number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The number.</param>
    /// <param name="options">The serializer options.</param>
    /// <exception cref="JsonException"><paramref name="value"/> is NaN or infinite, which JSON cannot represent.</exception>
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
        {
            throw JsonReadPath.Error("JSON cannot represent NaN or infinite numbers.");
        }

        writer.WriteNumberValue(value);
    }
}
