using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// The SDK's one masking decision, used by generated <c>ToString()</c>, validation errors, exception messages, logs and
/// the tools that print storage documents:
/// <list type="bullet">
/// <item>a value under a secret name (<see cref="IsSecretName"/>: <c>key</c>, <c>secret</c>, <c>password</c>,
/// <c>credentials</c>, tokens, <c>*_key</c>, …), or anywhere below one, is <see cref="Masked"/> whole, whatever its shape
/// (string, number, boolean, array, object);</item>
/// <item>in any other string (<see cref="MaskText"/>), the password of a URL's user info and the value of every
/// credential-bearing query or fragment parameter (<see cref="IsSecretParameter"/>) are masked, the rest of the URL
/// kept readable;</item>
/// <item>objects and arrays, free-form ones included (<c>ui_metadata</c>, extension data), are masked member by member
/// with the same two rules.</item>
/// </list>
/// </summary>
public static class SecretMask
{
    /// <summary>The placeholder printed instead of a secret value.</summary>
    public const string Masked = "***";

    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Query parameter names that carry credentials and that neither the member-name rule nor the endings below cover.
    private static readonly HashSet<string> s_secretParameters = new(StringComparer.OrdinalIgnoreCase) { "sig", "pwd", "awsaccesskeyid" };

    /// <summary>
    /// Whether a JSON member of this name holds a secret (<c>key</c>, <c>secret</c>, <c>password</c>, <c>passwd</c>,
    /// <c>token</c>, <c>api_key</c>, <c>apikey</c>, <c>credentials</c>, <c>access_token</c>, <c>refresh_token</c>,
    /// <c>auth_token</c>, <c>client_secret</c>, <c>private_key</c>, and any name ending in <c>_secret</c>,
    /// <c>_password</c>, <c>_token</c> or <c>_key</c>; without case): its value, of any shape, is never printed.
    /// </summary>
    /// <param name="name">The JSON member name.</param>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretMemberNames.IsSecret(name);
    }

    /// <summary>
    /// Whether a URL query (or fragment) parameter of this name carries a credential: a secret member name
    /// (<see cref="IsSecretName"/>, with <c>-</c> read as <c>_</c>: <c>token</c>, <c>access_token</c>, <c>auth_token</c>,
    /// <c>key</c>, <c>api_key</c>, <c>password</c>, <c>secret</c>, <c>X-Amz-Security-Token</c>, …), <c>sig</c>, <c>pwd</c>,
    /// <c>AWSAccessKeyId</c>, and any name ending in <c>signature</c> or <c>credential</c> (<c>signature</c>,
    /// <c>X-Amz-Signature</c>, <c>X-Amz-Credential</c>, <c>X-Goog-Signature</c>, <c>X-Goog-Credential</c>); without case.
    /// </summary>
    /// <param name="name">The parameter name, percent-decoded.</param>
    public static bool IsSecretParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_secretParameters.Contains(name)
               || SecretMemberNames.IsSecret(name.Replace('-', '_'))
               || name.EndsWith("signature", StringComparison.OrdinalIgnoreCase)
               || name.EndsWith("credential", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Writes a JSON value masked by the one rule: every secret-named member's value, of any shape and at any depth, as
    /// <see cref="Masked"/>, and every other string through <see cref="MaskText"/>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void WriteMasked(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteMasked(writer, value, isSecret: false);
    }

    /// <summary>
    /// Writes the value of the member <paramref name="memberName"/> masked by the one rule: <see cref="Masked"/> when the
    /// name is secret (unless the value is null), else as <see cref="WriteMasked(Utf8JsonWriter, JsonElement)"/>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="memberName">The name of the member that holds the value; null for a value not in an object.</param>
    public static void WriteMasked(Utf8JsonWriter writer, JsonElement value, string? memberName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteMasked(writer, value, memberName is not null && SecretMemberNames.IsSecret(memberName));
    }

    /// <summary>The value as compact JSON text, masked by the one rule (see <see cref="WriteMasked(Utf8JsonWriter, JsonElement, string?)"/>).</summary>
    /// <param name="value">The value.</param>
    /// <param name="memberName">The name of the member that holds the value, or null.</param>
    public static string ToMaskedJson(JsonElement value, string? memberName = null) =>
        ToMaskedJson(value, memberName is not null && SecretMemberNames.IsSecret(memberName));

    /// <summary>
    /// Text with the secrets of every URL in it masked, the rest as it is: the password of user information
    /// (<c>https://user:***@host/</c>) and the value of each credential parameter (<see cref="IsSecretParameter"/>) in a
    /// query or a fragment (<c>?X-Amz-Signature=***&amp;X-Amz-Date=20240101T000000Z</c>, <c>#access_token=***</c>).
    /// Works on a URL alone and on URLs inside free text (messages, logs), where a URL ends at white space or a quote;
    /// a relative URL's query (<c>/path?token=***</c>) is masked too. Masking masked text changes nothing.
    /// </summary>
    /// <param name="text">Any text.</param>
    public static string MaskText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('@', '=') < 0)
        {
            return text; // no user information and no parameter: nothing to mask
        }

        StringBuilder? masked = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsWordBreak(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !IsWordBreak(text[i]))
            {
                i++;
            }

            if (i > start && MaskWord(text.AsSpan(start, i - start)) is { } replacement)
            {
                masked ??= new StringBuilder(text.Length);
                masked.Append(text, copied, start - copied).Append(replacement);
                copied = i;
            }
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Whether a value found under this dotted path (a <c>.</c> inside a key written as <c>%2E</c>) is a secret: some key on it is.</summary>
    internal static bool IsSecretPath(string dottedPath)
    {
        foreach (var segment in dottedPath.Split('.'))
        {
            if (SecretMemberNames.IsSecret(segment.Replace("%2E", ".", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value as compact JSON text: <see cref="Masked"/> when <paramref name="isSecret"/> (null stays null), else masked member by member.</summary>
    internal static string ToMaskedJson(JsonElement value, bool isSecret)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            WriteMasked(writer, value, isSecret);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a value: <see cref="Masked"/> when <paramref name="isSecret"/> (a null stays null: it hides nothing), else masked member by member.</summary>
    internal static void WriteMasked(Utf8JsonWriter writer, JsonElement value, bool isSecret)
    {
        if (isSecret && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
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
                writer.WriteStringValue(MaskText(value.GetString()!));
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static bool IsWordBreak(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '`' or '<' or '>';

    /// <summary>One word of text with its URL secrets masked, or null when there are none.</summary>
    private static string? MaskWord(ReadOnlySpan<char> word)
    {
        // Punctuation that ends a sentence or closes a bracket is not part of the URL.
        var end = word.Length;
        while (end > 0 && word[end - 1] is '.' or ',' or ';' or ':' or '!' or ')' or ']' or '}')
        {
            end--;
        }

        var body = word[..end];
        var ranges = new List<(int Start, int End)>();
        FindPasswords(body, ranges);
        FindSecretParameters(body, ranges);
        if (ranges.Count == 0)
        {
            return null;
        }

        ranges.Sort();
        var builder = new StringBuilder(word.Length);
        var copied = 0;
        foreach (var (start, stop) in ranges)
        {
            if (start < copied)
            {
                continue; // inside a range already masked
            }

            builder.Append(body[copied..start]).Append(Masked);
            copied = stop;
        }

        builder.Append(body[copied..]).Append(word[end..]);
        return builder.ToString();
    }

    /// <summary>The password of each <c>scheme://user:password@host</c> in the word.</summary>
    private static void FindPasswords(ReadOnlySpan<char> body, List<(int Start, int End)> ranges)
    {
        var from = 0;
        while (from < body.Length && body[from..].IndexOf("://", StringComparison.Ordinal) is var found and >= 0)
        {
            var separator = from + found;
            var authorityStart = separator + 3;
            from = authorityStart;
            if (separator == 0 || !char.IsAsciiLetterOrDigit(body[separator - 1]))
            {
                continue; // no scheme before the "://"
            }

            var authority = body[authorityStart..];
            var authorityLength = authority.IndexOfAny('/', '?', '#');
            authority = authorityLength < 0 ? authority : authority[..authorityLength];
            var at = authority.LastIndexOf('@');
            var colon = at < 0 ? -1 : authority[..at].IndexOf(':');
            if (colon >= 0 && at > colon + 1)
            {
                ranges.Add((authorityStart + colon + 1, authorityStart + at));
            }
        }
    }

    /// <summary>The value of each credential parameter after a <c>?</c> or a <c>#</c> in the word.</summary>
    private static void FindSecretParameters(ReadOnlySpan<char> body, List<(int Start, int End)> ranges)
    {
        var position = body.IndexOfAny('?', '#');
        while (position >= 0 && position < body.Length)
        {
            var pairStart = position + 1;
            var pairLength = body[pairStart..].IndexOfAny("&;#?");
            var pairEnd = pairLength < 0 ? body.Length : pairStart + pairLength;
            var pair = body[pairStart..pairEnd];
            var equals = pair.IndexOf('=');
            if (equals > 0 && equals < pair.Length - 1 && IsSecretParameter(Unescape(pair[..equals])))
            {
                ranges.Add((pairStart + equals + 1, pairEnd));
            }

            position = pairLength < 0 ? -1 : pairEnd;
        }
    }

    private static string Unescape(ReadOnlySpan<char> name)
    {
        var text = name.ToString();
        try
        {
            return text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
