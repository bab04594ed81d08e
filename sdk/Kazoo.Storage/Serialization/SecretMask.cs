using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// The text that generated <c>ToString()</c> methods print in place of secret values
/// (passwords, keys, tokens, signatures).
/// </summary>
public static class SecretMask
{
    /// <summary>The placeholder printed instead of a secret value.</summary>
    public const string Masked = "***";

    /// <summary>
    /// Whether a JSON member of this name holds a secret (<c>key</c>, <c>secret</c>, <c>password</c>, <c>credentials</c>,
    /// tokens, <c>*_key</c>, …): the one rule behind generated <c>ToString()</c>, masked validation values and logs, for
    /// tools that print storage documents themselves.
    /// </summary>
    /// <param name="name">The JSON member name.</param>
    public static bool IsSecretName(string name)
    {
        System.ArgumentNullException.ThrowIfNull(name);
        return SecretMemberNames.IsSecret(name);
    }

    /// <summary>
    /// Writes a JSON value with the value of every secret-named member (<see cref="IsSecretName"/>), at any depth, replaced
    /// by <see cref="Masked"/>, and the password of any URL string (<c>https://user:password@host/</c>) too: how the SDK
    /// prints documents in errors and logs, for tools that print them too.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void WriteMasked(Utf8JsonWriter writer, JsonElement value)
    {
        System.ArgumentNullException.ThrowIfNull(writer);
        WriteMasked(writer, value, isSecret: false);
    }

    /// <summary>Writes a value, masked whole when <paramref name="isSecret"/>, else with its secret-named members masked.</summary>
    internal static void WriteMasked(Utf8JsonWriter writer, JsonElement value, bool isSecret)
    {
        if (isSecret)
        {
            writer.WriteStringValue(Masked);
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in value.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    WriteMasked(writer, member.Value, SecretMemberNames.IsSecret(member.Name));
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteMasked(writer, item, isSecret: false);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(MaskUrlPassword(value.GetString()!));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>A URL with the password of its user info masked (<c>https://user:***@host/</c>); other text as it is.</summary>
    /// <param name="text">Any text.</param>
    public static string MaskUrlPassword(string text)
    {
        System.ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('@', System.StringComparison.Ordinal)
            && System.Uri.TryCreate(text, System.UriKind.Absolute, out var uri)
            && uri.UserInfo.IndexOf(':', System.StringComparison.Ordinal) is var colon and >= 0)
        {
            var builder = new System.UriBuilder(uri) { UserName = uri.UserInfo[..colon], Password = Masked };
            return builder.Uri.GetComponents(System.UriComponents.AbsoluteUri, System.UriFormat.UriEscaped)
                .Replace("%2A%2A%2A", Masked, System.StringComparison.Ordinal);
        }

        return text;
    }
}
