using Kazoo.Storage.Models;

namespace Kazoo.Storage.Plans;

/// <summary>
/// The storage documents a plan is resolved from (spec §8.3). Each may be absent. They are the <c>data</c> of
/// <c>GET /v2/storage</c>, <c>GET /v2/accounts/{ACCOUNT_ID}/storage</c> and
/// <c>GET /v2/accounts/{ACCOUNT_ID}/users/{USER_ID}/storage</c>.
/// </summary>
public sealed record StoragePlanInputs
{
    /// <summary>The <c>system</c> document, deep-merged on top of <see cref="StoragePlanDefaults.System"/>; null when there is none.</summary>
    public StorageDocument? System { get; init; }

    /// <summary>
    /// The storage document of the account the database belongs to (its id is the account id); null when the account has
    /// none, in which case account databases use the system plan.
    /// </summary>
    public StorageDocument? Account { get; init; }

    /// <summary>
    /// The storage document whose id is <see cref="StorageQuery.OwnerId"/> (a user's); used only when the query names an
    /// owner and the database is an account, MODB or YODB database of an account Kazoo can identify.
    /// </summary>
    public StorageDocument? Owner { get; init; }
}
