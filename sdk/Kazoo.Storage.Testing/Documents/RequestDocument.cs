using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Testing.Json;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// The steps every storage write shares: the request's public data, validation against the <c>storage</c> schema with
/// Kazoo's verdicts (spec §5.1; other requests' schemas through <see cref="CheckAsync"/>), the defaults Kazoo writes in
/// (spec §3.3) and the private metadata of a saved document.
/// </summary>
internal static class RequestDocument
{
    public const string StorageType = "storage";
    public const string PlanType = "storage_plan";

    /// <summary>The request's <c>data</c> without its top-level <c>_</c>/<c>pvt_</c> keys (Kazoo strips them); <c>{}</c> when absent.</summary>
    public static JsonNode PublicData(CrossbarRequest request) => request.Data switch
    {
        null => new JsonObject(),
        JsonObject data => PrivateFields.PublicCopy(data),
        var other => other.DeepClone(),
    };

    /// <summary>
    /// Validates the document as Crossbar does and returns it with schema defaults written in; writes the 400 answer and
    /// returns null when it is not valid.
    /// </summary>
    public static async Task<JsonObject?> ValidateAsync(CrossbarRequest request, JsonNode document) =>
        await CheckAsync(request, document, StorageDocument.Validator).ConfigureAwait(false)
            // A valid storage document is an object: the schema's type says so.
            ? (JsonObject)KazooStorageJson.Schemas.ApplyDefaults(document.DeepClone(), StorageType, request.State.Options.Validation)!
            : null;

    /// <summary>
    /// Validates a request's data against one of Kazoo's schemas, as Crossbar does; writes the 400 answer (the validator's
    /// errors, or <c>json.invalid</c>) and returns false when it is not valid.
    /// </summary>
    public static async Task<bool> CheckAsync(CrossbarRequest request, JsonNode document, SchemaValidator validator)
    {
        ValidationErrors errors;
        try
        {
            errors = validator.Validate(JsonText.ToUtf8(document), request.State.Options.Validation);
        }
        catch (JsonException ex)
        {
            await CrossbarResponse.ValidationErrorAsync(request, "json", "invalid", new JsonObject { ["message"] = ex.Message, ["target"] = "body" }).ConfigureAwait(false);
            return false;
        }

        if (!errors.IsValid)
        {
            await CrossbarResponse.ValidationErrorAsync(request, JsonNode.Parse(errors.ToJson())!).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>
    /// A document to save: <c>_id</c> first, then the public members (a public <c>id</c> is dropped: GET answers with the
    /// real one), then the private ones: <paramref name="keep"/>'s (a replaced document's), then Kazoo's metadata
    /// (<c>crossbar_doc</c>'s <c>pvt_*</c>; times in Gregorian seconds as Kazoo counts them).
    /// </summary>
    public static JsonObject Compose(CrossbarRequest request, string id, JsonObject publicMembers, JsonObject? keep, string type, string? accountId)
    {
        var document = new JsonObject { ["_id"] = id };
        if (keep?["_rev"] is { } rev)
        {
            document["_rev"] = rev.DeepClone();
        }

        foreach (var (key, value) in publicMembers)
        {
            if (key != "id" && !PrivateFields.IsPrivate(key))
            {
                document[key] = value?.DeepClone();
            }
        }

        if (keep is not null)
        {
            foreach (var (key, value) in keep)
            {
                if (PrivateFields.IsPrivate(key) && key is not ("_id" or "_rev"))
                {
                    document[key] = value?.DeepClone();
                }
            }
        }

        var now = GregorianSeconds(request.State.Now);
        document["pvt_type"] ??= type;
        document["pvt_account_db"] = "system_data";
        if (accountId is not null)
        {
            document["pvt_account_id"] ??= accountId;
        }

        document["pvt_created"] ??= now;
        document["pvt_modified"] = now;
        document["pvt_vsn"] = "1";
        document["pvt_request_id"] = request.RequestId;
        document["pvt_auth_account_id"] = request.Session!.AccountId;
        if (request.Session.OwnerId is { } owner)
        {
            document["pvt_auth_user_id"] = owner;
        }
        else
        {
            document.Remove("pvt_auth_user_id");
        }

        document["pvt_is_authenticated"] = true;
        return document;
    }

    /// <summary>The document's <c>pvt_type</c>, or null.</summary>
    public static string? TypeOf(JsonObject document) =>
        document["pvt_type"] is JsonValue value && value.TryGetValue<string>(out var type) ? type : null;

    /// <summary>The document's <c>_rev</c>.</summary>
    public static string RevisionOf(JsonObject document) => document["_rev"]!.GetValue<string>();

    private static long GregorianSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds() + 62_167_219_200L;
}
