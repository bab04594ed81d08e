using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kazoo.Storage.Validation;

/// <summary>The <c>format</c> checks Kazoo's validator makes: email, ipv4, ipv6 and date-time; other formats pass.</summary>
internal static class JsonFormats
{
    private static readonly string[] s_dateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
    ];

    public static bool IsValid(string format, ReadOnlySpan<char> text) => format switch
    {
        "email" => IsEmail(text),
        "ipv4" => IsIp(text, AddressFamily.InterNetwork) && text.Count('.') == 3,
        "ipv6" => IsIp(text, AddressFamily.InterNetworkV6),
        "date-time" => DateTimeOffset.TryParseExact(text.ToString(), s_dateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true,
    };

    /// <summary>Kazoo's rule, the regex <c>^[^@]+@[^@]+$</c>: one <c>@</c>, with something before and after it (no domain check).</summary>
    private static bool IsEmail(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1;
    }

    private static bool IsIp(ReadOnlySpan<char> text, AddressFamily family) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == family;
}
