using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar;

/// <summary>Crossbar's rate-limit bucket after a request (the envelope's <c>tokens</c>).</summary>
/// <param name="Consumed">Tokens used (<c>consumed</c>).</param>
/// <param name="Remaining">Tokens left (<c>remaining</c>).</param>
public sealed record CrossbarTokens(
    [property: JsonPropertyName("consumed")] long Consumed,
    [property: JsonPropertyName("remaining")] long Remaining);
