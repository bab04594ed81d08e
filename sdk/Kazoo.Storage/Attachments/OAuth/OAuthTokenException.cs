namespace Kazoo.Storage.Attachments.OAuth;

/// <summary>
/// No access token could be had for an OAuth id: none is registered, or the provider's token endpoint refused the
/// credential. Handlers report it as Kazoo does, reason <c>oauth_failure</c> with code 401. The message names the id and
/// the provider's <c>error</c>, never a token or secret.
/// </summary>
public sealed class OAuthTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="oauthId">The OAuth id a token was asked for.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The transport failure, if one caused it.</param>
    public OAuthTokenException(string oauthId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        OAuthId = oauthId;
    }

    /// <summary>The OAuth id a token was asked for.</summary>
    public string OAuthId { get; }

    /// <summary>The HTTP status of the token endpoint's refusal, or null when it did not answer or no credential is registered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The provider's <c>error</c> code (RFC 6749 §5.2), e.g. <c>invalid_grant</c>, when it gave one.</summary>
    public string? Error { get; init; }
}
