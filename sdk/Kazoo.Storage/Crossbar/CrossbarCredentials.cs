using System.ComponentModel;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// How the client gets a Crossbar token: an account's API key (<see cref="ApiKeyCredentials"/>), a user's name and
/// password (<see cref="UserCredentials"/>) or a token obtained elsewhere (<see cref="TokenCredentials"/>). No
/// <c>ToString()</c> prints a secret.
/// </summary>
public abstract class CrossbarCredentials
{
    private protected CrossbarCredentials(string kind, bool canRenew)
    {
        Kind = kind;
        CanRenew = canRenew;
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

    /// <summary>
    /// The rule for settings that say how to log in, shared by <c>AddKazooStorage</c>'s configuration binding and the
    /// <c>kazoo-storage</c> CLI: one way at a time, an API key, a user name with its password, or a token. Settings
    /// that give two (an API key and a password, say) are refused rather than one of them being silently ignored.
    /// </summary>
    /// <param name="apiKey">The name of the setting that holds an API key (<c>Credentials:ApiKey</c>, <c>--api-key</c>, …), or null when none is set.</param>
    /// <param name="username">The name of the setting that holds a user name, or null.</param>
    /// <param name="password">The name of the setting that holds a password, or null.</param>
    /// <param name="token">The name of the setting that holds a token, or null.</param>
    /// <returns>Null when at most one way is given; otherwise a message naming two settings that cannot go together (names only, never values).</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static string? FindConflict(string? apiKey, string? username, string? password, string? token)
    {
        string? first = null;
        foreach (var way in (ReadOnlySpan<string?>)[apiKey, password ?? username, token])
        {
            if (way is null)
            {
                continue;
            }

            if (first is not null)
            {
                return first + " and " + way + " cannot be used together: log in one way, with an API key, a user name and its password, or a token.";
            }

            first = way;
        }

        return null;
    }

    /// <summary>Whether the client can log in again when the token expires or is refused.</summary>
    internal bool CanRenew { get; }

    /// <summary>What kind of credentials these are, for logs: <c>api key</c>, <c>user</c> or <c>token</c>.</summary>
    internal string Kind { get; }
}
