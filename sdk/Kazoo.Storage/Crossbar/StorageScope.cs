namespace Kazoo.Storage.Crossbar;

/// <summary>
/// Which storage document a call reads or changes: the system-wide one, an account's or a user's. Storage plans exist
/// at system and account (reseller) scope only.
/// </summary>
public sealed record StorageScope
{
    private StorageScope(StorageScopeKind kind, string? accountId, string? userId)
    {
        Kind = kind;
        AccountId = accountId;
        UserId = userId;
        Route = kind switch
        {
            StorageScopeKind.System => "v2/storage",
            StorageScopeKind.Account => "v2/accounts/" + accountId + "/storage",
            _ => "v2/accounts/" + accountId + "/users/" + userId + "/storage",
        };
    }

    /// <summary>The system-wide storage document (<c>/v2/storage</c>); super-duper admins only.</summary>
    public static StorageScope System { get; } = new(StorageScopeKind.System, null, null);

    /// <summary>Which document this scope names.</summary>
    public StorageScopeKind Kind { get; }

    /// <summary>The account's id, for account and user scopes.</summary>
    public string? AccountId { get; }

    /// <summary>The user's id, for user scope.</summary>
    public string? UserId { get; }

    /// <summary>An account's storage document (<c>/v2/accounts/{accountId}/storage</c>).</summary>
    /// <param name="accountId">The account's id: 32 lowercase letters and digits, as Kazoo writes ids.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountId"/> is not a Kazoo id.</exception>
    public static StorageScope Account(string accountId) => new(StorageScopeKind.Account, KazooId.Check(accountId, nameof(accountId)), null);

    /// <summary>A user's storage document (<c>/v2/accounts/{accountId}/users/{userId}/storage</c>).</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException">An id is not a Kazoo id (32 lowercase letters and digits).</exception>
    public static StorageScope User(string accountId, string userId) =>
        new(StorageScopeKind.User, KazooId.Check(accountId, nameof(accountId)), KazooId.Check(userId, nameof(userId)));

    /// <summary>The route of this scope's storage document, e.g. <c>/v2/accounts/{id}/storage</c>.</summary>
    public string Path => "/" + Route;

    /// <summary>The route of this scope's storage document relative to Crossbar's base address: <see cref="Path"/> without its leading slash.</summary>
    internal string Route { get; }

    /// <summary><c>system</c>, <c>account {id}</c> or <c>user {id} of account {id}</c>.</summary>
    public override string ToString() => Kind switch
    {
        StorageScopeKind.System => "system",
        StorageScopeKind.Account => $"account {AccountId}",
        _ => $"user {UserId} of account {AccountId}",
    };

    /// <summary>The route of this scope's storage plans (<c>…/storage/plans</c>), relative to Crossbar's base address.</summary>
    /// <exception cref="ArgumentException">This is a user scope: plans exist at system and account (reseller) scope only.</exception>
    internal string PlansRoute => Kind != StorageScopeKind.User
        ? Route + "/plans"
        : throw new ArgumentException("Storage plans exist at system and account (reseller) scope only, not for " + this + ".", "scope");

    /// <summary>The route of one of this scope's storage plans (<c>…/storage/plans/{planId}</c>).</summary>
    /// <param name="planId">The plan's id: any one URL path segment (a plan may be created with the id its body names).</param>
    /// <exception cref="ArgumentException">This is a user scope, or <paramref name="planId"/> is empty or not one path segment.</exception>
    internal string PlanRoute(string planId)
    {
        var plans = PlansRoute;
        ArgumentException.ThrowIfNullOrWhiteSpace(planId);
        foreach (var c in planId)
        {
            if (c is '/' or '?' or '#' or '%' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException("A plan id is one URL path segment; this one contains '" + c + "'.", nameof(planId));
            }
        }

        return plans + "/" + planId;
    }
}
