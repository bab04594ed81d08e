namespace Kazoo.Storage.Crossbar;

/// <summary>
/// How the client gets a Crossbar token: an account's API key (<see cref="ApiKeyCredentials"/>), a user's name and
/// password (<see cref="UserCredentials"/>) or a token obtained elsewhere (<see cref="TokenCredentials"/>). No
/// <c>ToString()</c> prints a secret.
/// </summary>
public abstract class CrossbarCredentials
{
    private protected CrossbarCredentials()
    {
    }

    /// <summary>Logs in with <c>PUT /v2/api_auth</c>.</summary>
    /// <param name="apiKey">The account's API key (<c>GET /v2/accounts/{id}/api_key</c>).</param>
    public static ApiKeyCredentials FromApiKey(string apiKey) => new(apiKey);

    /// <summary>Logs in with <c>PUT /v2/user_auth</c>, naming the account by its name.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="accountName">The account's name.</param>
    public static UserCredentials FromUser(string username, string password, string accountName) =>
        UserCredentials.ForAccountName(username, password, accountName);

    /// <summary>Uses a token obtained elsewhere; it cannot be renewed, so once it expires calls fail with 401.</summary>
    /// <param name="token">The token.</param>
    public static TokenCredentials FromToken(string token) => new(token);

    /// <summary>Whether the client can log in again when the token expires or is refused.</summary>
    internal abstract bool CanRenew { get; }

    /// <summary>What kind of credentials these are, for logs: <c>api key</c>, <c>user</c> or <c>token</c>.</summary>
    internal abstract string Kind { get; }
}
