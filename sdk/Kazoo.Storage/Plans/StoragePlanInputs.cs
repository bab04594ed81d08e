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
    /// owner and the database is an account, MODB or YODB database of an account Kazoo can identify, and only when Kazoo
    /// would find it there: a document whose <c>id</c> (or <c>_id</c>) is another one, or which belongs to another account
    /// (<see cref="OwnerAccountId"/>), is ignored as Kazoo ignores it.
    /// </summary>
    public StorageDocument? Owner { get; init; }

    /// <summary>
    /// The account <see cref="Owner"/> belongs to: the account in <c>/v2/accounts/{ACCOUNT_ID}/users/{USER_ID}/storage</c>,
    /// Kazoo's <c>pvt_account_id</c>. Null to take the document's own <c>pvt_account_id</c> (present in stored documents,
    /// not in what Crossbar's GET returns), and when that is missing too, the document is taken to be the database
    /// account's. Kazoo keeps users' storage documents per account, so another account's document never refines a plan.
    /// </summary>
    public string? OwnerAccountId { get; init; }
}
