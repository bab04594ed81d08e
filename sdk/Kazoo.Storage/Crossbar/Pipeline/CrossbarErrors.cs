using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kazoo.Storage.Crossbar.Protocol;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.Validation;
using Polly.Timeout;
using Refit;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>Turns what Refit and the HTTP pipeline report into <see cref="CrossbarException"/>s with useful, secret-free messages.</summary>
internal static class CrossbarErrors
{
    public const string StorageModuleHint =
        "Crossbar has no such route: the storage module may not be enabled on this Kazoo server (run 'sup crossbar_maintenance start_module cb_storage').";

    public const string PlanTypeCheckHint =
        "Kazoo's GET and DELETE /storage/plans/{id} answer 404 bad_identifier even for existing plans (a type-check bug in Kazoo); the plan may exist.";

    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An answer that is not a success.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="operation">What was asked, e.g. <c>GET /v2/storage</c>.</param>
    /// <param name="notFoundHint">Said instead of the default when the answer is 404 <c>bad_identifier</c>.</param>
    /// <param name="isLogin">
    /// Whether the request was a login: Crossbar refuses credentials with 401, with 400 (an <c>api_key</c> that fails its
    /// schema) or with 404 <c>bad_identifier</c> (a well-formed key no account has); each is
    /// <see cref="CrossbarErrorKind.Unauthorized"/>, whatever the status.
    /// </param>
    public static CrossbarException FromResponse(IApiResponse response, string operation, string? notFoundHint = null, bool isLogin = false)
    {
        var status = response.StatusCode ?? 0;
        if (response.IsSuccessStatusCode)
        {
            // A 2xx whose body could not be read.
            return new CrossbarException(
                CrossbarErrorKind.InvalidResponse,
                operation + " answered " + (int)status + " with a body that is not Crossbar's JSON envelope." + RequestIdSuffix(RequestIdOf(response, null)),
                status, null, null, RequestIdOf(response, null), null, null, false, response.Error?.InnerException);
        }

        var envelope = ReadEnvelope((response.Error as ApiException)?.Content);
        var requestId = RequestIdOf(response, envelope?.RequestId);
        JsonElement? details = envelope is not null && envelope.Data.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? Masked(envelope.Data)
            : null;
        var errors = (int)status == 400 && details is { } data ? ValidationErrors.FromCrossbarData(data) : ValidationErrors.None;
        var kind = isLogin && (int)status is 400 or 401 or 404 ? CrossbarErrorKind.Unauthorized : CrossbarException.KindOf(status);

        var message = new StringBuilder()
            .Append(operation).Append(" failed: ").Append((int)status).Append(' ').Append(Reason(status));
        if (envelope?.Message is { Length: > 0 } crossbarMessage)
        {
            message.Append(" (").Append(crossbarMessage).Append(')');
        }

        message.Append('.');
        if (Hint(kind, envelope?.Message, notFoundHint) is { } hint)
        {
            message.Append(' ').Append(hint);
        }

        message.Append(RequestIdSuffix(requestId));
        if (!errors.IsValid)
        {
            message.AppendLine().Append(errors.ToString());
        }

        // Crossbar's words can quote what was sent (a URL with its password, a signed query): masked like everything else.
        var crossbarText = envelope?.Message is { } said ? SecretMask.MaskText(said) : null;
        return new CrossbarException(kind, SecretMask.MaskText(message.ToString()), status, envelope?.Error, crossbarText, requestId, errors, details, false, null);
    }

    /// <summary>A failure without an answer (or one the pipeline raised, such as a failed login).</summary>
    public static CrossbarException FromException(Exception exception, string operation)
    {
        var requestId = (exception as ApiExceptionBase)?.RequestMessage is { } request ? SentRequestId(request) : null;
        var cause = Unwrap(exception) ?? exception;
        return cause switch
        {
            CrossbarException crossbar => crossbar,
            TimeoutRejectedException or TaskCanceledException or TimeoutException => new CrossbarException(
                CrossbarErrorKind.Timeout, operation + " got no answer in time." + RequestIdSuffix(requestId), 0, null, null, requestId, null, null, false, cause),
            HttpRequestException http => new CrossbarException(
                CrossbarErrorKind.Transport, operation + " got no answer: " + SecretMask.MaskText(WithCauses(http)) + RequestIdSuffix(requestId), 0, null, null, requestId, null, null, false, cause),
            JsonException => new CrossbarException(
                CrossbarErrorKind.InvalidResponse, operation + " answered with a body that is not Crossbar's JSON envelope." + RequestIdSuffix(requestId), 0, null, null, requestId, null, null, false, cause),
            _ => new CrossbarException(
                CrossbarErrorKind.Other, operation + " failed: " + cause.GetType().Name + RequestIdSuffix(requestId), 0, null, null, requestId, null, null, false, cause),
        };
    }

    /// <summary>
    /// An exception's message followed by its causes' (a TLS failure says "see inner exception": the inner one says
    /// why, e.g. an untrusted root), each once.
    /// </summary>
    private static string WithCauses(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.Replace(", see inner exception", "", StringComparison.Ordinal).Replace("See the inner exception for details.", "", StringComparison.Ordinal).Trim();
            if (message.Length > 0 && !messages.Contains(message))
            {
                messages.Add(message.TrimEnd('.'));
            }
        }

