using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>Which JSON member names hold secrets (the same rule the generator uses for <c>ToString()</c>), and masking.</summary>
internal static class SecretNames
{
    public static bool IsSecret(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "secret" or "key" or "password" or "passwd" or "token" or "api_key" or "apikey" or "credentials"
                   or "access_token" or "refresh_token" or "auth_token" or "client_secret" or "private_key"
               || lower.EndsWith("_secret", StringComparison.Ordinal)
               || lower.EndsWith("_password", StringComparison.Ordinal)
               || lower.EndsWith("_token", StringComparison.Ordinal)
               || lower.EndsWith("_key", StringComparison.Ordinal);
    }

    /// <summary>Writes a value with every secret-named member's value replaced by the mask.</summary>
    public static void WriteMasked(Utf8JsonWriter writer, JsonElement value, bool isSecret)
    {
        if (isSecret)
        {
            writer.WriteStringValue(SecretMask.Masked);
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in value.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    WriteMasked(writer, member.Value, IsSecret(member.Name));
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteMasked(writer, item, false);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
