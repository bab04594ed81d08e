using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Dropbox;

/// <summary>Registers <see cref="DropboxAttachmentHandler"/> with dependency injection.</summary>
public static class DropboxAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the handler sends Dropbox requests with.</summary>
    public const string HttpClientName = "Kazoo.Storage.Dropbox";

    /// <summary>
    /// Registers a singleton <see cref="DropboxAttachmentHandler"/>, also as one of the <see cref="IAttachmentHandler"/>s
    /// (next to other backends' handlers), with options from <paramref name="configure"/> (checked when the handler is
    /// first resolved) and its named <see cref="HttpClient"/>, whose logging is off (requests carry bearer tokens; the
    /// handler logs its calls itself). Tokens come from the registered <see cref="IOAuthTokenProvider"/>: register one
    /// with <c>services.AddKazooOAuthTokens(…)</c>. Calling this again only adds configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options (hosts, session threshold, chunk size, write mode, timeouts, retries); optional.</param>
    /// <returns>The builder of the handler's <see cref="HttpClient"/>, to add handlers or change its primary handler.</returns>
    public static IHttpClientBuilder AddKazooDropboxAttachmentHandler(this IServiceCollection services, Action<DropboxAttachmentHandlerOptions>? configure = null) =>
        services.AddKazooBearerTokenHandler<DropboxAttachmentHandler, DropboxAttachmentHandlerOptions>(
                configure, static options => options.Validate(), HttpClientName, "call services.AddKazooOAuthTokens(tokens => …)", static (http, tokens, options, logger) => new(http, tokens, options, logger))
            // Each request is bounded by DropboxAttachmentHandlerOptions.RequestTimeout until its answer; a download's body
            // then streams for as long as the caller reads, which HttpClient's own timeout would cut short.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
}
