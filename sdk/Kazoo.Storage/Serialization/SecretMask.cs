namespace Kazoo.Storage.Serialization;

/// <summary>
/// The text that generated <c>ToString()</c> methods print in place of secret values
/// (passwords, keys, tokens, signatures).
/// </summary>
public static class SecretMask
{
    /// <summary>The placeholder printed instead of a secret value.</summary>
    public const string Masked = "***";
}
