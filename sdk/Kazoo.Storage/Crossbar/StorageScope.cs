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
    /// <param name="accountId">The account's id (Kazoo ids are 32 lowercase letters and digits).</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountId"/> is empty or cannot be a URL path segment.</exception>
    public static StorageScope Account(string accountId) => new(StorageScopeKind.Account, CheckId(accountId, nameof(accountId)), null);

    /// <summary>A user's storage document (<c>/v2/accounts/{accountId}/users/{userId}/storage</c>).</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException">An id is empty or cannot be a URL path segment.</exception>
    public static StorageScope User(string accountId, string userId) =>
        new(StorageScopeKind.User, CheckId(accountId, nameof(accountId)), CheckId(userId, nameof(userId)));

    /// <summary>The route of this scope's storage document, e.g. <c>/v2/accounts/{id}/storage</c>.</summary>
    public string Path => Kind switch
    {
        StorageScopeKind.System => "/v2/storage",
        StorageScopeKind.Account => $"/v2/accounts/{AccountId}/storage",
        _ => $"/v2/accounts/{AccountId}/users/{UserId}/storage",
    };

    /// <summary><c>system</c>, <c>account {id}</c> or <c>user {id} of account {id}</c>.</summary>
    public override string ToString() => Kind switch
    {
        StorageScopeKind.System => "system",
        StorageScopeKind.Account => $"account {AccountId}",
        _ => $"user {UserId} of account {AccountId}",
    };

    internal static string CheckId(string id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, parameterName);
        foreach (var c in id)
        {
            if (c is '/' or '?' or '#' or '%' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException("A Kazoo id is one URL path segment (32 lowercase letters and digits); this one contains '" + c + "'.", parameterName);
            }
        }

        return id;
    }
}
