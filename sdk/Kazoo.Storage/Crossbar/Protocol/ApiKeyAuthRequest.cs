using System.Text;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>The <c>data</c> of <c>PUT /v2/api_auth</c>: an account's API key.</summary>
/// <param name="ApiKey">The account's API key (<c>api_key</c>). A secret: <see cref="ToString"/> masks it.</param>
internal sealed record ApiKeyAuthRequest([property: JsonPropertyName("api_key")] string ApiKey)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiKey = ").Append(Serialization.SecretMask.Masked);
        return true;
    }
}
