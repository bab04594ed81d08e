using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.OneDrive;

/// <summary>Registers <see cref="OneDriveAttachmentHandler"/> with dependency injection.</summary>
public static class OneDriveAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the handler sends its requests with.</summary>
    public const string HttpClientName = "Kazoo.Storage.OneDrive";

    /// <summary>
    /// Registers a singleton <see cref="OneDriveAttachmentHandler"/>, also as an <see cref="IAttachmentHandler"/> (next to other
    /// backends' handlers), and its named <see cref="HttpClient"/>. Register the tokens as well, with
    /// <c>services.AddKazooOAuthTokens(…)</c> (or any <see cref="IOAuthTokenProvider"/>). Calling this again only adds
    /// configuration.
    /// </summary>
    /// <remarks>
    /// The named client follows no redirects itself (the handler follows Graph's download redirect without the bearer token),
    /// has no <see cref="HttpClient.Timeout"/> of its own (<see cref="OneDriveAttachmentHandlerOptions.RequestTimeout"/> bounds
    /// each request), and logs nothing through <see cref="IHttpClientFactory"/>: its records would keep the raw
    /// <c>Authorization</c> header and Graph's pre-authenticated URLs in their structured data.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (Graph's address, upload threshold, fragment size, timeouts); optional.</param>
    /// <returns>The builder of the handler's <see cref="HttpClient"/>, to add handlers (a proxy, resilience) to it.</returns>
    public static IHttpClientBuilder AddKazooOneDriveAttachmentHandler(this IServiceCollection services, Action<OneDriveAttachmentHandlerOptions>? configure = null) =>
        services.AddKazooBearerTokenHandler<OneDriveAttachmentHandler, OneDriveAttachmentHandlerOptions>(
                configure, static options => options.Validate(), HttpClientName, "call services.AddKazooOAuthTokens(tokens => …)", static (http, tokens, options, logger) => new(http, tokens, options, logger))
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = sp.GetRequiredService<IOptions<OneDriveAttachmentHandlerOptions>>().Value.ConnectTimeout,
            });
}
