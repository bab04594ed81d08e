using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>The <c>data</c> of a successful login (<c>PUT /v2/api_auth</c> or <c>PUT /v2/user_auth</c>). The token itself is the envelope's <c>auth_token</c>.</summary>
internal sealed record CrossbarAuthData
{
    /// <summary>The account the token belongs to (<c>account_id</c>).</summary>
    [JsonPropertyName("account_id")]
    public string? AccountId { get; init; }

    /// <summary>The user who logged in, for a user login (<c>owner_id</c>).</summary>
    [JsonPropertyName("owner_id")]
    public string? OwnerId { get; init; }

    /// <summary>The account's reseller (<c>reseller_id</c>).</summary>
    [JsonPropertyName("reseller_id")]
    public string? ResellerId { get; init; }

    /// <summary>Whether the account is a reseller (<c>is_reseller</c>).</summary>
    [JsonPropertyName("is_reseller")]
    public bool? IsReseller { get; init; }

    /// <summary>The account's or user's language (<c>language</c>).</summary>
    [JsonPropertyName("language")]
    public string? Language { get; init; }
}
