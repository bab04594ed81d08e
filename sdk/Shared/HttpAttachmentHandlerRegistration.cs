using Kazoo.Storage.Attachments.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// The registration of a handler that sends its requests through a named <see cref="HttpClient"/> with a bearer token
/// from the shared <see cref="IOAuthTokenProvider"/>.
/// Compiled from one source file into each of those packages.
/// </summary>
internal static class HttpAttachmentHandlerRegistration
{
    /// <summary>
    /// Registers the handler's options and singleton (<see cref="AttachmentHandlerServiceCollectionExtensions"/>), made with
    /// the client factory, the <see cref="IOAuthTokenProvider"/>, the options and the log from the container, and its named client, whose
    /// IHttpClientFactory loggers are removed: their records keep raw header values (<c>Authorization</c>) in their
    /// structured data even when the message is redacted, and the handler logs its calls itself, without secrets.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options; optional.</param>
    /// <param name="validate">Throws when the options are unusable.</param>
    /// <param name="httpClientName">The name of the handler's client.</param>
    /// <param name="registerTokens">How to register the token provider, for the failure when there is none.</param>
    /// <param name="create">Makes the handler.</param>
    /// <returns>The builder of the named client.</returns>
    public static IHttpClientBuilder AddKazooBearerTokenHandler<THandler, TOptions>(
        this IServiceCollection services,
        Action<TOptions>? configure,
        Action<TOptions> validate,
        string httpClientName,
        string registerTokens,
        Func<IHttpClientFactory, IOAuthTokenProvider, IOptions<TOptions>, ILogger<THandler>?, THandler> create)
        where THandler : class, IAttachmentHandler
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKazooAttachmentHandlerOptions(configure, validate);
        services.AddKazooAttachmentHandler(sp => create(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<IOAuthTokenProvider>() ?? throw new InvalidOperationException($"{typeof(THandler).Name} needs an {nameof(IOAuthTokenProvider)}: {registerTokens}."),
            sp.GetRequiredService<IOptions<TOptions>>(),
            sp.GetService<ILogger<THandler>>()));
        return services.AddHttpClient(httpClientName).RemoveAllLoggers();
    }
}
