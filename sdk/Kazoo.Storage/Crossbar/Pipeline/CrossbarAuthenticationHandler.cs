using System.Net;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// Sends the cached token as <c>X-Auth-Token</c>. When Crossbar answers 401, logs in again (once per request, shared with
/// concurrent callers) and sends the request once more; a 401 means Crossbar refused the request before doing anything, so
/// this is safe for every method.
/// </summary>
internal sealed class CrossbarAuthenticationHandler : DelegatingHandler
{
    private readonly CrossbarTokenCache _tokens;
    private readonly ILogger _logger;

    public CrossbarAuthenticationHandler(CrossbarTokenCache tokens, ILogger logger)
    {
        _tokens = tokens;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        SetToken(request, token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        if (!_tokens.CanRenew)
        {
            CrossbarLog.TokenRefusedCannotRenew(_logger, TokenFingerprint.Of(token));
            return response;
        }

        CrossbarLog.TokenRefused(_logger, TokenFingerprint.Of(token));
        response.Dispose();
        var renewed = await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
        SetToken(request, renewed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void SetToken(HttpRequestMessage request, string token)
    {
        request.Headers.Remove(CrossbarHeaders.AuthToken);
        request.Headers.TryAddWithoutValidation(CrossbarHeaders.AuthToken, token);
    }
}
