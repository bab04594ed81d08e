using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// The HTTP pipeline both ways of building a client share (dependency injection and the constructor):
/// diagnostics (request id, logging) → resilience (total timeout, GET-only retries, attempt timeout) → authentication →
/// transport.
/// </summary>
/// <remarks>
/// Retries: only GET (and HEAD/OPTIONS) is retried, on 5xx, 408, 429, connection failures and attempt timeouts. Kazoo's
/// PUT creates (a repeat after a lost answer gets 409 for a create that succeeded), POST and PATCH write and may run
/// the settings probe (each run leaves a test file on the backend), and DELETE is a hard delete: a repeat after a lost
/// answer turns a success into 404, or deletes a document someone re-created meanwhile. So none of them is retried.
/// The login PUTs (<c>/v2/api_auth</c>, <c>/v2/user_auth</c>) are the exception: they change no document, and a repeat
/// only issues another token.
/// </remarks>
internal static class CrossbarPipeline
{
    /// <summary>The name of the resilience pipeline (its metrics and logs carry it).</summary>
    public const string ResiliencePipelineName = "kazoo-storage";

    /// <param name="builder">The pipeline to fill.</param>
    /// <param name="options">Timeouts and retries.</param>
    /// <param name="retryWrites">Whether PUT and POST are retried too: only for the login routes.</param>
    public static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> builder, KazooStorageClientOptions options, bool retryWrites = false)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total-timeout", Timeout = options.Timeout });
        if (options.MaxRetries > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                Name = "get-retry",
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            };
            if (!retryWrites)
            {
                retry.DisableForUnsafeHttpMethods();
            }

            builder.AddRetry(retry);
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt-timeout", Timeout = options.AttemptTimeout });
    }

    public static ResiliencePipeline<HttpResponseMessage> BuildResilience(KazooStorageClientOptions options, bool retryWrites = false)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = ResiliencePipelineName };
        ConfigureResilience(builder, options, retryWrites);
        return builder.Build();
    }

    /// <summary>
    /// The default transport. Connections are recycled every two minutes so a long-lived client follows DNS changes.
    /// </summary>
    public static HttpMessageHandler CreateTransport() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
    };

    /// <summary>Diagnostics → resilience → (authentication) → transport.</summary>
    public static HttpMessageHandler CreateChain(ILogger logger, ResiliencePipeline<HttpResponseMessage> resilience, CrossbarTokenCache? tokens, HttpMessageHandler transport)
    {
        HttpMessageHandler inner = transport;
        if (tokens is not null)
        {
            inner = new CrossbarAuthenticationHandler(tokens, logger) { InnerHandler = inner };
        }

        return new CrossbarDiagnosticsHandler(logger)
        {
            InnerHandler = new ResilienceHandler(resilience) { InnerHandler = inner },
        };
    }
}
