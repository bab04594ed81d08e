using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>Masking of secret-named members (the rule itself is <see cref="SecretMemberNames"/>).</summary>
internal static class SecretNames
{
    public static bool IsSecret(string name) => SecretMemberNames.IsSecret(name);

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
