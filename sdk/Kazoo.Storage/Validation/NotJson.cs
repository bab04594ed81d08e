using System.ComponentModel;
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
/// <remarks>
/// Public only for <see cref="Find"/>, which tools that read JSON before handing it on (the <c>kazoo-storage</c> CLI) call so
/// that they refuse the same texts with the same words; hidden from IntelliSense, not meant for other code.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class NotJson
{
    /// <summary>What the messages call the text.</summary>
    private const string Subject = "The document";

    /// <summary>
    /// Why a text is not one JSON value, found as the validators find it, or null when it is one: empty, not UTF-8,
    /// escaping half a surrogate pair, malformed, followed by more text, or nesting deeper than 64 objects and arrays.
    /// </summary>
    /// <param name="utf8Json">The text.</param>
    /// <param name="subject">What the message calls the text (a file name, say); <c>The document</c> when null.</param>
    /// <returns>
    /// Null when the text is JSON; otherwise an exception (not thrown) whose message reads
    /// <c>{subject} is not JSON[ at line L, byte B]: reason.</c>, and whose <see cref="JsonException.LineNumber"/> and
    /// <see cref="JsonException.BytePositionInLine"/> (from 0) say where, when the place is known.
    /// </returns>
    public static JsonException? Find(ReadOnlySpan<byte> utf8Json, string? subject = null)
    {
        JsonException found;
        try
        {
            EnsureText(utf8Json);
            ReadToEnd(utf8Json);
            return null;
        }
        catch (JsonException ex) when (ex.GetType() == typeof(JsonException))
        {
            found = ex; // already said this way
        }
        catch (JsonException ex)
        {
            found = From(ex);
        }

        return subject is null
            ? found
            : new JsonException(subject + found.Message[Subject.Length..], null, found.LineNumber, found.BytePositionInLine);
    }

    /// <summary>Reads a whole document, only to throw the reader's exception if it is not JSON.</summary>
    internal static void ReadToEnd(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = SchemaValidator.MaxDepth });
        while (reader.Read())
        {
        }
    }

    /// <summary>Throws when the text is empty, is not UTF-8, or escapes a surrogate without its pair.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    internal static void EnsureText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonException(Subject + " is not JSON: it is empty.");
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
    internal static JsonException At(string reason, ReadOnlySpan<byte> utf8, long offset)
    {
        var before = utf8[..(int)Math.Min(offset, utf8.Length)];
        var line = before.Count((byte)'\n');
        var column = before.Length - (before.LastIndexOf((byte)'\n') + 1);
        return new JsonException(Subject + " is not JSON at line " + (line + 1) + ", byte " + (column + 1) + ": " + reason + ".", null, line, column);
    }

    /// <summary>The reader's own failure, said without the reader's internals.</summary>
    internal static JsonException From(JsonException readerFailure)
    {
        var reason = Plain(readerFailure.Message);
        return readerFailure.LineNumber is { } line && readerFailure.BytePositionInLine is { } column
            ? new JsonException(Subject + " is not JSON at line " + (line + 1) + ", byte " + (column + 1) + ": " + reason, null, line, column)
            : new JsonException(Subject + " is not JSON: " + reason);
    }

    /// <summary>A failure the reader reported with another exception type (a string it could not read as text).</summary>
    internal static JsonException From(Exception failure) => new(Subject + " is not JSON: " + Plain(failure.Message));

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
