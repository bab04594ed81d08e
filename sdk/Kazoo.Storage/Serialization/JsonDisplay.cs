using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Formats values for the <c>ToString()</c> of the JSON collections without ever printing raw JSON:
/// a <see cref="JsonElement"/> is shown as its <see cref="JsonValueKind"/> only.
/// </summary>
internal static class JsonDisplay
{
    /// <summary>Formats one value: <c>null</c>, the kind of a <see cref="JsonElement"/>, or <c>value.ToString()</c>.</summary>
    /// <typeparam name="T">The static type of the value.</typeparam>
    /// <param name="value">The value to format.</param>
    /// <returns>The display text.</returns>
    public static string Format<T>(T? value)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return Unsafe.As<T?, JsonElement>(ref value).ValueKind.ToString();
        }

        if (typeof(T) == typeof(JsonElement?))
        {
            JsonElement? element = Unsafe.As<T?, JsonElement?>(ref value);
            return element.HasValue ? element.GetValueOrDefault().ValueKind.ToString() : "null";
        }

        return value switch
        {
            null => "null",
            JsonElement element => element.ValueKind.ToString(),
            _ => value.ToString() ?? string.Empty,
        };
    }
}
