using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Testing.Json;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// The routes of one document (spec §2.2): <c>/v2/storage</c>, <c>/v2/accounts/{A}/storage</c> and
/// <c>/v2/accounts/{A}/users/{U}/storage</c>, one document each, with id <c>system</c>, A or U in <c>system_data</c>; and one
/// plan, <c>…/storage/plans/{id}</c>, handled the same way except that a plan is written as <c>storage_plan</c>, never probed,
/// and read and deleted through Kazoo's type-check bug (the plan list and PUT are <see cref="PlanEndpoints"/>').
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

    private static string DocumentId(Route route) => route.PlanId ?? route.Kind switch
    {
        RouteKind.SystemStorage => "system",
        RouteKind.UserStorage => route.UserId!,
        _ => route.AccountId!,
    };

    /// <summary>The type a write gives the document: <c>storage_plan</c> on a plan's route, else <c>storage</c>.</summary>
    private static string WrittenType(CrossbarRequest request) => request.Route.IsPlan ? RequestDocument.PlanType : RequestDocument.StorageType;

    /// <summary>
    /// The type GET and DELETE load the document as: <c>storage</c>, also on a plan's route (Kazoo's type-check bug, so a real
    /// plan is 404 there and <c>/storage/plans/system</c> is the system document); with the bug switched off, a plan's route
    /// finds plans only.
    /// </summary>
    private static string LoadedType(CrossbarRequest request) =>
        request.Route.IsPlan && !request.State.Options.PlanGetAndDeleteTypeCheckBug ? RequestDocument.PlanType : RequestDocument.StorageType;

    /// <summary>GET: the public members plus <c>id</c>; 404 when there is no document of the <see cref="LoadedType"/>.</summary>
    private static Task GetAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        var document = request.State.Store.Get(id);
        return document is null || RequestDocument.TypeOf(document) != LoadedType(request)
            ? CrossbarResponse.BadIdentifierAsync(request, id)
            : CrossbarResponse.SuccessAsync(request, 200, PrivateFields.ForResponse(document), RequestDocument.RevisionOf(document));
    }

    /// <summary>PUT creates only: validate, set type and id, then <see cref="CreateAsync"/>.</summary>
    private static async Task PutAsync(CrossbarRequest request)
    {
        var data = RequestDocument.PublicData(request);
        if (await RequestDocument.ValidateAsync(request, data).ConfigureAwait(false) is { } valid)
        {
            var document = RequestDocument.Compose(request, DocumentId(request.Route), valid, null, RequestDocument.StorageType, request.Route.AccountId);
            await CreateAsync(request, document, data).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Saves a new document: probe (not a plan), save. An existing id is CouchDB's conflict, found at the save, after the
    /// probe (409). 201 with <c>location</c> = the request path + <c>/{id}</c> (Corrections #10).
    /// </summary>
    internal static async Task CreateAsync(CrossbarRequest request, JsonObject document, JsonNode data)
    {
        var id = document["_id"]!.GetValue<string>();
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            if (!await ProbeAsync(request, document, data).ConfigureAwait(false))
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
    /// <c>storage_plan</c>, so it works on plans), keep only its private members, probe, save.
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
            await ReplaceAsync(request, id, request.State.Store.Get(id), valid, data).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// PATCH: load any type (404), merge the request into the public members (Kazoo's merge: Corrections #1), validate the
    /// merged document, then check the type and save as POST does.
    /// </summary>
    private static async Task PatchAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            if (await MergeAsync(request, id).ConfigureAwait(false) is { } merged)
            {
                await ReplaceAsync(request, id, merged.Stored, merged.Valid, merged.Data).ConfigureAwait(false);
            }
        }
    }

    /// <summary>DELETE is hard, for a document of the <see cref="LoadedType"/>: the answer is the last public members plus <c>_read_only: {deleted: true}</c>.</summary>
    private static async Task DeleteAsync(CrossbarRequest request)
    {
        var id = DocumentId(request.Route);
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            var stored = request.State.Store.Get(id);
            if (stored is null || RequestDocument.TypeOf(stored) != LoadedType(request))
            {
                await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
                return;
            }

            var deleted = request.State.Store.Delete(id)!;
            var data = PrivateFields.ForResponse(deleted);
            data["_read_only"] = new JsonObject { ["deleted"] = true };
            await CrossbarResponse.SuccessAsync(request, 200, data, RequestDocument.RevisionOf(deleted)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The load-merge-validate part of PATCH: the stored document, the validated merged public members and the merged data
    /// (where <c>validate_settings</c> is looked for); null when it answered 404 or 400.
    /// </summary>
    private static async Task<(JsonObject Stored, JsonObject Valid, JsonNode Data)?> MergeAsync(CrossbarRequest request, string id)
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

    /// <summary>
    /// The save of POST and PATCH: 404 unless the stored document is a <c>storage</c> or <c>storage_plan</c>; else its
    /// private members with the new public ones, probed (not a plan) and saved.
    /// </summary>
    private static async Task ReplaceAsync(CrossbarRequest request, string id, JsonObject? stored, JsonObject valid, JsonNode data)
    {
        if (stored is null || RequestDocument.TypeOf(stored) is not (RequestDocument.StorageType or RequestDocument.PlanType))
        {
            await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
            return;
        }

        var document = RequestDocument.Compose(request, id, valid, stored, WrittenType(request), request.Route.AccountId);
        if (!await ProbeAsync(request, document, data).ConfigureAwait(false))
        {
            return;
        }

        if (request.State.Store.Replace(document) is not { } saved)
        {
            await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
            return;
        }

        await CrossbarResponse.SuccessAsync(request, 200, PrivateFields.ForResponse(saved), RequestDocument.RevisionOf(saved)).ConfigureAwait(false);
    }

    /// <summary>Kazoo's settings probe for a storage document (<see cref="SettingsProber"/>); plans are never probed.</summary>
    private static Task<bool> ProbeAsync(CrossbarRequest request, JsonObject document, JsonNode data) =>
        request.Route.IsPlan ? Task.FromResult(true) : SettingsProber.CheckAsync(request, document, data);
}
