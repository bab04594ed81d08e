using Kazoo.Storage.Crossbar.Pipeline;
using Kazoo.Storage.Crossbar.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Refit;

namespace Kazoo.Storage.Crossbar;

/// <summary>Registers <see cref="KazooStorageClient"/> with dependency injection.</summary>
public static class KazooStorageServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> for the storage routes (authenticated).</summary>
    public const string HttpClientName = "Kazoo.Storage.Crossbar";

    /// <summary>The name of the <see cref="HttpClient"/> for the login routes (no token).</summary>
    public const string AuthHttpClientName = "Kazoo.Storage.Crossbar.Auth";

    /// <summary>
    /// Registers a singleton <see cref="KazooStorageClient"/>, its source-generated Refit clients on
    /// <see cref="IHttpClientFactory"/> (named <see cref="HttpClientName"/> and <see cref="AuthHttpClientName"/>: configure
    /// them further with <c>services.AddHttpClient(name)</c>), the token cache and the HTTP pipeline: request ids
    /// and logging, a total timeout, GET-only retries, an attempt timeout, and the <c>X-Auth-Token</c> handler.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="KazooStorageClientOptions.Endpoint"/> and <see cref="KazooStorageClientOptions.Credentials"/> are required.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooStorage(this IServiceCollection services, Action<KazooStorageClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KazooStorageClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers the client (see the other overload) with options read from a configuration section:
    /// <c>Endpoint</c>, <c>TokenLifetime</c>, <c>ValidateBeforeSending</c>, <c>SkipSettingsProbe</c>, <c>Timeout</c>,
    /// <c>AttemptTimeout</c>, <c>MaxRetries</c>, <c>RetryDelay</c>, <c>MaxUpdateAttempts</c>, and under <c>Credentials</c>
    /// either <c>ApiKey</c>, or <c>Username</c> + <c>Password</c> + one of <c>AccountName</c> / <c>AccountRealm</c> /
    /// <c>PhoneNumber</c>, or <c>Token</c>: one of the three, never two (an API key and a password together are refused
    /// when the options are read, naming both settings, as the CLI refuses them). Durations are <c>hh:mm:ss</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("KazooStorage")</c>.</param>
    /// <param name="configure">Changes the options after they are read; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooStorage(this IServiceCollection services, IConfiguration configuration, Action<KazooStorageClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<KazooStorageClientOptions>().Configure(options => Bind(configuration, options));
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<KazooStorageClientOptions>().Validate(
            options =>
            {
                options.Validate();
                return true;
            });

        services.TryAddSingleton(sp =>
        {
            var options = OptionsOf(sp);
            var authApi = options.Credentials!.CanRenew ? sp.GetRequiredService<ICrossbarAuthApi>() : null;
            return new CrossbarTokenCache(options.Credentials, authApi, options.TokenLifetime, options.TimeProvider, LoggerOf(sp));
        });

        AddPipeline(services.AddRefitGeneratedClient<ICrossbarAuthApi>(_ => CrossbarJson.CreateRefitSettings(), AuthHttpClientName), retryWrites: true);
        AddPipeline(services.AddRefitGeneratedClient<ICrossbarStorageApi>(_ => CrossbarJson.CreateRefitSettings(), HttpClientName), retryWrites: false)
            .AddHttpMessageHandler(sp => new CrossbarAuthenticationHandler(sp.GetRequiredService<CrossbarTokenCache>(), LoggerOf(sp)));

        services.TryAddSingleton(sp => new KazooStorageClient(
            sp.GetRequiredService<ICrossbarStorageApi>(),
            OptionsOf(sp),
            sp.GetService<ILogger<KazooStorageClient>>()));
        return services;
    }

    /// <summary>Base address, transport, handler lifetime, diagnostics and resilience, shared by both clients.</summary>
    private static IHttpClientBuilder AddPipeline(IHttpClientBuilder builder, bool retryWrites)
    {
        builder
            .ConfigureHttpClient((sp, http) => CrossbarPipeline.ConfigureHttpClient(http, OptionsOf(sp)))
            .ConfigurePrimaryHttpMessageHandler(sp => OptionsOf(sp).Transport ?? CrossbarPipeline.CreateTransport())
            // The client is a singleton holding its HttpClient: keep the handlers, and let SocketsHttpHandler recycle
            // connections (PooledConnectionLifetime) to follow DNS.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Without IHttpClientFactory's loggers: their header records keep the raw X-Auth-Token in the structured data
            // even when the message is redacted. CrossbarDiagnosticsHandler logs each call (method, path, status, request id).
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new CrossbarDiagnosticsHandler(LoggerOf(sp)))
            .AddResilienceHandler(CrossbarPipeline.ResiliencePipelineName, (pipeline, context) =>
                CrossbarPipeline.ConfigureResilience(pipeline, OptionsOf(context.ServiceProvider), context.InstanceName))
            // Writes are sent once: their pipeline has no retry strategy to pass through (see CrossbarPipeline).
            .SelectPipelineBy(_ => request => CrossbarPipeline.InstanceFor(request, retryWrites));
        return builder;
    }

    private static KazooStorageClientOptions OptionsOf(IServiceProvider services) =>
        services.GetRequiredService<IOptions<KazooStorageClientOptions>>().Value;

    private static ILogger LoggerOf(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<KazooStorageClient>() ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Reads the options from configuration: every setting through the configuration binder (its source generator, no
    /// reflection), except the credentials, which are mapped by hand: which kind to make depends on which keys are set,
    /// and two ways to log in are refused by the rule the CLI shares (<see cref="CrossbarCredentials.FindConflict"/>).
    /// </summary>
    private static void Bind(IConfiguration section, KazooStorageClientOptions options)
    {
        var credentials = section.GetSection("Credentials");
        string? Set(string key) => credentials[key] is { Length: > 0 } ? "Credentials:" + key : null;
        if (CrossbarCredentials.FindConflict(Set("ApiKey"), Set("Username"), Set("Password"), Set("Token")) is { } conflict)
        {
            throw new InvalidOperationException("KazooStorage configuration: " + conflict);
        }

        if (credentials["ApiKey"] is { Length: > 0 } apiKey)
        {
            options.Credentials = new ApiKeyCredentials(apiKey);
        }
        else if (credentials["Username"] is { Length: > 0 } username)
        {
            var password = credentials["Password"] ?? throw new InvalidOperationException("KazooStorage configuration: Credentials:Password is missing.");
            options.Credentials = credentials["AccountName"] is { Length: > 0 } name ? UserCredentials.ForAccountName(username, password, name)
                : credentials["AccountRealm"] is { Length: > 0 } realm ? UserCredentials.ForAccountRealm(username, password, realm)
                : credentials["PhoneNumber"] is { Length: > 0 } number ? UserCredentials.ForPhoneNumber(username, password, number)
                : throw new InvalidOperationException("KazooStorage configuration: Credentials needs AccountName, AccountRealm or PhoneNumber with Username.");
        }
        else if (credentials["Token"] is { Length: > 0 } token)
        {
            options.Credentials = new TokenCredentials(token);
        }

        // Every other setting. The binder is shown only what text can give: not the credentials (read above; it cannot
        // make an abstract type), nor what only code sets (Validation, TimeProvider, Transport).
        new BindableSettings(section).Bind(options);
    }

    /// <summary>A configuration section as the binder sees it: without the options that are not plain settings.</summary>
    private sealed class BindableSettings(IConfiguration section) : IConfiguration
    {
        private static readonly string[] NotBound =
        [
            nameof(KazooStorageClientOptions.Credentials),
            nameof(KazooStorageClientOptions.Validation),
            nameof(KazooStorageClientOptions.TimeProvider),
            nameof(KazooStorageClientOptions.Transport),
        ];

        public string? this[string key]
        {
            get => IsBound(key) ? section[key] : null;
            set => section[key] = value;
        }

        // For a hidden key, a section that exists nowhere: no value, no children.
        public IConfigurationSection GetSection(string key) => section.GetSection(IsBound(key) ? key : "(not a setting)");

        public IEnumerable<IConfigurationSection> GetChildren() => section.GetChildren().Where(child => IsBound(child.Key));

        public IChangeToken GetReloadToken() => section.GetReloadToken();

        private static bool IsBound(string key) => !NotBound.Any(name =>
            key.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (key.Length == name.Length || key[name.Length] == ':'));
    }
}
