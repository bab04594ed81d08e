using System.Collections.Concurrent;
using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Attachments.OAuth;

/// <summary>
/// Maps each OAuth id a backend names (<c>settings.oauth_doc_id</c> or <c>oauth_app_id</c>) to a way of getting its access
/// token, as Kazoo's <c>kz_auth_client</c> does from the <c>system_auth</c> documents (spec §7.4): a fixed token (Kazoo's
/// <c>pvt_static_token</c>), a refresh token exchanged at the provider's token endpoint (<c>pvt_refresh_token</c>), or any
/// token source of yours (a service account, MSAL, …).
/// </summary>
/// <remarks>
/// Thread-safe; ids can be added or replaced while handlers use the registry. Refreshed tokens are reused until one minute
/// before their <c>expires_in</c> runs out; concurrent callers of one id share one refresh; a refresh token the provider
/// rotates (a new <c>refresh_token</c> in its answer, as Microsoft's does) replaces the old one.
/// </remarks>
/// <example>
/// <code>
/// var tokens = new OAuthTokenRegistry()
///     .AddRefreshToken("0e7a0b9c4a6c4e6f8d1b2a3c4d5e6f70", new Uri("https://api.dropboxapi.com/oauth2/token"), clientId, clientSecret, refreshToken)
///     .AddAccessToken("5f1d2c3b4a5968778695a4b3c2d1e0f9", accessToken);
/// </code>
/// </example>
public sealed class OAuthTokenRegistry : IOAuthTokenProvider
{
    /// <summary>How long before its announced expiry a refreshed token stops being reused.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(1);

