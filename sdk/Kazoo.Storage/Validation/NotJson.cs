using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Validation;

/// <summary>
/// What makes a document "not JSON", found and said one way wherever it is: every such failure is a
/// <see cref="JsonException"/> whose message reads <c>The document is not JSON[ at line L, byte B]: reason</c>, with no
/// .NET reader internals in it. Kazoo's JSON decoder (jiffy) refuses a string that is not UTF-8 and an escaped
/// surrogate without its pair, wherever the string is; the reader that walks the document only looks at the strings a
/// schema checks, so those two are checked over the whole text first.
/// </summary>
internal static partial class NotJson
{
    /// <summary>Throws when the text is empty, is not UTF-8, or escapes a surrogate without its pair.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static void EnsureText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonException("The document is not JSON: it is empty.");
        }

        if (!Ascii.IsValid(utf8) && !System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw At("the bytes here are not UTF-8 (every string must be)", utf8, FirstInvalidUtf8(utf8));
        }

        var offset = UnpairedSurrogateEscape(utf8);
        if (offset >= 0)
        {
            throw At("a string escapes half of a surrogate pair (" + Encoding.ASCII.GetString(utf8.Slice(offset, 6)) + ") without the other half", utf8, offset);
        }
    }

    /// <summary>A failure at a byte of the document, located by line and byte within the line (both from 1).</summary>
    public static JsonException At(string reason, ReadOnlySpan<byte> utf8, long offset)
    {
        var before = utf8[..(int)Math.Min(offset, utf8.Length)];
        var line = before.Count((byte)'\n');
        var column = before.Length - (before.LastIndexOf((byte)'\n') + 1);
        return new JsonException("The document is not JSON at line " + (line + 1) + ", byte " + (column + 1) + ": " + reason + ".", null, line, column);
    }

    /// <summary>The reader's own failure, said without the reader's internals.</summary>
    public static JsonException From(JsonException readerFailure)
    {
        var reason = Plain(readerFailure.Message);
        return readerFailure.LineNumber is { } line && readerFailure.BytePositionInLine is { } column
            ? new JsonException("The document is not JSON at line " + (line + 1) + ", byte " + (column + 1) + ": " + reason, null, line, column)
            : new JsonException("The document is not JSON: " + reason);
    }

    /// <summary>A failure the reader reported with another exception type (a string it could not read as text).</summary>
    public static JsonException From(Exception failure) => new("The document is not JSON: " + Plain(failure.Message));

    /// <summary>A reader message without its location (said apart), the reader's options, or parameter names.</summary>
    private static string Plain(string message)
    {
        var plain = Location().Replace(message, "");
        plain = plain.Replace(" which is not supported in this mode. Change the reader options.", ".", StringComparison.Ordinal);
        plain = Internals().Replace(plain, "");
        plain = plain.Trim();
        if (plain.Length == 0)
        {
            return "it could not be read.";
        }

        return char.ToLowerInvariant(plain[0]) + plain[1..] + (plain.EndsWith('.') ? "" : ".");
    }

    [GeneratedRegex(@"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Location();

    [GeneratedRegex(@",? *(?:when|while) isFinalBlock is (?:true|false)|\s*\(Parameter '[^']*'\)|\s*See the inner exception for details\.?|\s*see inner exception\.?", RegexOptions.IgnoreCase)]
    private static partial Regex Internals();

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var i = utf8.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        while (i >= 0 && i < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return utf8.Length;
    }

    /// <summary>
    /// The offset of the first <c>\uXXXX</c> escape of a surrogate without its pair, or -1. Backslashes only occur inside
    /// strings in JSON (anywhere else the reader refuses the text), so every one found starts an escape.
    /// </summary>
    private static int UnpairedSurrogateEscape(ReadOnlySpan<byte> utf8)
    {
        var i = utf8.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < utf8.Length)
        {
            var length = 2;
            if (utf8[i + 1] == (byte)'u' && Hex4(utf8, i + 2) is var code and >= 0)
            {
                length = 6;
                if (code is >= 0xDC00 and <= 0xDFFF)
                {
                    return i;
                }

                if (code is >= 0xD800 and <= 0xDBFF)
                {
                    if (!(i + 7 < utf8.Length && utf8[i + 6] == (byte)'\\' && utf8[i + 7] == (byte)'u' && Hex4(utf8, i + 8) is >= 0xDC00 and <= 0xDFFF))
                    {
                        return i;
                    }

                    length = 12;
                }
            }

            var next = utf8[(i + length)..].IndexOf((byte)'\\');
            i = next < 0 ? -1 : i + length + next;
        }

        return -1;
    }

    /// <summary>The four hex digits at an offset as a number, or -1.</summary>
    private static int Hex4(ReadOnlySpan<byte> utf8, int offset)
    {
        if (offset + 4 > utf8.Length)
        {
            return -1;
        }

        var value = 0;
        for (var i = offset; i < offset + 4; i++)
        {
            var digit = utf8[i] switch
            {
                >= (byte)'0' and <= (byte)'9' => utf8[i] - '0',
                >= (byte)'a' and <= (byte)'f' => utf8[i] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => utf8[i] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }
}
