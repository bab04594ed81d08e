using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// A <see cref="HandlerTestContext{THandler}"/> for a handler that signs its requests with OAuth bearer tokens:
/// <see cref="Tokens"/>, the SDK's <see cref="OAuthTokenRegistry"/> on the test's clock and client, holding
/// <see cref="RefreshToken"/> (issued by the fake's token endpoint) for the backend's <c>oauth_doc_id</c>, and
/// <see cref="Secrets"/>, what no failure, pointer or log may show. A derived context calls
/// <see cref="UseRefreshToken"/> once its fake runs.
/// </summary>
/// <typeparam name="THandler">The handler under test.</typeparam>
/// <param name="http">The client for the handler and the token endpoint; a default one when null.</param>
public abstract class BearerTokenHandlerTestContext<THandler>(HttpClient? http = null) : HandlerTestContext<THandler>(http)
    where THandler : class, IAttachmentHandler
{
    private (string OAuthDocId, Uri TokenEndpoint, string ClientId, string ClientSecret, string RefreshToken)? _credential;

    public OAuthTokenRegistry Tokens { get; private set; } = null!;

    public string RefreshToken => Credential.RefreshToken;

    /// <summary>Every token and secret of the test's credential so far: the access tokens issued, the refresh token, the client secret.</summary>
    public virtual IEnumerable<string> Secrets => [.. IssuedAccessTokens, Credential.RefreshToken, Credential.ClientSecret];

    /// <summary>The access tokens the fake's token endpoint issued.</summary>
    protected abstract IEnumerable<string> IssuedAccessTokens { get; }

    private (string OAuthDocId, Uri TokenEndpoint, string ClientId, string ClientSecret, string RefreshToken) Credential =>
        _credential ?? throw new InvalidOperationException("The context has no refresh token yet.");

    /// <summary>Registers <see cref="RefreshToken"/> in <paramref name="registry"/>, as an application does in <c>AddKazooOAuthTokens</c>.</summary>
    public void AddRefreshToken(OAuthTokenRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var (oauthDocId, tokenEndpoint, clientId, clientSecret, refreshToken) = Credential;
        registry.AddRefreshToken(oauthDocId, tokenEndpoint, clientId, clientSecret, refreshToken);
    }

    /// <summary>Makes <see cref="Tokens"/>, holding <paramref name="refreshToken"/> for <paramref name="oauthDocId"/>.</summary>
    /// <param name="oauthDocId">The backend's <c>oauth_doc_id</c>.</param>
    /// <param name="tokenEndpoint">The fake's token endpoint.</param>
    /// <param name="clientId">The client the refresh token was issued to.</param>
    /// <param name="clientSecret">That client's secret.</param>
    /// <param name="refreshToken">A refresh token the fake issued.</param>
    protected void UseRefreshToken(string oauthDocId, Uri tokenEndpoint, string clientId, string clientSecret, string refreshToken)
    {
        _credential = (oauthDocId, tokenEndpoint, clientId, clientSecret, refreshToken);
        Tokens = new OAuthTokenRegistry(Http, Clock);
        AddRefreshToken(Tokens);
    }
}
