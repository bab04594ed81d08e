using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// The HTTP pipeline both ways of building a client share (dependency injection and the constructor):
/// the client's overall timeout → diagnostics (request id, logging) → resilience (GET-only retries, attempt timeout) →
/// authentication → transport.
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

    /// <summary>The pipeline instance for requests that may be retried: GET, HEAD and OPTIONS, and the login PUTs.</summary>
    public const string RetriedInstance = "retried";

    /// <summary>The pipeline instance for requests sent once: PUT, POST, PATCH and DELETE on documents.</summary>
    public const string SingleAttemptInstance = "single-attempt";

    /// <summary>Which pipeline instance a request goes through.</summary>
    /// <param name="request">The request.</param>
    /// <param name="retryWrites">Whether every method is retried (the login client).</param>
    public static string InstanceFor(HttpRequestMessage request, bool retryWrites) =>
        retryWrites || IsRetryable(request.Method) ? RetriedInstance : SingleAttemptInstance;

    /// <summary>Whether a method can be sent twice without changing the outcome: GET, HEAD, OPTIONS.</summary>
    /// <param name="method">The method.</param>
    public static bool IsRetryable(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;

    /// <summary>
    /// Fills one pipeline instance. The overall bound, <see cref="KazooStorageClientOptions.Timeout"/>, is the
    /// <see cref="HttpClient.Timeout"/> of the client around this handler (see <see cref="ConfigureHttpClient"/>): it
    /// covers every attempt and the delays between them without a strategy of its own. Retried: the retry strategy and a
    /// timeout per attempt (<see cref="KazooStorageClientOptions.AttemptTimeout"/>). Sent once (or with retries off): the
    /// attempt timeout alone, when it is the shorter of the two.
    /// </summary>
    /// <param name="builder">The pipeline to fill.</param>
    /// <param name="options">Timeouts and retries.</param>
    /// <param name="instance"><see cref="RetriedInstance"/> or <see cref="SingleAttemptInstance"/>.</param>
    public static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> builder, KazooStorageClientOptions options, string instance)
    {
        if (instance == RetriedInstance && options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            });
        }

        if (AttemptTimeoutFor(options, instance) is { } timeout)
        {
            builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt-timeout", Timeout = timeout });
        }
    }

    /// <summary>
    /// The bound on one attempt: <see cref="KazooStorageClientOptions.AttemptTimeout"/> when attempts are retried, or when
    /// it is shorter than the overall <see cref="KazooStorageClientOptions.Timeout"/>; otherwise none (one attempt, and the
    /// overall timeout is the shorter bound).
    /// </summary>
    public static TimeSpan? AttemptTimeoutFor(KazooStorageClientOptions options, string instance) =>
        (instance == RetriedInstance && options.MaxRetries > 0) || options.AttemptTimeout < options.Timeout ? options.AttemptTimeout : null;

    /// <summary>The client settings every Crossbar <see cref="HttpClient"/> gets: its base address and the overall timeout.</summary>
    /// <param name="http">The client.</param>
    /// <param name="options">The options.</param>
    public static void ConfigureHttpClient(HttpClient http, KazooStorageClientOptions options)
    {
        http.BaseAddress = options.Endpoint;
        // KazooStorageClientOptions.Timeout bounds a whole call, retries included (it surfaces as a timeout CrossbarException).
        http.Timeout = options.Timeout.TotalMilliseconds < int.MaxValue ? options.Timeout : System.Threading.Timeout.InfiniteTimeSpan;
    }

    /// <summary>
    /// The resilience step of a client made with <c>new</c>: Microsoft.Extensions.Http.Resilience's
    /// <see cref="ResilienceHandler"/> around pipelines that <see cref="ConfigureResilience"/> fills, the same definition
    /// <c>AddResilienceHandler</c> gives the dependency-injection client, chosen per request as there
    /// (<see cref="InstanceFor"/>). Each pipeline is built once, here.
    /// </summary>
    /// <param name="options">Timeouts and retries.</param>
    /// <param name="retryWrites">Whether every method is retried (the login client).</param>
    /// <param name="loggerFactory">Where Polly reports retries and timeouts, as it does for the DI client; nothing when null.</param>
    public static DelegatingHandler CreateResilienceHandler(KazooStorageClientOptions options, bool retryWrites, ILoggerFactory? loggerFactory)
    {
        var retried = BuildResilience(options, RetriedInstance, loggerFactory);
        var once = retryWrites ? retried : BuildResilience(options, SingleAttemptInstance, loggerFactory);
        return new ResilienceHandler(request => InstanceFor(request, retryWrites) == RetriedInstance ? retried : once);
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildResilience(KazooStorageClientOptions options, string instance, ILoggerFactory? loggerFactory)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = ResiliencePipelineName, InstanceName = instance };
        ConfigureResilience(builder, options, instance);
        if (loggerFactory is not null)
        {
            builder.ConfigureTelemetry(loggerFactory);
        }

        return builder.Build();
    }

    /// <summary>
    /// The default transport. Connections are recycled every two minutes so a long-lived client follows DNS changes.
    /// Answers are not asked for compressed: Crossbar's storage answers are a few KB of JSON, and asking for gzip adds a
    /// decompression stage to every call, which costs more than it saves on a LAN (the client benchmark measured 2–3% of a
    /// loopback GET). Give <see cref="KazooStorageClientOptions.Transport"/> a handler with
    /// <see cref="SocketsHttpHandler.AutomaticDecompression"/> set to ask for it over a slow link.
    /// </summary>
    public static HttpMessageHandler CreateTransport() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <summary>Diagnostics → resilience → (authentication) → transport: the handlers <c>AddKazooStorage</c> adds, in its order.</summary>
    public static HttpMessageHandler CreateChain(ILogger logger, DelegatingHandler resilience, CrossbarTokenCache? tokens, HttpMessageHandler transport)
    {
        HttpMessageHandler inner = transport;
        if (tokens is not null)
        {
            inner = new CrossbarAuthenticationHandler(tokens, logger) { InnerHandler = inner };
        }

        resilience.InnerHandler = inner;
        return new CrossbarDiagnosticsHandler(logger) { InnerHandler = resilience };
    }
}