    /// <summary>How long a refreshed token is reused when the provider announces no <c>expires_in</c>.</summary>
    public static readonly TimeSpan UnannouncedLifetime = TimeSpan.FromMinutes(5);

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(100) });

    private readonly ConcurrentDictionary<string, TokenSource> _sources = new(StringComparer.Ordinal);
    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _time;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="httpClient">The client refresh requests are sent with; a shared default client when null.</param>
    /// <param name="timeProvider">The clock that decides when a refreshed token has expired; the system clock when null.</param>
    public OAuthTokenRegistry(HttpClient? httpClient = null, TimeProvider? timeProvider = null)
        : this(httpClient is null ? static () => SharedClient.Value : () => httpClient, timeProvider)
    {
    }

    internal OAuthTokenRegistry(Func<HttpClient> httpClient, TimeProvider? timeProvider)
    {
        _httpClient = httpClient;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The registered OAuth ids.</summary>
    public IReadOnlyCollection<string> OAuthIds => _sources.Keys.ToArray();

    /// <summary>Registers (or replaces) a fixed access token for <paramref name="oauthId"/> (Kazoo's <c>pvt_static_token</c>).</summary>
    /// <param name="oauthId">The id the backend's settings name.</param>
    /// <param name="accessToken">The token, used as it is until it is replaced.</param>
    /// <returns>This registry.</returns>
    public OAuthTokenRegistry AddAccessToken(string oauthId, string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(oauthId);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return Set(oauthId, new StaticTokenSource(accessToken));
    }

    /// <summary>
    /// Registers (or replaces) a refresh token for <paramref name="oauthId"/>: access tokens come from a form POST to
    /// <paramref name="tokenEndpoint"/> with <c>grant_type=refresh_token</c>, <c>refresh_token</c>, <c>client_id</c> and
    /// <c>client_secret</c> (RFC 6749 §6), as Kazoo does with the app's <c>auth_url</c>.
    /// </summary>
    /// <param name="oauthId">The id the backend's settings name.</param>
    /// <param name="tokenEndpoint">The provider's token endpoint, absolute.</param>
    /// <param name="clientId">The OAuth app's client id.</param>
    /// <param name="clientSecret">The OAuth app's client secret.</param>
    /// <param name="refreshToken">The user's refresh token.</param>
    /// <returns>This registry.</returns>
    public OAuthTokenRegistry AddRefreshToken(string oauthId, Uri tokenEndpoint, string clientId, string clientSecret, string refreshToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(oauthId);
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        if (!tokenEndpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The token endpoint must be an absolute URI.", nameof(tokenEndpoint));
        }

        return Set(oauthId, new RefreshTokenSource(this, oauthId, tokenEndpoint, clientId, clientSecret, refreshToken));
    }

    /// <summary>Registers (or replaces) any token source for <paramref name="oauthId"/>; it caches and refreshes tokens itself.</summary>
    /// <param name="oauthId">The id the backend's settings name.</param>
    /// <param name="source">Gives a current access token; called on every request.</param>
    /// <returns>This registry.</returns>
    public OAuthTokenRegistry Add(string oauthId, Func<CancellationToken, ValueTask<string>> source)
    {
        ArgumentException.ThrowIfNullOrEmpty(oauthId);
        ArgumentNullException.ThrowIfNull(source);
        return Set(oauthId, new DelegateTokenSource(oauthId, source));
    }

    /// <summary>Removes what is registered for <paramref name="oauthId"/>.</summary>
    /// <param name="oauthId">The id.</param>
    /// <returns>Whether something was registered.</returns>
    public bool Remove(string oauthId)
    {
        ArgumentNullException.ThrowIfNull(oauthId);
        return _sources.TryRemove(oauthId, out _);
    }

    /// <inheritdoc/>
    public ValueTask<string> GetAccessTokenAsync(string oauthId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(oauthId);
        return _sources.TryGetValue(oauthId, out var source)
            ? source.GetAsync(cancellationToken)
            : ValueTask.FromException<string>(new OAuthTokenException(oauthId, $"No OAuth credential is registered for '{oauthId}'."));
    }

    /// <summary>Counts the registered ids; never names a token or secret.</summary>
    public override string ToString() => $"OAuthTokenRegistry ({_sources.Count} OAuth ids)";

    private OAuthTokenRegistry Set(string oauthId, TokenSource source)
    {
        _sources[oauthId] = source;
        return this;
    }

    private abstract class TokenSource
    {
        public abstract ValueTask<string> GetAsync(CancellationToken cancellationToken);

        public sealed override string ToString() => GetType().Name;
    }

    private sealed class StaticTokenSource(string token) : TokenSource
    {
        public override ValueTask<string> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }

    private sealed class DelegateTokenSource(string oauthId, Func<CancellationToken, ValueTask<string>> source) : TokenSource
    {
        public override async ValueTask<string> GetAsync(CancellationToken cancellationToken)
        {
            string token;
            try
            {
                token = await source(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OAuthTokenException)
            {
                throw new OAuthTokenException(oauthId, $"The token source for '{oauthId}' failed: {SecretMask.MaskText(ex.Message)}", ex);
            }

            return string.IsNullOrEmpty(token)
                ? throw new OAuthTokenException(oauthId, $"The token source for '{oauthId}' gave no access token.")
                : token;
        }
    }

    private sealed class RefreshTokenSource(
        OAuthTokenRegistry owner,
        string oauthId,
        Uri tokenEndpoint,
        string clientId,
        string clientSecret,
        string refreshToken) : TokenSource
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string _refreshToken = refreshToken;
        private (string Token, DateTimeOffset ReuseUntil)? _current;

        public override async ValueTask<string> GetAsync(CancellationToken cancellationToken)
        {
            if (Fresh() is { } token)
            {
                return token;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Whoever held the gate may have refreshed already.
                return Fresh() ?? await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        private string? Fresh() =>
            _current is { } current && owner._time.GetUtcNow() < current.ReuseUntil ? current.Token : null;

        private async Task<string> RefreshAsync(CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "refresh_token"),
                    new("refresh_token", _refreshToken),
                    new("client_id", clientId),
                    new("client_secret", clientSecret),
                ]),
            };
            request.Headers.Accept.ParseAdd("application/json");
            var asked = owner._time.GetUtcNow();
            HttpResponseMessage response;
            try
            {
                response = await owner._httpClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new OAuthTokenException(oauthId, $"The token endpoint {tokenEndpoint.GetLeftPart(UriPartial.Path)} could not be reached for '{oauthId}': {SecretMask.MaskText(ex.Message)}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new OAuthTokenException(oauthId, $"The token endpoint {tokenEndpoint.GetLeftPart(UriPartial.Path)} did not answer in time for '{oauthId}'.", ex);
            }

            using (response)
            {
                JsonElement body = default;
                try
                {
                    var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    using var document = JsonDocument.Parse(text);
                    body = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Not JSON: the status says enough below.
                }

                if (!response.IsSuccessStatusCode)
                {
                    var error = Text(body, "error");
                    var description = Text(body, "error_description");
                    var why = error is null ? $"HTTP {(int)response.StatusCode}" : description is null ? error : $"{error}: {description}";
                    throw new OAuthTokenException(oauthId, $"The token endpoint refused the refresh token for '{oauthId}': {SecretMask.MaskText(why)}")
                    {
                        StatusCode = (int)response.StatusCode,
                        Error = error,
                    };
                }

                var token = Text(body, "access_token")
                    ?? throw new OAuthTokenException(oauthId, $"The token endpoint's answer for '{oauthId}' has no access_token.") { StatusCode = (int)response.StatusCode };
                if (Text(body, "refresh_token") is { } rotated)
                {
                    _refreshToken = rotated;
                }

                var lifetime = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds)
                    ? TimeSpan.FromSeconds(seconds) - ExpiryMargin
                    : UnannouncedLifetime;
                _current = (token, asked + lifetime);
                return token;
            }
        }

        private static string? Text(JsonElement body, string name) =>
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : null;
    }
}
