namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// The SDK's one masking rule (<see cref="SecretMask"/>) for everything the CLI prints: values of secret-named members
/// (<c>key</c>, <c>secret</c>, <c>password</c>, <c>credentials</c>, tokens, <c>*_key</c>, …) become <c>"***"</c> whatever
/// their shape, and in every other string the password of a URL (<c>https://user:***@host/</c>) and credential query
/// parameters (<c>?token=***</c>, <c>X-Amz-Signature=***</c>, …) are masked.
/// </summary>
internal static class SecretMasking
{
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
}
