using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Crossbar;

/// <summary>An account's API key, for <c>PUT /v2/api_auth</c>. <see cref="ToString"/> masks the key.</summary>
public sealed class ApiKeyCredentials : CrossbarCredentials
{
    /// <summary>Creates the credentials.</summary>
    /// <param name="apiKey">The account's API key.</param>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public ApiKeyCredentials(string apiKey)
        : base("api key", canRenew: true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ApiKey = apiKey;
    }

    internal string ApiKey { get; }

    /// <summary>The kind of credentials, the key masked.</summary>
    public override string ToString() => "ApiKeyCredentials { ApiKey = " + SecretMask.Masked + " }";
}
