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

        Write(writer, value, isSecret: false);
    }

    /// <summary>A copy of <paramref name="value"/> with its secrets masked.</summary>
    public static JsonElement Mask(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, isSecret: false);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>A URL with the password of its user info masked; other text as it is.</summary>
    public static string MaskUrl(string text)
    {
        if (text.Contains('@', StringComparison.Ordinal)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && uri.UserInfo.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            var builder = new UriBuilder(uri) { UserName = uri.UserInfo[..colon], Password = SecretMask.Masked };
            return builder.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped)
                .Replace("%2A%2A%2A", SecretMask.Masked, StringComparison.Ordinal);
        }

        return text;
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, bool isSecret)
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
                    Write(writer, member.Value, IsSecret(member.Name));
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item, isSecret: false);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(MaskUrl(value.GetString()!));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
