using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kazoo.Storage.Attachments.OAuth;

/// <summary>Registers the <see cref="OAuthTokenRegistry"/> the bearer-token handlers (google_drive, google_storage, dropbox, onedrive) read.</summary>
public static class OAuthServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> refresh requests are sent with.</summary>
    public const string HttpClientName = "Kazoo.Storage.OAuth";

    /// <summary>
    /// Registers one singleton <see cref="OAuthTokenRegistry"/>, also as <see cref="IOAuthTokenProvider"/>, and lets
    /// <paramref name="configure"/> fill it. Called again, it configures the same registry. Refreshes go through the
    /// <see cref="HttpClient"/> named <see cref="HttpClientName"/>, whose logging is off (token requests carry secrets);
    /// the clock is the registered <see cref="TimeProvider"/> when there is one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adds the credentials, e.g. <c>tokens =&gt; tokens.AddRefreshToken(…)</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooOAuthTokens(this IServiceCollection services, Action<OAuthTokenRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddHttpClient(HttpClientName).RemoveAllLoggers();
        services.AddSingleton(new RegistryConfiguration(configure));
        services.TryAddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var registry = new OAuthTokenRegistry(() => factory.CreateClient(HttpClientName), sp.GetService<TimeProvider>());
            foreach (var step in sp.GetServices<RegistryConfiguration>())
            {
                step.Configure(registry);
            }

            return registry;
        });
        services.TryAddSingleton<IOAuthTokenProvider>(sp => sp.GetRequiredService<OAuthTokenRegistry>());
        return services;
    }

    private sealed record RegistryConfiguration(Action<OAuthTokenRegistry> Configure);
}
