using Kazoo.Storage.Crossbar.Protocol;
using Microsoft.Extensions.Logging;
using Refit;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// Holds the Crossbar token: logs in on first use, again at 90 % of <see cref="KazooStorageClientOptions.TokenLifetime"/>
/// (the login answer has no expiry), and again when Crossbar refuses the token. One login at a time: callers that need
/// a token while a login runs wait for it and share its result.
/// </summary>
internal sealed class CrossbarTokenCache
{
    private const double RenewAtFraction = 0.9;

    private readonly CrossbarCredentials _credentials;
    private readonly ICrossbarAuthApi? _authApi;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _current;

    public CrossbarTokenCache(CrossbarCredentials credentials, ICrossbarAuthApi? authApi, TimeSpan lifetime, TimeProvider time, ILogger logger)
    {
        _credentials = credentials;
        _authApi = authApi;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        if (credentials is TokenCredentials token)
        {
            _current = new CachedToken(token.Token, DateTimeOffset.MaxValue);
        }
        else if (authApi is null)
        {
            throw new ArgumentNullException(nameof(authApi), "Logging in with " + credentials.Kind + " credentials needs the login routes.");
        }
    }

    /// <summary>Whether a refused token can be replaced by logging in again.</summary>
    public bool CanRenew => _credentials.CanRenew;

    /// <summary>A token that is not due for renewal, logging in first when needed.</summary>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current is not null && _time.GetUtcNow() < current.RenewAt
            ? ValueTask.FromResult(current.Value)
            : new ValueTask<string>(RefreshAsync(current?.Value, refused: false, cancellationToken));
    }

    /// <summary>
    /// A token to replace <paramref name="refusedToken"/>, which Crossbar answered with 401: a new login, unless another
    /// caller already replaced it meanwhile.
    /// </summary>
    public Task<string> RenewAsync(string refusedToken, CancellationToken cancellationToken) =>
        RefreshAsync(refusedToken, refused: true, cancellationToken);

    private async Task<string> RefreshAsync(string? staleToken, bool refused, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            var now = _time.GetUtcNow();
            if (current is not null && now < current.RenewAt && (current.Value != staleToken || !refused))
            {
                // Another caller logged in while this one waited (or the token is still fresh).
                return current.Value;
            }

            var (token, accountId) = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var renewAt = _time.GetUtcNow() + TimeSpan.FromTicks((long)(_lifetime.Ticks * RenewAtFraction));
            Volatile.Write(ref _current, new CachedToken(token, renewAt));
            CrossbarLog.LoggedIn(_logger, _credentials.Kind, TokenFingerprint.Of(token), accountId, renewAt);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Token, string? AccountId)> LoginAsync(CancellationToken cancellationToken)
    {
        const string apiAuth = "PUT /v2/api_auth";
        const string userAuth = "PUT /v2/user_auth";
        var (operation, call) = _credentials switch
        {
            ApiKeyCredentials apiKey => (apiAuth, (Func<Task<IApiResponse<CrossbarEnvelope<CrossbarAuthData>>>>)(() =>
                _authApi!.ApiKeyAuthAsync(new CrossbarRequest<ApiKeyAuthRequest>(new ApiKeyAuthRequest(apiKey.ApiKey)), cancellationToken))),
            UserCredentials user => (userAuth, () =>
                _authApi!.UserAuthAsync(new CrossbarRequest<UserAuthRequest>(user.ToRequest()), cancellationToken)),
            // A caller-supplied token cannot be renewed: hand it back, and the second 401 reaches the caller.
            TokenCredentials token => (string.Empty, null),
            _ => throw new NotSupportedException("Unknown credentials type " + _credentials.GetType().Name + "."),
        };

        if (call is null)
        {
            return (((TokenCredentials)_credentials).Token, null);
        }

        IApiResponse<CrossbarEnvelope<CrossbarAuthData>> response;
        try
        {
            response = await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw CrossbarErrors.FromException(exception, operation);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode && response.Error is null && response.Content is { AuthToken: { Length: > 0 } token } envelope)
            {
                return (token, envelope.Data?.AccountId);
            }

            if (response.Error is ApiRequestException requestError)
            {
                throw CrossbarErrors.FromException(requestError, operation);
            }

            var error = response.IsSuccessStatusCode && response.Error is null
                ? CrossbarErrors.MissingData(response, operation + " (no auth_token)")
                : CrossbarErrors.FromResponse(response, "Logging in with " + _credentials.Kind + " credentials (" + operation + ")", isLogin: true);
            CrossbarLog.LoginFailed(_logger, _credentials.Kind, error.StatusCode, error.CrossbarMessage, error.RequestId);
            throw error;
        }
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);
}
