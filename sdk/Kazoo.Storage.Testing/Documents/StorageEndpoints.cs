using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Testing.Json;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// <c>/v2/storage</c>, <c>/v2/accounts/{A}/storage</c> and <c>/v2/accounts/{A}/users/{U}/storage</c> (spec §2.2): one
/// document each, with id <c>system</c>, A or U in <c>system_data</c>.
/// </summary>
internal static class StorageEndpoints
{
    public static Task HandleAsync(CrossbarRequest request) => request.Method switch
    {
        "GET" => GetAsync(request),
        "PUT" => PutAsync(request),
        "POST" => PostAsync(request),
        "PATCH" => PatchAsync(request),
        _ => DeleteAsync(request),
    };

    private static string DocumentId(Route route) => route.Kind switch
    {
        RouteKind.SystemStorage => "system",
        RouteKind.UserStorage => route.UserId!,
        _ => route.AccountId!,
    };

    /// <summary>GET: the public members plus <c>id</c>; 404 when there is no document of type <c>storage</c>.</summary>
    private static Task GetAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        var document = request.State.Store.Get(id);
        return document is null || RequestDocument.TypeOf(document) != RequestDocument.StorageType
            ? CrossbarResponse.BadIdentifierAsync(request, id)
            : CrossbarResponse.SuccessAsync(request, 200, PrivateFields.ForResponse(document), RequestDocument.RevisionOf(document));
    }

    /// <summary>
    /// PUT creates only: validate, set type and id, probe, save. An existing id is CouchDB's conflict, found at the save,
    /// after the probe (409). 201 with <c>location</c> = the request path + <c>/{id}</c> (Corrections #10).
    /// </summary>
    private static async Task PutAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        var data = RequestDocument.PublicData(request);
        if (await RequestDocument.ValidateAsync(request, data).ConfigureAwait(false) is not { } valid)
        {
            return;
        }

        var document = RequestDocument.Compose(request, id, valid, null, RequestDocument.StorageType, request.Route.AccountId);
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            if (!await SettingsProber.CheckAsync(request, document, data).ConfigureAwait(false))
            {
                return;
            }

            if (request.State.Store.Create(document) is not { } saved)
            {
                await CrossbarResponse.ConflictAsync(request).ConfigureAwait(false);
                return;
            }

            request.Context.Response.Headers.Location = request.Path + "/" + id;
            await CrossbarResponse.SuccessAsync(request, 201, PrivateFields.ForResponse(saved), RequestDocument.RevisionOf(saved)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// POST replaces the public content: validate the request, load the stored document (404; type <c>storage</c> or
    /// <c>storage_plan</c>), keep only its private members, probe, save.
    /// </summary>
    private static async Task PostAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        var data = RequestDocument.PublicData(request);
        if (await RequestDocument.ValidateAsync(request, data).ConfigureAwait(false) is not { } valid)
        {
            return;
        }

        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            var stored = request.State.Store.Get(id);
            if (stored is null || RequestDocument.TypeOf(stored) is not (RequestDocument.StorageType or RequestDocument.PlanType))
            {
                await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
                return;
            }

            var document = RequestDocument.Compose(request, id, valid, stored, RequestDocument.StorageType, request.Route.AccountId);
            await SaveAsync(request, document, data).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// PATCH: load (404), merge the request into the public members (Kazoo's merge: Corrections #1), validate the merged
    /// document, check the type as POST does, probe, save.
    /// </summary>
    private static async Task PatchAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            if (await MergeAsync(request, id) is not { } merged)
            {
                return;
            }

            var (stored, valid, data) = merged;
            if (RequestDocument.TypeOf(stored) is not (RequestDocument.StorageType or RequestDocument.PlanType))
            {
                await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
                return;
            }

            var document = RequestDocument.Compose(request, id, valid, stored, RequestDocument.StorageType, request.Route.AccountId);
            await SaveAsync(request, document, data).ConfigureAwait(false);
        }
    }

    /// <summary>DELETE is hard: the answer is the last public members plus <c>_read_only: {deleted: true}</c>.</summary>
    private static async Task DeleteAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            var stored = request.State.Store.Get(id);
            if (stored is null || RequestDocument.TypeOf(stored) != RequestDocument.StorageType)
            {
                await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
                return;
            }

            await DeletedAsync(request, request.State.Store.Delete(id)!).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The load-merge-validate part of PATCH, shared with the plan routes: the stored document, the validated merged
    /// public members and the merged data (where <c>validate_settings</c> is looked for); null when it answered 404 or 400.
    /// </summary>
    internal static async Task<(JsonObject Stored, JsonObject Valid, JsonNode Data)?> MergeAsync(CrossbarRequest request, string id)
    {
        // PATCH loads the document whatever its type (spec §2.2).
        var stored = request.State.Store.Get(id);
        if (stored is null)
        {
            await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
            return null;
        }

        var patch = RequestDocument.PublicData(request);
        if (patch is not JsonObject patchObject)
        {
            // Not an object: validated as is, so Crossbar's type error is the answer.
            await RequestDocument.ValidateAsync(request, patch).ConfigureAwait(false);
            return null;
        }

        var options = request.State.Options;
        JsonNode merged = PatchMerge.Merge(PrivateFields.PublicCopy(stored), patchObject, options.PatchNullDeletesKeys);
        if (options.PatchSortsKeysDescending)
        {
            merged = PatchMerge.SortDescending((JsonObject)merged);
        }

        return await RequestDocument.ValidateAsync(request, merged).ConfigureAwait(false) is { } valid ? (stored, valid, merged) : null;
    }

    internal static Task DeletedAsync(CrossbarRequest request, JsonObject deleted)
    {
        var data = PrivateFields.ForResponse(deleted);
        data["_read_only"] = new JsonObject { ["deleted"] = true };
        return CrossbarResponse.SuccessAsync(request, 200, data, RequestDocument.RevisionOf(deleted));
    }

    private static async Task SaveAsync(CrossbarRequest request, JsonObject document, JsonNode data)
    {
        if (!await SettingsProber.CheckAsync(request, document, data).ConfigureAwait(false))
        {
            return;
        }

        if (request.State.Store.Replace(document) is not { } saved)
        {
            await CrossbarResponse.BadIdentifierAsync(request, document["_id"]!.GetValue<string>()).ConfigureAwait(false);
            return;
        }

        await CrossbarResponse.SuccessAsync(request, 200, PrivateFields.ForResponse(saved), RequestDocument.RevisionOf(saved)).ConfigureAwait(false);
    }
}
