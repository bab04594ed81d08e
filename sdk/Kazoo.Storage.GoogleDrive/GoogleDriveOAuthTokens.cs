using Google.Apis.Auth.OAuth2;
using Kazoo.Storage.Attachments.OAuth;

namespace Kazoo.Storage.GoogleDrive;

/// <summary>
/// Google's side of the OAuth tokens a Drive backend's <c>oauth_doc_id</c> names. Drive takes its tokens from the
/// <see cref="IOAuthTokenProvider"/> every bearer-token backend shares (<c>services.AddKazooOAuthTokens(…)</c>): a refresh
/// token goes in with <see cref="AddGoogleRefreshToken"/>, and a Google.Apis.Auth credential (a service account,
/// <see cref="GoogleCredential.FromAccessToken"/>) with <see cref="AddGoogleCredential"/>.
/// </summary>
public static class GoogleDriveOAuthTokens
{
    /// <summary>The scope Kazoo asks for: files this app created or opened.</summary>
    public const string DriveFileScope = "https://www.googleapis.com/auth/drive.file";

    /// <summary>Google's OAuth 2.0 token endpoint.</summary>
    public static readonly Uri GoogleTokenEndpoint = new(GoogleAuthConsts.OidcTokenUrl);

    /// <summary>
    /// Registers a user's refresh token with Google's token endpoint, as Kazoo does for an SSO identity
    /// (<see cref="OAuthTokenRegistry.AddRefreshToken"/> with <see cref="GoogleTokenEndpoint"/>).
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="oauthDocId">The id the backend's <c>settings.oauth_doc_id</c> names.</param>
    /// <param name="clientId">The OAuth app's client id.</param>
    /// <param name="clientSecret">The OAuth app's client secret.</param>
    /// <param name="refreshToken">The user's refresh token.</param>
    /// <returns>The registry.</returns>
    public static OAuthTokenRegistry AddGoogleRefreshToken(this OAuthTokenRegistry registry, string oauthDocId, string clientId, string clientSecret, string refreshToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddRefreshToken(oauthDocId, GoogleTokenEndpoint, clientId, clientSecret, refreshToken);
    }

    /// <summary>
    /// Registers a Google.Apis.Auth credential, which caches and refreshes its tokens itself. A
    /// <see cref="GoogleCredential"/> is scoped to <see cref="DriveFileScope"/> where it takes scopes.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="oauthDocId">The id the backend's <c>settings.oauth_doc_id</c> names.</param>
    /// <param name="credential">A service account, workload identity, <see cref="GoogleCredential.FromAccessToken"/>, or any credential that hands out access tokens.</param>
    /// <returns>The registry.</returns>
    public static OAuthTokenRegistry AddGoogleCredential(this OAuthTokenRegistry registry, string oauthDocId, ITokenAccess credential)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(credential);
        var access = credential is GoogleCredential google ? google.CreateScoped(DriveFileScope) : credential;
        // The registry refuses an empty token itself, as for every source.
        return registry.Add(oauthDocId, cancellationToken => new ValueTask<string>(access.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken)));
    }
}