        return string.Join(": ", messages) + ".";
    }

    /// <summary>The document broke the schema's rules; it was not sent.</summary>
    public static CrossbarException LocalValidation(ValidationErrors errors, string operation) => new(
        CrossbarErrorKind.BadRequest,
        operation + " was not sent: the document failed local validation (" + errors.Count + (errors.Count == 1 ? " error" : " errors")
            + "). Turn KazooStorageClientOptions.ValidateBeforeSending off to let Kazoo judge it." + Environment.NewLine + errors,
        HttpStatusCode.BadRequest, "400", "validation error", null, errors, errors.ToJsonElement(), true, null);

    /// <summary>A success without the <c>data</c> Crossbar always sends.</summary>
    public static CrossbarException MissingData(IApiResponse response, string operation) => new(
        CrossbarErrorKind.InvalidResponse,
        operation + " answered " + (int)(response.StatusCode ?? 0) + " without data." + RequestIdSuffix(RequestIdOf(response, null)),
        response.StatusCode ?? 0, null, null, RequestIdOf(response, null), null, null, false, null);

    /// <summary>The id of a request: the envelope's <c>request_id</c>, else the <c>x-request-id</c> answer header, else the one sent.</summary>
    public static string? RequestIdOf(IApiResponse response, string? fromEnvelope) =>
        fromEnvelope is { Length: > 0 } ? fromEnvelope
        : response.Headers is { } headers && headers.TryGetValues("x-request-id", out var values) && values.FirstOrDefault() is { Length: > 0 } fromHeader ? fromHeader
        : response.RequestMessage is { } request ? SentRequestId(request)
        : null;

    private static string? SentRequestId(HttpRequestMessage request) =>
        request.Headers.TryGetValues(CrossbarHeaders.RequestId, out var values) ? values.FirstOrDefault() : null;

    private static CrossbarEnvelope<JsonElement>? ReadEnvelope(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, CrossbarJson.GetTypeInfo<CrossbarEnvelope<JsonElement>>());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Hint(CrossbarErrorKind kind, string? crossbarMessage, string? notFoundHint) => kind switch
    {
        CrossbarErrorKind.NotFound when crossbarMessage != "bad_identifier" => StorageModuleHint,
        CrossbarErrorKind.NotFound => notFoundHint ?? "The document does not exist.",
        CrossbarErrorKind.Unauthorized => "Crossbar refused the credentials or the token (the client logs in again once per refused request).",
        CrossbarErrorKind.Forbidden => "The caller may not use this scope: the system scope needs a super-duper admin; an account's, a caller of that account, of an ancestor or its reseller; a user's, also an admin of its account or that user.",
        CrossbarErrorKind.Conflict => "The document already exists (PUT only creates: use ReplaceAsync or CreateOrReplaceAsync), or it changed meanwhile.",
        CrossbarErrorKind.TooManyRequests => "Crossbar's rate limit was reached.",
        CrossbarErrorKind.ServerError => "Kazoo or its datastore failed.",
        _ => null,
    };

    private static string Reason(HttpStatusCode status) =>
        ReasonPhrases.TryGetValue((int)status, out var reason) ? reason : status.ToString();

    private static readonly Dictionary<int, string> ReasonPhrases = new()
    {
        [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found", [405] = "Method Not Allowed",
        [408] = "Request Timeout", [409] = "Conflict", [413] = "Payload Too Large", [429] = "Too Many Requests",
        [500] = "Internal Server Error", [502] = "Bad Gateway", [503] = "Service Unavailable", [504] = "Gateway Timeout",
    };

    private static string RequestIdSuffix(string? requestId) => requestId is null ? string.Empty : " Request id: " + requestId + ".";

    private static Exception? Unwrap(Exception? exception)
    {
        while (exception is ApiRequestException { InnerException: { } inner })
        {
            exception = inner;
        }

        return exception;
    }

    /// <summary>
    /// A copy of Crossbar's error <c>data</c> masked by <see cref="SecretMask"/>'s one rule: every secret-named member's
    /// value and every URL secret (a <c>not_one_schema_valid</c> echoes the whole attachment entry), and the <c>value</c>
    /// and <c>cause</c> of an error whose path runs through a secret name, whatever their shape (a pattern error on
    /// <c>settings.secret</c> quotes the secret; a type error on <c>settings.key.0</c> quotes an item of it).
    /// </summary>
    private static JsonElement Masked(JsonElement data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            if (data.ValueKind != JsonValueKind.Object)
            {
                SecretMask.WriteMasked(writer, data);
            }
            else
            {
                writer.WriteStartObject();
                foreach (var path in data.EnumerateObject())
                {
                    writer.WritePropertyName(path.Name);
                    WritePathErrors(writer, path.Value, SecretMask.IsSecretPath(path.Name));
                }

                writer.WriteEndObject();
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WritePathErrors(Utf8JsonWriter writer, JsonElement codes, bool secretPath)
    {
        if (codes.ValueKind != JsonValueKind.Object)
        {
            SecretMask.WriteMasked(writer, codes, secretPath);
            return;
        }

        writer.WriteStartObject();
        foreach (var code in codes.EnumerateObject())
        {
            writer.WritePropertyName(code.Name);
            if (code.Value.ValueKind != JsonValueKind.Object)
            {
                SecretMask.WriteMasked(writer, code.Value, secretPath);
                continue;
            }

            writer.WriteStartObject();
            foreach (var member in code.Value.EnumerateObject())
            {
                writer.WritePropertyName(member.Name);
                SecretMask.WriteMasked(writer, member.Value, (secretPath && member.Name is "value" or "cause") || SecretMemberNames.IsSecret(member.Name));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
