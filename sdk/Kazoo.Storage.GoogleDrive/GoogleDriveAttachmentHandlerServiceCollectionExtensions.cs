using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kazoo.Storage.GoogleDrive;

/// <summary>Registers <see cref="GoogleDriveAttachmentHandler"/> with dependency injection.</summary>
public static class GoogleDriveAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="GoogleDriveAttachmentHandler"/>, also as an <see cref="IAttachmentHandler"/> (next to
    /// other backends' handlers), and its named <see cref="HttpClient"/>. Register an <see cref="IGoogleDriveTokenProvider"/>
    /// as well (or use the overload that builds a <see cref="GoogleDriveCredentialRegistry"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (endpoints, upload threshold, chunk size); optional.</param>
    /// <returns>The builder of the handler's <see cref="HttpClient"/>, to add handlers or change its primary handler.</returns>
    public static IHttpClientBuilder AddKazooGoogleDriveAttachmentHandler(this IServiceCollection services, Action<GoogleDriveAttachmentHandlerOptions>? configure = null) =>
        services.AddKazooHttpAttachmentHandler<GoogleDriveAttachmentHandler, GoogleDriveAttachmentHandlerOptions, IGoogleDriveTokenProvider>(
                configure, static options => options.Validate(), GoogleDriveAttachmentHandler.HttpClientName, "register one, or use the overload that builds a GoogleDriveCredentialRegistry", static (http, tokens, options, logger) => new(http, tokens, options, logger))
            // Uploads are sent in chunks and downloads are streamed after the headers; the per-request limit only has to
            // cover one chunk or one small multipart upload.
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromMinutes(5));

    /// <summary>
    /// Registers the handler (see the other overload) with a <see cref="GoogleDriveCredentialRegistry"/> as its
    /// <see cref="IGoogleDriveTokenProvider"/>, filled by <paramref name="credentials"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="credentials">Adds the credential of each <c>oauth_doc_id</c>, e.g. with <see cref="GoogleDriveCredentialRegistry.AddRefreshToken"/>.</param>
    /// <param name="configure">Sets the options; optional.</param>
    /// <returns>The builder of the handler's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddKazooGoogleDriveAttachmentHandler(this IServiceCollection services, Action<GoogleDriveCredentialRegistry> credentials, Action<GoogleDriveAttachmentHandlerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(credentials);
        services.TryAddSingleton(sp =>
        {
            var registry = new GoogleDriveCredentialRegistry(sp.GetService<TimeProvider>());
            credentials(registry);
            return registry;
        });
        services.TryAddSingleton<IGoogleDriveTokenProvider>(sp => sp.GetRequiredService<GoogleDriveCredentialRegistry>());
        return services.AddKazooGoogleDriveAttachmentHandler(configure);
    }
}
