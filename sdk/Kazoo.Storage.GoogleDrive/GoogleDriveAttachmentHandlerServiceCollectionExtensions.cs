using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.GoogleDrive;

/// <summary>Registers <see cref="GoogleDriveAttachmentHandler"/> with dependency injection.</summary>
public static class GoogleDriveAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="GoogleDriveAttachmentHandler"/>, also as an <see cref="IAttachmentHandler"/> (next to
    /// other backends' handlers), and its named <see cref="HttpClient"/>. The tokens come from the registered
    /// <see cref="IOAuthTokenProvider"/>, as for every bearer-token backend: register one with
    /// <c>services.AddKazooOAuthTokens(tokens => tokens.AddGoogleRefreshToken(…))</c> (see <see cref="GoogleDriveOAuthTokens"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (endpoints, upload threshold, chunk size); optional.</param>
    /// <returns>The builder of the handler's <see cref="HttpClient"/>, to add handlers or change its primary handler.</returns>
    public static IHttpClientBuilder AddKazooGoogleDriveAttachmentHandler(this IServiceCollection services, Action<GoogleDriveAttachmentHandlerOptions>? configure = null) =>
        services.AddKazooBearerTokenHandler<GoogleDriveAttachmentHandler, GoogleDriveAttachmentHandlerOptions>(
                configure,
                static options => options.Validate(),
                GoogleDriveAttachmentHandler.HttpClientName,
                "call services.AddKazooOAuthTokens(tokens => tokens.AddGoogleRefreshToken(…)) to register the OAuth credentials of the backends' oauth_doc_id",
                static (http, tokens, options, logger) => new(http, tokens, options, logger))
            // Uploads are sent in chunks and downloads are streamed after the headers; the per-request limit only has to
            // cover one chunk or one small multipart upload.
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromMinutes(5));
}
