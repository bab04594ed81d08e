using System.Runtime.CompilerServices;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Code points, what draft-04's lengths and PCRE's repetitions in UTF mode count: a surrogate pair, or a four-byte
/// UTF-8 sequence, is one. UTF-8 is counted on the bytes without decoding (every byte but a continuation byte,
/// <c>10xxxxxx</c>, starts a code point).
/// </summary>
internal static class CodePoints
{
    /// <summary>The code points of valid UTF-8.</summary>
    /// <param name="utf8">Valid UTF-8.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(ReadOnlySpan<byte> utf8)
    {
        var length = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                length++;
            }
        }

        return length;
    }

    /// <summary>The code points of UTF-16 text: a low surrogate ends a pair counted at its high half.</summary>
    /// <param name="text">The text.</param>
    public static int Count(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAnyInRange('\uDC00', '\uDFFF'))
        {
            return text.Length;
        }

        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
