namespace Kazoo.Storage.Testing;

/// <summary>An account known to a <see cref="CrossbarEmulator"/>.</summary>
/// <param name="Id">The account id: 32 lowercase hex characters.</param>
/// <param name="Name">The account name, for <c>PUT /v2/user_auth</c> with <c>account_name</c>.</param>
/// <param name="ApiKey">The account's API key (64 hex characters), for <c>PUT /v2/api_auth</c>.</param>
/// <param name="ParentId">The parent account's id; null for the master account.</param>
/// <param name="IsReseller">Whether the account is a reseller (<c>is_reseller</c>): only resellers have <c>/storage/plans</c>.</param>
public sealed record EmulatedAccount(string Id, string Name, string ApiKey, string? ParentId, bool IsReseller)
{
    /// <summary>The account's SIP realm, for <c>PUT /v2/user_auth</c> with <c>account_realm</c>: <c>{id}.sip.kazoo.test</c>.</summary>
    public string Realm => Id + ".sip.kazoo.test";
}
