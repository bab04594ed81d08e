using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Testing.Json;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// <c>/v2/storage/plans[/{id}]</c> and <c>/v2/accounts/{A}/storage/plans[/{id}]</c> (spec §2.2): documents of type
/// <c>storage_plan</c>, validated with the <c>storage</c> schema, never probed.
/// </summary>
internal static class PlanEndpoints
{
    private const int DefaultPageSize = 50;

    public static Task HandleAsync(CrossbarRequest request) => (request.Route.PlanId, request.Method) switch
    {
        (null, "GET") => ListAsync(request),
        (null, _) => CreateAsync(request),
        (_, "GET") => GetAsync(request),
        (_, "POST") => PostAsync(request),
        (_, "PATCH") => PatchAsync(request),
        _ => DeleteAsync(request),
    };

    private static bool IsSystem(CrossbarRequest request) => request.Route.Kind is RouteKind.SystemPlans or RouteKind.SystemPlan;

    /// <summary>
    /// GET lists the raw stored documents (<c>_id</c>, <c>_rev</c>, <c>pvt_*</c> included) in id order, 50 a page by default:
    /// <c>page_size</c> and <c>start_key</c> (an id) in the query choose the page, <c>paginate=false</c> returns all;
    /// <c>next_start_key</c> names the next page's first id.
    /// </summary>
    private static Task ListAsync(CrossbarRequest request)
    {
        var system = IsSystem(request);
        var accountId = request.Route.AccountId;
        var plans = request.State.Store.Find(d =>
            RequestDocument.TypeOf(d) == RequestDocument.PlanType
            && (d["pvt_system_plan"] is JsonValue flag && flag.TryGetValue<bool>(out var isSystem) && isSystem) == system
            && (system || (d["pvt_account_id"] is JsonValue owner && owner.TryGetValue<string>(out var id) && id == accountId)));

        var query = request.Context.Request.Query;
        var startKey = query.TryGetValue("start_key", out var start) ? start.ToString() : null;
        if (startKey is not null)
        {
            plans = plans.Where(p => string.CompareOrdinal(p["_id"]!.GetValue<string>(), startKey) >= 0).ToList();
        }

        var paginate = !(query.TryGetValue("paginate", out var flagText) && flagText.ToString() == "false");
        var pageSize = query.TryGetValue("page_size", out var size) && int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted) && wanted > 0
            ? wanted
            : DefaultPageSize;
        var page = paginate ? plans.Take(pageSize).ToList() : plans.ToList();
        var next = paginate && plans.Count > page.Count ? plans[page.Count]["_id"]!.GetValue<string>() : null;

        var revision = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(string.Join(",", page.Select(RequestDocument.RevisionOf)))));
        return CrossbarResponse.SuccessAsync(request, 200, new JsonArray([.. page]), revision, envelope =>
        {
            envelope["page_size"] = page.Count;
            if (startKey is not null)
            {
                envelope["start_key"] = startKey;
            }

            if (next is not null)
            {
                envelope["next_start_key"] = next;
            }
        });
    }

    /// <summary>
    /// PUT validates, then saves a <c>storage_plan</c> (<c>pvt_system_plan</c> true only at <c>/v2/storage/plans</c>) with
    /// the body's <c>id</c>, or a random 32-hex id; 409 when the id exists. No probe.
    /// </summary>
    private static async Task CreateAsync(CrossbarRequest request)
    {
        var data = RequestDocument.PublicData(request);
        if (await RequestDocument.ValidateAsync(request, data).ConfigureAwait(false) is not { } valid)
        {
            return;
        }

        var id = valid["id"] is JsonValue given && given.TryGetValue<string>(out var text) && text.Length > 0 ? text : Guid.NewGuid().ToString("N");
        var document = RequestDocument.Compose(request, id, valid, null, RequestDocument.PlanType, request.Route.AccountId);
        document["pvt_system_plan"] = IsSystem(request);
        if (request.State.Store.Create(document) is not { } saved)
        {
            await CrossbarResponse.ConflictAsync(request).ConfigureAwait(false);
            return;
        }

        request.Context.Response.Headers.Location = request.Path + "/" + id;
        await CrossbarResponse.SuccessAsync(request, 201, PrivateFields.ForResponse(saved), RequestDocument.RevisionOf(saved)).ConfigureAwait(false);
    }

    /// <summary>
    /// GET one plan. Kazoo loads it expecting type <c>storage</c>, so a real plan is 404 (and <c>/storage/plans/system</c>
    /// returns the system storage document); with the bug switched off, plans (and only plans) are found.
    /// </summary>
    private static Task GetAsync(CrossbarRequest request)
    {
        var id = request.Route.PlanId!;
        var document = request.State.Store.Get(id);
        return document is not null && RequestDocument.TypeOf(document) == ExpectedType(request)
            ? CrossbarResponse.SuccessAsync(request, 200, PrivateFields.ForResponse(document), RequestDocument.RevisionOf(document))
            : CrossbarResponse.BadIdentifierAsync(request, id);
    }

    /// <summary>DELETE one plan: the same type check (and bug) as GET, then a hard delete.</summary>
    private static async Task DeleteAsync(CrossbarRequest request)
    {
        var id = request.Route.PlanId!;
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            var document = request.State.Store.Get(id);
            if (document is null || RequestDocument.TypeOf(document) != ExpectedType(request))
            {
                await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
                return;
            }

            await StorageEndpoints.DeletedAsync(request, request.State.Store.Delete(id)!).ConfigureAwait(false);
        }
    }

    /// <summary>POST replaces a plan's public content (type <c>storage</c> or <c>storage_plan</c> accepted, so it works).</summary>
    private static async Task PostAsync(CrossbarRequest request)
    {
        var id = request.Route.PlanId!;
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

            await SaveAsync(request, RequestDocument.Compose(request, id, valid, stored, RequestDocument.PlanType, request.Route.AccountId)).ConfigureAwait(false);
        }
    }

    /// <summary>PATCH merges into a plan as into a storage document (it loads any type, so it works), without the probe.</summary>
    private static async Task PatchAsync(CrossbarRequest request)
    {
        var id = request.Route.PlanId!;
        using (await request.State.Store.LockAsync(id, request.Aborted).ConfigureAwait(false))
        {
            if (await StorageEndpoints.MergeAsync(request, id).ConfigureAwait(false) is not { } merged)
            {
                return;
            }

            if (RequestDocument.TypeOf(merged.Stored) is not (RequestDocument.StorageType or RequestDocument.PlanType))
            {
                await CrossbarResponse.BadIdentifierAsync(request, id).ConfigureAwait(false);
                return;
            }

            await SaveAsync(request, RequestDocument.Compose(request, id, merged.Valid, merged.Stored, RequestDocument.PlanType, request.Route.AccountId)).ConfigureAwait(false);
        }
    }

    private static string ExpectedType(CrossbarRequest request) =>
        request.State.Options.PlanGetAndDeleteTypeCheckBug ? RequestDocument.StorageType : RequestDocument.PlanType;

    private static async Task SaveAsync(CrossbarRequest request, JsonObject document)
    {
        var saved = request.State.Store.Replace(document)!;
        await CrossbarResponse.SuccessAsync(request, 200, PrivateFields.ForResponse(saved), RequestDocument.RevisionOf(saved)).ConfigureAwait(false);
    }
}
