using Refit;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>Crossbar's login routes (spec §9), declared once for Refit's build-time generator. Neither needs a token.</summary>
internal interface ICrossbarAuthApi
{
    /// <summary><c>PUT /v2/api_auth</c>: logs in with an account's API key; the token is the envelope's <c>auth_token</c>.</summary>
    /// <param name="body">The API key, in the request envelope.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/api_auth")]
    Task<IApiResponse<CrossbarEnvelope<CrossbarAuthData>>> ApiKeyAuthAsync([Body] CrossbarRequest<ApiKeyAuthRequest> body, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v2/user_auth</c>: logs in with a user's hashed credentials; the token is the envelope's <c>auth_token</c>.</summary>
    /// <param name="body">The hashed credentials and account, in the request envelope.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/user_auth")]
    Task<IApiResponse<CrossbarEnvelope<CrossbarAuthData>>> UserAuthAsync([Body] CrossbarRequest<UserAuthRequest> body, CancellationToken cancellationToken = default);
}
