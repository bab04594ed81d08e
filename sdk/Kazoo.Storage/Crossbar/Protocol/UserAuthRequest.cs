using System.Text;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// The <c>data</c> of <c>PUT /v2/user_auth</c>: the hashed user credentials and one way of naming the account
/// (its name, its SIP realm or one of its phone numbers).
/// </summary>
internal sealed record UserAuthRequest
{
    /// <summary>Lowercase hex hash of <c>lowercase(username):password</c> (<c>credentials</c>). A secret: <see cref="ToString"/> masks it.</summary>
    [JsonPropertyName("credentials")]
    public required string Credentials { get; init; }

    /// <summary>The hash used for <see cref="Credentials"/>: <c>md5</c> (<c>method</c>).</summary>
    [JsonPropertyName("method")]
    public string Method { get; init; } = "md5";

    /// <summary>The account's name (<c>account_name</c>).</summary>
    [JsonPropertyName("account_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccountName { get; init; }

    /// <summary>The account's SIP realm (<c>account_realm</c>).</summary>
    [JsonPropertyName("account_realm")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccountRealm { get; init; }

    /// <summary>One of the account's phone numbers (<c>phone_number</c>).</summary>
    [JsonPropertyName("phone_number")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PhoneNumber { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Credentials = ").Append(Serialization.SecretMask.Masked)
            .Append(", Method = ").Append(Method)
            .Append(", AccountName = ").Append(AccountName)
            .Append(", AccountRealm = ").Append(AccountRealm)
            .Append(", PhoneNumber = ").Append(PhoneNumber);
        return true;
    }
}
