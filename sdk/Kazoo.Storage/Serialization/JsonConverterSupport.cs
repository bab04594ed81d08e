using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>Helpers shared by the collection converters.</summary>
internal static class JsonConverterSupport
{
    /// <summary>Moves to the next token inside an array or object: false at its <paramref name="end"/>, an error when the JSON stops first.</summary>
    public static bool ReadNext(ref Utf8JsonReader reader, JsonTokenType end)
    {
        if (!reader.Read())
        {
            throw JsonReadPath.Error(end == JsonTokenType.EndArray ? "The JSON array is incomplete." : "The JSON object is incomplete.");
        }

        return reader.TokenType != end;
    }

    /// <summary>Tells whether an exception thrown while reading an item or value is reported with its path.</summary>
    /// <param name="error">The exception.</param>
    /// <returns><see langword="true"/> for JSON, format, overflow, argument and invalid-operation errors.</returns>
    public static bool IsReadError(Exception error) =>
        error is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException;

    /// <summary>Tells whether a value is written as JSON null: a null reference or nullable, or an undefined <see cref="JsonElement"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when JSON null is written.</returns>
    public static bool IsNullValue<T>(T? value)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return Unsafe.As<T?, JsonElement>(ref value).ValueKind == JsonValueKind.Undefined;
        }

        return value is null;
    }
}
