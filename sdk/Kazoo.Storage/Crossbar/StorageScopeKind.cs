namespace Kazoo.Storage.Crossbar;

/// <summary>Which storage document a <see cref="StorageScope"/> names.</summary>
public enum StorageScopeKind
{
    /// <summary>The system-wide document (<c>/v2/storage</c>, document id <c>system</c>).</summary>
    System,

    /// <summary>An account's document (<c>/v2/accounts/{ACCOUNT_ID}/storage</c>).</summary>
    Account,

    /// <summary>A user's document (<c>/v2/accounts/{ACCOUNT_ID}/users/{USER_ID}/storage</c>).</summary>
    User,
}
