using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>Masking of secret-named members (the rule itself is <see cref="SecretMemberNames"/>, the writer <see cref="SecretMask"/>).</summary>
internal static class SecretNames
{
    public static bool IsSecret(string name) => SecretMemberNames.IsSecret(name);

    /// <summary>Writes a value with every secret-named member's value replaced by the mask.</summary>
    public static void WriteMasked(Utf8JsonWriter writer, JsonElement value, bool isSecret) => SecretMask.WriteMasked(writer, value, isSecret);
}
