using System.Globalization;
using System.Net;
using System.Text.Json;

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

    internal static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
}
