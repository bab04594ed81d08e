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

    private static readonly string[] s_dateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
    ];

    public static bool IsValid(string format, ReadOnlySpan<char> text) => format switch
    {
        "email" => IsEmail(text),
        "ipv4" => IsIpv4(text),
        "ipv6" => IsIpv6(text),
        "date-time" => DateTimeOffset.TryParseExact(text.ToString(), s_dateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true,
    };

    /// <summary>Kazoo's rule, the regex <c>^[^@]+@[^@]+$</c>: one <c>@</c>, with something before and after it (no domain check).</summary>
    private static bool IsEmail(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1;
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
