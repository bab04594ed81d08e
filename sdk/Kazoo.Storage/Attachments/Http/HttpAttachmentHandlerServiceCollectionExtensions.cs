using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Attachments.Http;

/// <summary>Registers <see cref="HttpAttachmentHandler"/> with dependency injection.</summary>
public static class HttpAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="HttpAttachmentHandler"/>, also as an <see cref="IAttachmentHandler"/> (so handlers can
    /// be collected with <c>GetServices&lt;IAttachmentHandler&gt;()</c>), and the <see cref="HttpClient"/> named
    /// <see cref="HttpAttachmentHandler.HttpClientName"/> on <see cref="IHttpClientFactory"/>: a transport that does not follow
    /// redirects (the handler does), no <see cref="HttpClient.Timeout"/> (the handler's
    /// <see cref="HttpAttachmentHandlerOptions.Timeout"/> applies), and header values redacted from the factory's logs (a
    /// URL's credentials travel in <c>Authorization</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options; optional.</param>
    /// <returns>The client builder, to add handlers (e.g. resilience) to the backend's requests.</returns>
    public static IHttpClientBuilder AddKazooHttpAttachmentHandler(this IServiceCollection services, Action<HttpAttachmentHandlerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKazooAttachmentHandlerOptions<HttpAttachmentHandlerOptions>(configure, static options => options.Validate());
        services.AddKazooAttachmentHandler(sp => new HttpAttachmentHandler(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<HttpAttachmentHandlerOptions>>().Value));

        return services.AddHttpClient(HttpAttachmentHandler.HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(HttpAttachmentHandler.CreateTransport)
            // IHttpClientFactory's request logging keeps raw header values (Authorization, X-Auth-Token) in each record's
            // structured data even when the message is redacted: the SDK logs its calls itself, without secrets.
            .RemoveAllLoggers();
    }
}
