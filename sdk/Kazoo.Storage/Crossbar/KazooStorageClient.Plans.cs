using System.Text.Json;
using Kazoo.Storage.Crossbar.Pipeline;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Crossbar;

/// <summary>Storage plans: <c>/v2/storage/plans</c> (system) and <c>/v2/accounts/{id}/storage/plans</c> (a reseller's).</summary>
/// <remarks>
/// Plans are validated with the storage schema and never probed. Through the API they do not change where data goes
/// (nothing sets <c>pvt_plan_id</c>, spec §1).
/// </remarks>
public partial class KazooStorageClient
{
    private const int MaxPlanPages = 1000;

    /// <summary>
    /// Lists the plans of a scope, every page (<c>GET …/storage/plans</c>). The entries are Kazoo's raw stored documents:
    /// <c>_id</c>, <c>_rev</c> and <c>pvt_*</c> are in their extension data.
    /// </summary>
    /// <param name="scope"><see cref="StorageScope.System"/> or an account scope (a reseller).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>All plans; the metadata is the last page's.</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is a user scope.</exception>
    /// <exception cref="CrossbarException">The call failed.</exception>
    public virtual async Task<CrossbarResponse<IReadOnlyList<StorageDocument>>> ListPlansAsync(StorageScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var call = new Call(HttpMethod.Get, scope.PlansRoute);
        var plans = new List<StorageDocument>();
        string? startKey = null;
        for (var page = 0; ; page++)
        {
            var key = startKey;
            var answer = await SendAsync(call, ct => _api.ListAsync(call.Route, key, null, ct), null, cancellationToken).ConfigureAwait(false);
            plans.AddRange(answer.Value);
            startKey = answer.NextStartKey is { } next ? StartKeyText(next) : null;
            if (startKey is null || answer.Value.Count == 0 || page + 1 >= MaxPlanPages)
            {
                return new CrossbarResponse<IReadOnlyList<StorageDocument>>(plans)
                {
                    Status = answer.Status,
                    Revision = answer.Revision,
                    RequestId = answer.RequestId,
                    Node = answer.Node,
                    Version = answer.Version,
                    Timestamp = answer.Timestamp,
                    Tokens = answer.Tokens,
                    PageSize = answer.PageSize,
                    NextStartKey = answer.NextStartKey,
                };
            }
        }
    }

    /// <summary>Creates a plan (<c>PUT …/storage/plans</c>); its id is random unless <paramref name="plan"/> has one.</summary>
    /// <param name="scope"><see cref="StorageScope.System"/> or a reseller account's scope.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved plan (201); its id is <see cref="StorageDocument.Id"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is a user scope.</exception>
    /// <exception cref="CrossbarException">409 when the id exists, 400 for validation errors, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> CreatePlanAsync(StorageScope scope, StorageDocument plan, CancellationToken cancellationToken = default) =>
        await SendDocumentAsync(scope, WriteCall(HttpMethod.Put, scope, static s => s.PlansRoute, plan), Serialize(plan), null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads a plan (<c>GET …/storage/plans/{id}</c>). Kazoo answers 404 for every real plan (a type-check bug, spec §2.2),
    /// so on that answer the client looks the plan up in the listing and returns its public members plus <c>id</c>,
    /// as the GET would have.
    /// </summary>
    /// <param name="scope"><see cref="StorageScope.System"/> or a reseller account's scope.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is a user scope.</exception>
    /// <exception cref="CrossbarException">404 when the plan is in neither answer, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> GetPlanAsync(StorageScope scope, string planId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var call = new Call(HttpMethod.Get, scope.PlanRoute(planId));
        try
        {
            return await SendAsync(call, null, null, CrossbarErrors.PlanTypeCheckHint, cancellationToken).ConfigureAwait(false);
        }
        catch (CrossbarException notFound) when (notFound.IsNotFound && notFound.CrossbarMessage == "bad_identifier")
        {
            CrossbarLog.PlanGetFallback(_logger, planId);
            var listing = await ListPlansAsync(scope, cancellationToken).ConfigureAwait(false);
            var stored = listing.Value.FirstOrDefault(p => IdOf(p) == planId);
            if (stored is null)
            {
                throw;
            }

            return new CrossbarResponse<StorageDocument>(PublicView(stored, planId))
            {
                Revision = stored.ExtensionData.TryGetValue("_rev", out var rev) && rev.ValueKind == JsonValueKind.String ? rev.GetString() : null,
                RequestId = listing.RequestId,
                Node = listing.Node,
                Version = listing.Version,
                Timestamp = listing.Timestamp,
                Tokens = listing.Tokens,
            };
        }
    }

    /// <summary>Replaces a plan (<c>POST …/storage/plans/{id}</c>).</summary>
    /// <param name="scope"><see cref="StorageScope.System"/> or a reseller account's scope.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="plan">The whole new plan.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved plan.</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is a user scope.</exception>
    /// <exception cref="CrossbarException">404 when there is none, 400 for validation errors, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> ReplacePlanAsync(StorageScope scope, string planId, StorageDocument plan, CancellationToken cancellationToken = default) =>
        await SendDocumentAsync(scope, WriteCall(HttpMethod.Post, scope, s => s.PlanRoute(planId), plan), Serialize(plan), null, cancellationToken).ConfigureAwait(false);

    /// <summary>Deep-merges a patch into a plan (<c>PATCH …/storage/plans/{id}</c>).</summary>
    /// <param name="scope"><see cref="StorageScope.System"/> or a reseller account's scope.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="patch">The patch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The merged, saved plan.</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is a user scope.</exception>
    /// <exception cref="CrossbarException">404 when there is none, 400 for validation errors, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> PatchPlanAsync(StorageScope scope, string planId, StoragePatch patch, CancellationToken cancellationToken = default) =>
        await SendPatchAsync(scope, WriteCall(HttpMethod.Patch, scope, s => s.PlanRoute(planId), patch), patch, null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Deletes a plan (<c>DELETE …/storage/plans/{id}</c>). Kazoo answers 404 <c>bad_identifier</c> for every real plan (a
    /// type-check bug, spec §2.2); the exception's message says so. Never retried.
    /// </summary>
    /// <param name="scope"><see cref="StorageScope.System"/> or a reseller account's scope.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deleted plan.</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is a user scope.</exception>
    /// <exception cref="CrossbarException">404 (see above), or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> DeletePlanAsync(StorageScope scope, string planId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await SendAsync(new Call(HttpMethod.Delete, scope.PlanRoute(planId)), null, null, CrossbarErrors.PlanTypeCheckHint, cancellationToken).ConfigureAwait(false);
    }

    private static string? IdOf(StorageDocument stored) =>
        stored.ExtensionData.TryGetValue("_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : stored.Id;

    /// <summary>What GET returns for a stored document: top-level <c>_*</c> and <c>pvt_*</c> members removed, <c>id</c> set.</summary>
    private static StorageDocument PublicView(StorageDocument stored, string id) => stored with
    {
        Id = id,
        ExtensionData = JsonExtensionData.Create(stored.ExtensionData.Where(m => !m.Key.StartsWith('_') && !m.Key.StartsWith("pvt_", StringComparison.Ordinal))),
    };

    /// <summary>Crossbar's <c>start_key</c> goes back in the query as text: a string as is, anything else as JSON.</summary>
    private static string? StartKeyText(JsonElement key) => key.ValueKind switch
    {
        JsonValueKind.String => key.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => key.GetRawText(),
    };
}
