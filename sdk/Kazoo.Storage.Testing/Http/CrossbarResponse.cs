using System.Globalization;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Json;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.Testing.Http;

/// <summary>Crossbar's response envelopes (spec §3.1) and its system errors (spec §3.2).</summary>
internal static class CrossbarResponse
{
    /// <summary>A success envelope: <c>data</c>, <c>revision</c> when given, <c>status: "success"</c>.</summary>
    public static Task SuccessAsync(CrossbarRequest request, int statusCode, JsonNode? data, string? revision = null, Action<JsonObject>? extra = null)
    {
        var envelope = new JsonObject
        {
            ["auth_token"] = request.Session?.Token ?? request.AuthToken ?? string.Empty,
            ["data"] = data,
        };
        AddCommon(request, envelope);
        if (revision is not null)
        {
            envelope["revision"] = revision;
        }

        envelope["status"] = "success";
        extra?.Invoke(envelope);
        return WriteAsync(request.Context, request.RequestId, statusCode, Sorted(envelope));
    }

    /// <summary>
    /// An error envelope: <c>error</c> is the status as a string; <c>auth_token</c> only when the client sent a token
    /// (Corrections #9); no <c>revision</c>.
    /// </summary>
    public static Task ErrorAsync(CrossbarRequest request, int statusCode, string message, JsonNode? data) =>
        ErrorAsync(request.Context, request.State, request.RequestId, request.AuthToken, request.Session is not null, statusCode, message, data);

    public static Task ErrorAsync(HttpContext context, EmulatorState state, string requestId, string? authToken, bool authenticated, int statusCode, string message, JsonNode? data)
    {
        var envelope = new JsonObject();
        if (authToken is not null)
        {
            envelope["auth_token"] = authToken;
        }

        envelope["data"] = data ?? new JsonObject();
        envelope["error"] = statusCode.ToString(CultureInfo.InvariantCulture);
        envelope["message"] = message;
        envelope["node"] = state.Node;
        envelope["request_id"] = requestId;
        envelope["status"] = "error";
        envelope["timestamp"] = Timestamp(state.Now);
        envelope["tokens"] = Tokens();
        if (authenticated)
        {
            envelope["version"] = state.Version;
        }

        return WriteAsync(context, requestId, statusCode, envelope);
    }

    /// <summary>400 <c>validation error</c> with Crossbar's flat path → code → detail object.</summary>
    public static Task ValidationErrorAsync(CrossbarRequest request, JsonNode errors) => ErrorAsync(request, 400, "validation error", errors);

    /// <summary>400 <c>validation error</c> with one error.</summary>
    public static Task ValidationErrorAsync(CrossbarRequest request, string path, string code, JsonObject detail) =>
        ValidationErrorAsync(request, new JsonObject { [path] = new JsonObject { [code] = detail } });

    /// <summary>404 <c>bad_identifier</c>: no document, or the wrong type (spec §3.2).</summary>
    public static Task BadIdentifierAsync(CrossbarRequest request, string id) =>
        ErrorAsync(request, 404, "bad_identifier", new JsonObject { ["cause"] = id, ["message"] = "bad identifier" });

    /// <summary>409 <c>datastore_conflict</c>: CouchDB refused the create because the id exists.</summary>
    public static Task ConflictAsync(CrossbarRequest request) =>
        ErrorAsync(request, 409, "datastore_conflict", new JsonObject { ["message"] = "conflicting documents" });

    /// <summary>403 <c>forbidden</c>.</summary>
    public static Task ForbiddenAsync(CrossbarRequest request) =>
        ErrorAsync(request, 403, "forbidden", new JsonObject { ["message"] = "forbidden" });

    /// <summary>401 for bad login credentials or for a request without a token.</summary>
    public static Task InvalidCredentialsAsync(CrossbarRequest request) =>
        ErrorAsync(request, 401, "invalid_credentials", new JsonObject { ["message"] = "invalid credentials" });

    /// <summary>401 for an expired, revoked or unknown token (Kazoo's JWT check, spec §9.3).</summary>
    public static Task InvalidTokenAsync(CrossbarRequest request) =>
        ErrorAsync(request, 401, "invalid credentials", new JsonObject());

    /// <summary>Crossbar's <c>timestamp</c>: ISO-8601 in UTC to the second, ending in <c>Z</c>.</summary>
    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void AddCommon(CrossbarRequest request, JsonObject envelope)
    {
        envelope["node"] = request.State.Node;
        envelope["request_id"] = request.RequestId;
        envelope["timestamp"] = Timestamp(request.State.Now);
        envelope["tokens"] = Tokens();
        if (request.Session is not null)
        {
            envelope["version"] = request.State.Version;
        }
    }

    /// <summary>The rate-limit bucket; the emulator never limits.</summary>
    private static JsonObject Tokens() => new() { ["consumed"] = 1, ["remaining"] = 99 };

    private static JsonObject Sorted(JsonObject envelope)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in envelope.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            envelope.Remove(key);
            sorted[key] = value;
        }

        return sorted;
    }

    private static async Task WriteAsync(HttpContext context, string requestId, int statusCode, JsonObject envelope)
    {
        var body = JsonText.ToUtf8(envelope);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.Headers["x-request-id"] = requestId;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
