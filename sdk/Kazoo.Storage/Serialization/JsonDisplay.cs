using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Formats values for <c>ToString()</c> (records, their JSON collections, extension data) by <see cref="SecretMask"/>'s
/// one rule: a secret value of any shape is <c>***</c>; a string has its URL secrets masked; a
/// <see cref="JsonElement"/> (free-form JSON) is printed as compact JSON masked member by member, never raw.
/// </summary>
internal static class JsonDisplay
{
    /// <summary>Formats one value that no secret name holds: <c>null</c>, masked JSON, masked text, or <c>value.ToString()</c>.</summary>
    /// <typeparam name="T">The static type of the value.</typeparam>
    /// <param name="value">The value to format.</param>
    /// <returns>The display text.</returns>
    public static string Format<T>(T? value)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return SecretMask.ToMaskedJson(Unsafe.As<T?, JsonElement>(ref value), isSecret: false);
        }

        return value switch
        {
            null => "null",
            JsonElement element => SecretMask.ToMaskedJson(element, isSecret: false),
            string text => SecretMask.MaskText(text),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>Appends a member's value: <see cref="SecretMask.Masked"/> for a secret that is set, nothing for a value that is not set, else <see cref="Format{T}"/>.</summary>
    /// <typeparam name="T">The static type of the value.</typeparam>
    /// <param name="builder">Where to print.</param>
    /// <param name="value">The value.</param>
    /// <param name="secret">Whether a secret name holds the value.</param>
    public static void AppendMember<T>(StringBuilder builder, T? value, bool secret)
    {
        if (JsonConverterSupport.IsNullValue(value))
        {
            return;
        }

        builder.Append(secret ? SecretMask.Masked : Format(value));
    }

    /// <summary>Appends <c>name = value</c>, the value masked whole when the name is secret.</summary>
    /// <typeparam name="T">The static type of the value.</typeparam>
    /// <param name="builder">Where to print.</param>
    /// <param name="name">The JSON member name or map key.</param>
    /// <param name="value">The value.</param>
    public static void AppendEntry<T>(StringBuilder builder, string name, T? value)
    {
        builder.Append(name).Append(" = ");
        if (value is null)
        {
            builder.Append("null");
        }
        else
        {
            builder.Append(SecretMemberNames.IsSecret(name) && !IsJsonNull(value) ? SecretMask.Masked : Format(value));
        }
    }

    private static bool IsJsonNull<T>(T value) =>
        typeof(T) == typeof(JsonElement) && Unsafe.As<T, JsonElement>(ref value).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
}
