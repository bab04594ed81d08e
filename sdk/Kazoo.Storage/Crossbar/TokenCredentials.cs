using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Crossbar;

/// <summary>A Crossbar token obtained elsewhere, sent as is. It cannot be renewed. <see cref="ToString"/> masks it.</summary>
public sealed class TokenCredentials : CrossbarCredentials
{
    /// <summary>Creates the credentials.</summary>
    /// <param name="token">The token.</param>
    /// <exception cref="ArgumentException">The token is empty.</exception>
    public TokenCredentials(string token)
        : base("token", canRenew: false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token;
    }

    internal string Token { get; }

    /// <summary>The kind of credentials, the token masked.</summary>
    public override string ToString() => "TokenCredentials { Token = " + SecretMask.Masked + " }";
}
