using System.Runtime.CompilerServices;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Lengths of valid UTF-8, counted on the bytes without decoding: every byte but a continuation byte (<c>10xxxxxx</c>)
/// starts a code point, and a four-byte sequence (lead byte <c>11110xxx</c>) is two UTF-16 units.
/// </summary>
internal static class Utf8Length
{
    /// <summary>The code points of valid UTF-8 (what <c>minLength</c> and <c>maxLength</c> count).</summary>
    /// <param name="utf8">Valid UTF-8.</param>
    public static int CodePoints(ReadOnlySpan<byte> utf8) => Count(utf8, unitsPerFourBytes: 1);

    /// <summary>The UTF-16 length of valid UTF-8 (what a .NET regex counts).</summary>
    /// <param name="utf8">Valid UTF-8.</param>
    public static int Utf16Units(ReadOnlySpan<byte> utf8) => Count(utf8, unitsPerFourBytes: 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Count(ReadOnlySpan<byte> utf8, int unitsPerFourBytes)
    {
        var length = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                length += b >= 0xF0 ? unitsPerFourBytes : 1;
            }
        }

        return length;
    }
}
