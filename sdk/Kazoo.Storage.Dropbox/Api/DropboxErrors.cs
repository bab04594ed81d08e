using System.Net.Http.Headers;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// Dropbox's failures as Kazoo reports them (spec §7.6, "error reason from <c>error_summary</c>"). Dropbox answers
/// <list type="bullet">
/// <item>400 with plain text (<c>Error in call to API function "files/upload": …</c>): the text is the reason;</item>
/// <item>401, 403, 409 (the endpoint's own errors, e.g. <c>path/not_found/..</c>), 429 and some 5xx with JSON
/// <c>{"error_summary": "…", "error": {".tag": …}}</c>: <c>error_summary</c> is the reason, as it comes;</item>
/// <item>anything else: the status line.</item>
/// </list>
/// The body is kept (as JSON when it parses); the request's bearer token, should Dropbox echo it, is masked in both.
/// </summary>
internal static class DropboxErrors
{
    private static string Kind => DropboxAttachmentHandler.HandlerKind;

    /// <summary>Reads a failed response into Kazoo's <c>invalid</c> error.</summary>
    public static async Task<AttachmentHandlerException> FromResponseAsync(HttpResponseMessage response, string token, CancellationToken cancellationToken)
    {
        var text = await AttachmentHandlerException.ReadBodyAsync(response, cancellationToken: cancellationToken).ConfigureAwait(false);

        if (token.Length > 0)
        {
            text = text.Replace(token, SecretMask.Masked, StringComparison.Ordinal);
        }

        var body = text.Length == 0 ? (JsonElement?)null : AttachmentHandlerException.BodyFrom(text, response.Content.Headers.ContentType?.MediaType);
        var code = (int)response.StatusCode;
        return new AttachmentHandlerException(Kind, code, Reason(body, text, code, response.ReasonPhrase), body);
    }

    /// <summary>The <c>error_summary</c> of a JSON error body, or null.</summary>
    public static string? Summary(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } json
        && json.TryGetProperty("error_summary", out var summary) && summary.ValueKind == JsonValueKind.String
        && summary.GetString() is { Length: > 0 } said
            ? said
            : null;

    /// <summary>The <c>correct_offset</c> of an <c>incorrect_offset</c> error (of <c>append_v2</c>, or under <c>lookup_failed</c> of <c>finish</c>).</summary>
    public static long? CorrectOffset(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Tag(error) == "lookup_failed" && error.TryGetProperty("lookup_failed", out var lookup) && lookup.ValueKind == JsonValueKind.Object)
        {
            error = lookup;
        }

        return Tag(error) == "incorrect_offset" && error.TryGetProperty("correct_offset", out var offset) && offset.TryGetInt64(out var value)
            ? value
            : null;
    }

    /// <summary>How long Dropbox asks to wait: the <c>Retry-After</c> header, else the body's <c>error.retry_after</c> (seconds).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now, JsonElement? body)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        return body is { ValueKind: JsonValueKind.Object } json
            && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("retry_after", out var seconds) && seconds.TryGetInt32(out var value) && value >= 0
                ? TimeSpan.FromSeconds(value)
                : null;
    }

    private static string? Tag(JsonElement union) =>
        union.TryGetProperty(".tag", out var tag) && tag.ValueKind == JsonValueKind.String ? tag.GetString() : null;

    private static string Reason(JsonElement? body, string text, int code, string? reasonPhrase)
    {
        if (Summary(body) is { } summary)
        {
            return summary;
        }

        // Dropbox's 400s are plain text that says what was wrong with the call; keep it, on one line.
        if (body is { ValueKind: JsonValueKind.String } && text.Trim() is { Length: > 0 } plain)
        {
            var line = plain.ReplaceLineEndings(" ");
            return line.Length <= 1000 ? line : line[..1000] + "…";
        }

        return $"{code} {reasonPhrase}".TrimEnd();
    }
}
