namespace Kazoo.Storage.GoogleDrive.Credentials;

/// <summary>
/// Gives the handler an OAuth access token for a Drive backend's <c>oauth_doc_id</c>: what Kazoo gets from the
/// <c>system_auth</c> document with that id (spec §7.4). Register one with the handler; <see cref="GoogleDriveCredentialRegistry"/>
/// maps ids to Google.Apis.Auth credentials.
/// </summary>
/// <remarks>
/// The handler asks for a token before every Drive request, so an implementation caches tokens until they expire and
/// refreshes them itself. Any exception it throws (other than a cancellation the caller asked for) becomes Kazoo's
/// <c>oauth_failure</c> (<see cref="Kazoo.Storage.Attachments.AttachmentHandlerException"/> with code 401). Exception
/// messages must not contain tokens or client secrets.
/// </remarks>
public interface IGoogleDriveTokenProvider
{
    /// <summary>Gets a current access token for <paramref name="oauthDocId"/>, sent as <c>Authorization: Bearer …</c>.</summary>
    /// <param name="oauthDocId">The backend's <c>settings.oauth_doc_id</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The access token, without its <c>Bearer</c> prefix.</returns>
    ValueTask<string> GetAccessTokenAsync(string oauthDocId, CancellationToken cancellationToken = default);
}
