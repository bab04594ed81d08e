namespace Kazoo.Storage.Serialization;

/// <summary>
/// The text that generated <c>ToString()</c> methods print in place of secret values
/// (passwords, keys, tokens, signatures).
/// </summary>
public static class SecretMask
{
    /// <summary>The placeholder printed instead of a secret value.</summary>
    public const string Masked = "***";

    /// <summary>
    /// Whether a JSON member of this name holds a secret (<c>key</c>, <c>secret</c>, <c>password</c>, <c>credentials</c>,
    /// tokens, <c>*_key</c>, …): the one rule behind generated <c>ToString()</c>, masked validation values and logs, for
    /// tools that print storage documents themselves.
    /// </summary>
    /// <param name="name">The JSON member name.</param>
    public static bool IsSecretName(string name)
    {
        System.ArgumentNullException.ThrowIfNull(name);
        return SecretMemberNames.IsSecret(name);
    }
}
