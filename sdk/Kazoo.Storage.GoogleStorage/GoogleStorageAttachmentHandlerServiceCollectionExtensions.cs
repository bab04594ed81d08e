using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.GoogleStorage;

/// <summary>Registers <see cref="GoogleStorageAttachmentHandler"/> with dependency injection.</summary>
public static class GoogleStorageAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the handler sends Cloud Storage requests with.</summary>
    public const string HttpClientName = "Kazoo.Storage.GoogleStorage";

    /// <summary>
    /// Registers a singleton <see cref="GoogleStorageAttachmentHandler"/>, also as one of the <see cref="IAttachmentHandler"/>s
    /// (resolve <c>IEnumerable&lt;IAttachmentHandler&gt;</c> and pick by <see cref="IAttachmentHandler.CanHandle"/>), and its
    /// named <see cref="HttpClient"/> (<see cref="HttpClientName"/>), whose IHttpClientFactory loggers are removed (their
    /// records keep raw <c>Authorization</c> headers). The tokens come from the registered
    /// <see cref="IOAuthTokenProvider"/>: register one with <c>services.AddKazooOAuthTokens(…)</c>. Options are validated
    /// when the handler is first resolved. Calling this again only adds configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options (endpoint, upload threshold, chunk size, timeouts); optional.</param>
    /// <returns>The builder of the handler's <see cref="HttpClient"/>, to add message handlers or change its primary handler.</returns>
    public static IHttpClientBuilder AddKazooGoogleStorageAttachmentHandler(this IServiceCollection services, Action<GoogleStorageAttachmentHandlerOptions>? configure = null) =>
        services.AddKazooBearerTokenHandler<GoogleStorageAttachmentHandler, GoogleStorageAttachmentHandlerOptions>(
                configure,
                static options => options.Validate(),
                HttpClientName,
                "call services.AddKazooOAuthTokens(tokens => …) to register the OAuth credentials of the backends' oauth_doc_id / oauth_app_id",
                static (http, tokens, options, logger) => new(http, tokens, options, logger))
            // The handler bounds each request itself (RequestTimeout, up to the response headers); a download's body is
            // streamed for as long as the caller reads it.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
}
