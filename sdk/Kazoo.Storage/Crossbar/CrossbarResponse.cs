using System.Globalization;
using System.Net;
using System.Text.Json;
using Kazoo.Storage.Crossbar.Protocol;

namespace Kazoo.Storage.Crossbar;

/// <summary>A successful Crossbar answer: the value and the envelope's metadata (never the token).</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class CrossbarResponse<T>
{
    /// <summary>Creates an answer, e.g. to return from a mocked <see cref="KazooStorageClient"/>.</summary>
    /// <param name="value">The value.</param>
    public CrossbarResponse(T value) => Value = value;

    /// <summary>The payload (the envelope's <c>data</c>).</summary>
    public T Value { get; }

    /// <summary>The HTTP status: 200, or 201 after a create.</summary>
    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    /// <summary>The document's revision (<c>revision</c>), or a hash for lists.</summary>
    public string? Revision { get; init; }

    /// <summary>The id Crossbar gave the request (<c>request_id</c>, else the <c>x-request-id</c> header); quote it when asking about a call.</summary>
    public string? RequestId { get; init; }

    /// <summary>The Kazoo node that answered (<c>node</c>).</summary>
    public string? Node { get; init; }

    /// <summary>The Kazoo version (<c>version</c>).</summary>
    public string? Version { get; init; }

    /// <summary>When Crossbar answered (<c>timestamp</c>), read as UTC when it has no offset.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The rate-limit bucket after this request (<c>tokens</c>).</summary>
    public CrossbarTokens? Tokens { get; init; }

    /// <summary>For a list, the number of items in the last page read (<c>page_size</c>).</summary>
    public int? PageSize { get; init; }

    /// <summary>For a list, the key of the next page (<c>next_start_key</c>); <see langword="null"/> on the last page.</summary>
    public JsonElement? NextStartKey { get; init; }

    /// <summary>The value and the request id; values are not printed (they may hold backend secrets).</summary>
    public override string ToString() => $"{(int)Status} {typeof(T).Name} (request id {RequestId ?? "none"})";

    /// <summary>
    /// Crossbar's <c>timestamp</c>: <c>yyyy-MM-ddTHH:mm:ss</c>, with or without a final <c>Z</c>, read directly (it comes
    /// with every answer, and the general parser costs about a microsecond); anything else through
    /// <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>. UTC when
    /// there is no offset; <see langword="null"/> when it is not a date.
    /// </summary>
    internal static DateTimeOffset? ParseTimestamp(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length is 19 or 20 && (text.Length == 19 || text[19] == 'Z')
            && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':'
            && Digits(text, 0, 4, out var year) && Digits(text, 5, 2, out var month) && Digits(text, 8, 2, out var day)
            && Digits(text, 11, 2, out var hour) && Digits(text, 14, 2, out var minute) && Digits(text, 17, 2, out var second)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour <= 23 && minute <= 59 && second <= 59)
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
