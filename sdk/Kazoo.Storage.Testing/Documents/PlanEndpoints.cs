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

    /// <summary>The list and PUT; one plan's routes are a document's (<see cref="StorageEndpoints"/>).</summary>
    public static Task HandleAsync(CrossbarRequest request) => (request.Route.PlanId, request.Method) switch
    {
        (null, "GET") => ListAsync(request),
        (null, _) => CreateAsync(request),
        _ => StorageEndpoints.HandleAsync(request),
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
        if (await RequestDocument.ValidateAsync(request, data).ConfigureAwait(false) is { } valid)
        {
            var id = valid["id"] is JsonValue given && given.TryGetValue<string>(out var text) && text.Length > 0 ? text : Guid.NewGuid().ToString("N");
            var document = RequestDocument.Compose(request, id, valid, null, RequestDocument.PlanType, request.Route.AccountId);
            document["pvt_system_plan"] = IsSystem(request);
            await StorageEndpoints.CreateAsync(request, document, data).ConfigureAwait(false);
        }
    }
}
