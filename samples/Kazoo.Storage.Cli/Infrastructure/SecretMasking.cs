using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// Writes JSON with secrets masked, for everything the CLI prints from a storage document: values of secret-named members
/// (the SDK's rule: <c>key</c>, <c>secret</c>, <c>password</c>, <c>credentials</c>, tokens, <c>*_key</c>, …) become
/// <c>"***"</c>, and so does the password of a URL such as <c>https://user:password@host/</c>.
/// </summary>
internal static class SecretMasking
{
    /// <summary>Whether a member of this name holds a secret: the SDK's own rule.</summary>
    public static bool IsSecret(string name) => SecretMask.IsSecretName(name);

    /// <summary>Writes <paramref name="value"/> with its secrets masked (or as it is when <paramref name="reveal"/>).</summary>
    public static void WriteMasked(Utf8JsonWriter writer, JsonElement value, bool reveal = false)
    {
        if (reveal)
        {
            value.WriteTo(writer);
            return;
        }

        SecretMask.WriteMasked(writer, value);
    }

    /// <summary>A copy of <paramref name="value"/> with its secrets masked.</summary>
    public static JsonElement Mask(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SecretMask.WriteMasked(writer, value);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>A URL with the password of its user info masked; other text as it is.</summary>
    public static string MaskUrl(string text) => SecretMask.MaskUrlPassword(text);
}
