using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Testing.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// Kazoo's settings probe (spec §6) for PUT, POST and PATCH on <c>/storage</c>, run after validation: each attachment entry
/// whose <c>_sig</c> is missing or differs from its current signature is handed to the <see cref="SettingsProbe"/> or the
/// <see cref="IAttachmentHandler"/> registered for its <c>handler</c> (<see cref="SettingsProbes"/>), one entry after the other; a success writes <c>_sig</c> into the entry, a failure
/// becomes <c>attachments.{id}</c> → <c>invalid</c>. A handler kind with no registered probe passes (as a backend that accepts
/// everything would).
/// </summary>
internal static class SettingsProber
{
    private const string ForbiddenMessage = "The system does not allow bypassing settings validation";

    /// <summary>
    /// Runs the probe over <paramref name="document"/>'s attachments (writing <c>_sig</c>s into it). Returns false when it
    /// answered the request with a 400.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="document">The validated document about to be saved.</param>
    /// <param name="requestData">Where <c>validate_settings</c> is looked for first (for PATCH, the merged document).</param>
    public static async Task<bool> CheckAsync(CrossbarRequest request, JsonObject document, JsonNode? requestData)
    {
        // Kazoo's kz_term:is_true: only true and "true" validate; any other value asks to skip (spec §2.3).
        var flag = request.Value("validate_settings", requestData);
        if (flag is not null && !IsTrue(flag))
        {
            if (request.State.Options.AllowValidationOverrides)
            {
                return true;
            }

            await CrossbarResponse.ValidationErrorAsync(request, "validate_settings", "forbidden", new JsonObject { ["message"] = ForbiddenMessage }).ConfigureAwait(false);
            return false;
        }

        if (document["attachments"] is not JsonObject attachments)
        {
            return true;
        }

        var errors = new JsonObject();
        foreach (var (id, node) in attachments.ToList())
        {
            if (node is not JsonObject entry)
            {
                continue;
            }

            var signature = StorageDocumentProbe.ComputeSignature(JsonSerializer.SerializeToElement(entry));
            if (entry["_sig"] is JsonValue sent && sent.TryGetValue<string>(out var sig) && sig == signature)
            {
                continue;
            }

            var result = await ProbeAsync(request, id, entry).ConfigureAwait(false);
            if (result.Success)
            {
                entry["_sig"] = signature;
            }
            else
            {
                errors[id.Replace(".", "%2E", StringComparison.Ordinal)] = new JsonObject { ["invalid"] = Detail(result) };
            }
        }

        if (errors.Count == 0)
        {
            return true;
        }

        var paths = new JsonObject();
        foreach (var (id, error) in errors.ToList())
        {
            errors.Remove(id);
            paths["attachments." + id] = error;
        }

        await CrossbarResponse.ValidationErrorAsync(request, paths).ConfigureAwait(false);
        return false;
    }

    private static async Task<ProbeResult> ProbeAsync(CrossbarRequest request, string id, JsonObject entry)
    {
        var kind = entry["handler"] is JsonValue handler && handler.TryGetValue<string>(out var text) ? text : string.Empty;
        var probes = request.State.Probes;
        var probe = probes.DelegateFor(kind);
        if (probe is null && !probes.HasHandler(kind))
        {
            return ProbeResult.Ok;
        }

        try
        {
            var json = JsonText.ToElement(PrivateFields.PublicCopy(entry));
            if (probe is not null)
            {
                return await probe(id, json, request.Route.AccountId, request.Aborted).ConfigureAwait(false) ?? ProbeResult.Ok;
            }

            // The same lookup as the SDK's store: the entry as its generated record, the handler registered for it.
            var backend = AttachmentHandlerProbe.ReadEntry(json);
            return probes.HandlerFor(backend) is { } attachmentHandler
                ? ProbeResult.Of(await AttachmentProbe.ProbeAsync(attachmentHandler, backend, request.Route.AccountId, request.State.Options.TimeProvider, request.Aborted).ConfigureAwait(false))
                : ProbeResult.Ok;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && request.Aborted.IsCancellationRequested))
        {
            // A probe that throws is a backend that failed in an unexpected way: Kazoo's default code, the reason as message.
            return new ProbeResult(false, 500, null, ex.Message);
        }
    }

    private static JsonObject Detail(ProbeResult result) => new()
    {
        ["error_code"] = result.ErrorCode,
        ["error_body"] = result.ErrorBody is { } body ? JsonText.ToNode(body) : string.Empty,
        ["message"] = result.Message ?? (ReasonPhrases.GetReasonPhrase(result.ErrorCode) is { Length: > 0 } phrase ? phrase : "error"),
    };

    private static bool IsTrue(JsonNode flag) => flag is JsonValue value
        && ((value.TryGetValue<bool>(out var boolean) && boolean) || (value.TryGetValue<string>(out var text) && text == "true"));
}
