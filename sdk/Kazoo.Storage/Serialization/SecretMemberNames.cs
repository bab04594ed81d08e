namespace Kazoo.Storage.Serialization;

/// <summary>
/// Which JSON member names hold secrets: never printed by generated <c>ToString()</c>, masked in echoed validation
/// values and logs. One rule for the whole SDK: this file is also compiled into the source generator.
/// </summary>
internal static class SecretMemberNames
{
    /// <summary>Whether a member of this name holds a secret (<c>key</c>, <c>secret</c>, <c>password</c>, tokens …).</summary>
    /// <param name="name">The JSON member name.</param>
    public static bool IsSecret(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "secret" or "key" or "password" or "passwd" or "token" or "api_key" or "apikey" or "credentials"
                   or "access_token" or "refresh_token" or "auth_token" or "client_secret" or "private_key"
               || lower.EndsWith("_secret", System.StringComparison.Ordinal)
               || lower.EndsWith("_password", System.StringComparison.Ordinal)
               || lower.EndsWith("_token", System.StringComparison.Ordinal)
               || lower.EndsWith("_key", System.StringComparison.Ordinal);
    }
}
