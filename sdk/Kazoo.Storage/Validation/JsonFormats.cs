using System.Buffers;
using System.Globalization;

namespace Kazoo.Storage.Validation;

/// <summary>
/// The <c>format</c> checks Kazoo's validator (jesse) makes: email, ipv4, ipv6 and date-time, each as Kazoo decides it;
/// other formats (<c>hostname</c>, <c>uri</c>, …) pass.
/// </summary>
internal static class JsonFormats
{
    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsValid(string format, ReadOnlySpan<char> text) => format switch
    {
        "email" => IsEmail(text),
        "ipv4" => IsIpv4(text),
        "ipv6" => IsIpv6(text),
        "date-time" => IsDateTime(text),
        _ => true,
    };

    /// <summary>Kazoo's rule, the regex <c>^[^@]+@[^@]+$</c>: one <c>@</c>, with something before and after it (no domain check).</summary>
    private static bool IsEmail(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1;
    }

    /// <summary>
    /// RFC 3339 as the Erlang <c>rfc3339</c> parser Kazoo's validator calls reads it: <c>YYYY-MM-DD</c>, then <c>T</c>,
    /// <c>t</c> or a space, <c>hh:mm:ss</c> (a leap second 60 allowed), optional fraction digits (any number, even none after
    /// the dot), and a required offset <c>Z</c>, <c>z</c> or <c>±hh:mm</c> ending the string. Its day check is its own:
    /// 00 to 28 always pass, 29 to 31 only in months that have them.
    /// </summary>
    private static bool IsDateTime(ReadOnlySpan<char> text)
    {
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or 't' or ' ') || text[13] != ':' || text[16] != ':'
            || !TwoDigits(text[5..], 1, 12, out var month) || !TwoDigits(text[8..], 0, 31, out var day) || !TwoDigits(text[11..], 0, 23, out _)
            || !TwoDigits(text[14..], 0, 59, out _) || !TwoDigits(text[17..], 0, 60, out _) || text[..4].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var year = int.Parse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture);
        var leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if ((day == 29 && month == 2 && !leap) || (day == 30 && month == 2) || (day == 31 && month is 2 or 4 or 6 or 9 or 11))
        {
            return false;
        }

        var rest = text[19..];
        if (rest[0] == '.')
        {
            rest = rest[1..];
            rest = rest[(rest.IndexOfAnyExceptInRange('0', '9') is var end and >= 0 ? end : rest.Length)..];
        }

        return rest is "Z" or "z"
            || (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':' && TwoDigits(rest[1..], 0, 23, out _) && TwoDigits(rest[4..], 0, 59, out _));
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int min, int max, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]))
        {
            return false;
        }

        value = ((text[0] - '0') * 10) + (text[1] - '0');
        return value >= min && value <= max;
    }

    /// <summary>
    /// Strict dotted decimal, as Erlang's <c>inet_parse:ipv4strict_address</c> that Kazoo's validator calls: four fields of
    /// one to three digits, no leading zero, each below 256 (no hexadecimal, octal or shortened forms).
    /// </summary>
    private static bool IsIpv4(ReadOnlySpan<char> text)
    {
        var fields = 0;
        foreach (var range in text.Split('.'))
        {
            var field = text[range];
            if (++fields > 4 || field.Length is 0 or > 3 || field.ContainsAnyExceptInRange('0', '9') || (field.Length > 1 && field[0] == '0')
                || int.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return fields == 4;
    }

    /// <summary>
    /// RFC 4291's text forms, as Erlang's <c>inet_parse:ipv6strict_address</c> reads them: groups of one to four hex digits,
    /// at most one <c>::</c> standing for at least one zero group, and optionally a strict dotted IPv4 address as the last 32
    /// bits; no zone index, no brackets.
    /// </summary>
    private static bool IsIpv6(ReadOnlySpan<char> text)
    {
        var compressed = text.IndexOf("::", StringComparison.Ordinal);
        if (compressed < 0)
        {
            return Ipv6Groups(text, ipv4Tail: true) == 8;
        }

        var head = text[..compressed];
        var tail = text[(compressed + 2)..];
        if (tail.Contains("::", StringComparison.Ordinal))
        {
            return false;
        }

        var headGroups = head.IsEmpty ? 0 : Ipv6Groups(head, ipv4Tail: false);
        var tailGroups = tail.IsEmpty ? 0 : Ipv6Groups(tail, ipv4Tail: true);
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
    }

    /// <summary>How many 16-bit groups a colon-separated run holds (a last dotted IPv4 part counts two), or -1 when it is not one.</summary>
    private static int Ipv6Groups(ReadOnlySpan<char> run, bool ipv4Tail)
    {
        var groups = 0;
        foreach (var range in run.Split(':'))
        {
            var part = run[range];
            if (ipv4Tail && range.End.GetOffset(run.Length) == run.Length && part.Contains('.') && IsIpv4(part))
            {
                groups += 2;
            }
            else if (part.Length is 0 or > 4 || part.ContainsAnyExcept(s_hexDigits))
            {
                return -1;
            }
            else
            {
                groups++;
            }
        }

        return groups;
    }
}
