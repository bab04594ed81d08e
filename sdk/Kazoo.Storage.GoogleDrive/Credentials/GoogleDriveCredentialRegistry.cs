using System.Collections.Concurrent;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;

namespace Kazoo.Storage.GoogleDrive.Credentials;

/// <summary>
/// Maps each <c>oauth_doc_id</c> a Drive backend names to a Google.Apis.Auth credential: a <see cref="UserCredential"/>
/// built from a refresh token (what Kazoo keeps as <c>pvt_refresh_token</c> in the <c>system_auth</c> document), a
/// <see cref="GoogleCredential"/> (service account, or a fixed token like Kazoo's <c>pvt_static_token</c>), or any
/// <see cref="ITokenAccess"/>. The credentials cache their tokens until shortly before they expire and refresh them.
/// </summary>
/// <remarks>Thread-safe. Ids can be added or replaced while handlers use the registry.</remarks>
public sealed class GoogleDriveCredentialRegistry : IGoogleDriveTokenProvider
{
    /// <summary>The scope Kazoo asks for: files this app created or opened.</summary>
    public const string DriveFileScope = "https://www.googleapis.com/auth/drive.file";

    /// <summary>Google's OAuth 2.0 token endpoint, used when no other is given.</summary>
    public static readonly Uri GoogleTokenEndpoint = new(GoogleAuthConsts.OidcTokenUrl);

    private readonly ConcurrentDictionary<string, ITokenAccess> _credentials = new(StringComparer.Ordinal);
    private readonly TimeProviderClock _clock;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="timeProvider">The clock that decides when a token built here has expired; the system clock when null.</param>
    public GoogleDriveCredentialRegistry(TimeProvider? timeProvider = null)
    {
        _clock = new TimeProviderClock(timeProvider ?? TimeProvider.System);
    }

    /// <summary>The registered <c>oauth_doc_id</c>s.</summary>
    public IReadOnlyCollection<string> OAuthDocIds => _credentials.Keys.ToArray();

    /// <summary>Registers (or replaces) the credential for <paramref name="oauthDocId"/>.</summary>
    /// <param name="oauthDocId">The id the backend's <c>settings.oauth_doc_id</c> names.</param>
    /// <param name="credential">Any credential that hands out access tokens; it must cache and refresh them itself.</param>
    /// <returns>This registry.</returns>
    public GoogleDriveCredentialRegistry Add(string oauthDocId, ITokenAccess credential)
    {
        ArgumentException.ThrowIfNullOrEmpty(oauthDocId);
        ArgumentNullException.ThrowIfNull(credential);
        _credentials[oauthDocId] = credential;
        return this;
    }

    /// <summary>Registers a <see cref="GoogleCredential"/>, scoped to <see cref="DriveFileScope"/> where it takes scopes.</summary>
    /// <param name="oauthDocId">The id the backend's <c>settings.oauth_doc_id</c> names.</param>
    /// <param name="credential">A service account, workload identity, or <see cref="GoogleCredential.FromAccessToken"/> credential.</param>
    /// <returns>This registry.</returns>
    public GoogleDriveCredentialRegistry AddGoogleCredential(string oauthDocId, GoogleCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Add(oauthDocId, credential.CreateScoped(DriveFileScope));
    }

    /// <summary>
    /// Registers a user's refresh token, as Kazoo does for an SSO identity: access tokens come from a form POST to the
    /// token endpoint with <c>grant_type=refresh_token</c>, <c>refresh_token</c>, <c>client_id</c> and
    /// <c>client_secret</c>, and are reused until shortly before their <c>expires_in</c> runs out.
    /// </summary>
    /// <param name="oauthDocId">The id the backend's <c>settings.oauth_doc_id</c> names.</param>
    /// <param name="clientId">The OAuth app's client id.</param>
    /// <param name="clientSecret">The OAuth app's client secret.</param>
    /// <param name="refreshToken">The user's refresh token.</param>
    /// <param name="tokenEndpoint">The provider's token endpoint (Kazoo's <c>auth_url</c>); Google's when null.</param>
    /// <returns>This registry.</returns>
    public GoogleDriveCredentialRegistry AddRefreshToken(string oauthDocId, string clientId, string clientSecret, string refreshToken, Uri? tokenEndpoint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(oauthDocId);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        if (tokenEndpoint is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("The token endpoint must be an absolute URI.", nameof(tokenEndpoint));
        }

        var flow = new AuthorizationCodeFlow(
            new AuthorizationCodeFlow.Initializer(GoogleAuthConsts.OidcAuthorizationUrl, (tokenEndpoint ?? GoogleTokenEndpoint).AbsoluteUri)
            {
                ClientSecrets = new ClientSecrets { ClientId = clientId, ClientSecret = clientSecret },
                Scopes = [DriveFileScope],
                Clock = _clock,
            });
        var credential = new UserCredential(flow, oauthDocId, new TokenResponse { RefreshToken = refreshToken });
        return Add(oauthDocId, credential);
    }

    /// <summary>Removes the credential for <paramref name="oauthDocId"/>.</summary>
    /// <param name="oauthDocId">The id.</param>
    /// <returns>Whether one was registered.</returns>
    public bool Remove(string oauthDocId)
    {
        ArgumentNullException.ThrowIfNull(oauthDocId);
        return _credentials.TryRemove(oauthDocId, out _);
    }

    /// <inheritdoc/>
    /// <exception cref="KeyNotFoundException">No credential is registered for <paramref name="oauthDocId"/>.</exception>
    public async ValueTask<string> GetAccessTokenAsync(string oauthDocId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(oauthDocId);
        if (!_credentials.TryGetValue(oauthDocId, out var credential))
        {
            throw new KeyNotFoundException($"No Google credential is registered for oauth_doc_id '{oauthDocId}'.");
        }

        var token = await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(token)
            ? throw new InvalidOperationException($"The Google credential for oauth_doc_id '{oauthDocId}' gave no access token.")
            : token;
    }

    /// <summary>Names the registered ids; never credentials or tokens.</summary>
    public override string ToString() => $"GoogleDriveCredentialRegistry ({_credentials.Count} oauth_doc_ids)";
}
