namespace Kazoo.Storage.Attachments.OAuth;

/// <summary>
/// Hands out the access token for the OAuth identity an <c>attachments</c> entry names in <c>settings.oauth_doc_id</c> (or
/// <c>oauth_app_id</c>): what Kazoo finds in its <c>system_auth</c> database (spec §7.4) and the SDK cannot read. The
/// handlers that sign requests with a bearer token (google_drive, google_storage, dropbox, onedrive) take one of these.
/// </summary>
/// <remarks><see cref="OAuthTokenRegistry"/> is the ready-made implementation.</remarks>
public interface IOAuthTokenProvider
{
    /// <summary>Gets a current access token for <paramref name="oauthId"/>, refreshing it when it has expired.</summary>
    /// <param name="oauthId">The <c>oauth_doc_id</c> or <c>oauth_app_id</c> of the backend's settings.</param>
    /// <param name="cancellationToken">Cancels the request to the token endpoint.</param>
    /// <returns>The access token, sent as <c>Authorization: Bearer {token}</c>.</returns>
    /// <exception cref="OAuthTokenException">No credential is known for the id, or the provider refused it.</exception>
    ValueTask<string> GetAccessTokenAsync(string oauthId, CancellationToken cancellationToken = default);
}
