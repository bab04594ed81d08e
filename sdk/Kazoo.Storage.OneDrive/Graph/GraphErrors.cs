using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>
/// Graph's failures in Kazoo's terms (spec §3.3, <c>kz_att_onedrive</c>): the HTTP status, the body, and Graph's
/// <c>error.message</c> as the reason (<c>{"error": {"code", "message", "innerError"}}</c>); the status line when there is
/// no message.
/// </summary>
internal static class GraphErrors
{
    private const string RetryableKey = "Kazoo.Storage.OneDrive.Retryable";

    /// <summary>Marks a failure an upload session may resume after: a 5xx, 408, 416 or 429 answer, a dropped connection, a timeout.</summary>
    /// <param name="failure">The failure.</param>
    public static AttachmentHandlerException Retryable(AttachmentHandlerException failure)
    {
        failure.Data[RetryableKey] = true;
        return failure;
    }

    /// <summary>Whether <see cref="Retryable"/> marked the failure (a reply Graph could not make sense of is not retried).</summary>
    /// <param name="failure">The failure.</param>
    public static bool IsRetryable(AttachmentHandlerException failure) => failure.Data[RetryableKey] is true;

    /// <summary>Graph's own error code (<c>error.code</c>, e.g. <c>itemNotFound</c>) in a failure's body, if any.</summary>
    /// <param name="failure">The failure.</param>
    public static string? CodeOf(AttachmentHandlerException failure) =>
        failure.ErrorBody is { ValueKind: JsonValueKind.Object } body
        && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            ? code.GetString()
            : null;

    /// <summary>
    /// The value without the members that carry a credential: pre-authenticated URLs (<c>@microsoft.graph.downloadUrl</c>,
    /// <c>@content.downloadUrl</c>, <c>uploadUrl</c>), at any depth.
    /// </summary>
    /// <param name="value">A JSON value from Graph.</param>
    public static JsonElement WithoutCredentials(JsonElement value)
    {
        if (!Contains(value))
        {
            return value.Clone();
        }

        var node = JsonNode.Parse(value.GetRawText());
        Strip(node);
        using var stripped = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return stripped.RootElement.Clone();
    }

    private static bool IsCredential(string name) =>
        name.EndsWith("downloadUrl", StringComparison.OrdinalIgnoreCase) || name.Equals("uploadUrl", StringComparison.OrdinalIgnoreCase);

    private static bool Contains(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any(member => IsCredential(member.Name) || Contains(member.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(Contains),
        _ => false,
    };

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(member => member.Key).Where(IsCredential).ToArray())
                {
                    obj.Remove(name);
                }

                foreach (var member in obj)
                {
                    Strip(member.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }
}
