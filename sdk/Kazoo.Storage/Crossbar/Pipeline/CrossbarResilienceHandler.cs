using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// The resilience step of a client made without DI, with the DI client's rules (<see cref="CrossbarPipeline.ConfigureResilience"/>):
/// a request the policy allows to retry (<see cref="CrossbarPipeline.InstanceFor"/>) is sent again after an outcome
/// Microsoft.Extensions.Http.Resilience calls transient (<see cref="HttpClientResiliencePredicates.IsTransient(Outcome{HttpResponseMessage})"/>:
/// 5xx, 408, 429, a connection failure, an attempt timeout), at most <see cref="Policy.MaxRetries"/> times, after an
/// exponential delay with jitter or the answer's <c>Retry-After</c>; each attempt is bounded by
/// <see cref="Policy.AttemptTimeout"/> and ends in <see cref="TimeoutRejectedException"/> when it runs out, as under
/// Polly's timeout strategy.
/// </summary>
/// <remarks>
/// The DI client runs these rules as Polly strategies in Microsoft.Extensions.Http.Resilience's handler. Here they are
/// one loop: on a loopback GET, running them through Polly took the client from 1.06 to 1.11 times a hand-written call
/// (measured interleaved, tests/Kazoo.Storage.Benchmarks/README.md), most of it in the async layers a call passes
/// through even when nothing fails. The client tests hold both clients to the same behaviour.
/// </remarks>
internal sealed class CrossbarResilienceHandler : DelegatingHandler
{
    /// <summary>The longest delay between two attempts, whatever the back-off or <c>Retry-After</c> asks for.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Func<HttpRequestMessage, Policy> _policyFor;

    public CrossbarResilienceHandler(Func<HttpRequestMessage, Policy> policyFor) => _policyFor = policyFor;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var policy = _policyFor(request);
        return policy.MaxRetries > 0
            ? SendWithRetriesAsync(request, policy, cancellationToken)
            : SendAttemptAsync(request, policy.AttemptTimeout, cancellationToken);
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (0 for the first): the answer's <c>Retry-After</c>, else exponential back-off with jitter.</summary>
    internal static TimeSpan DelayBefore(int retry, TimeSpan firstDelay, HttpResponseMessage? answer, DateTimeOffset now)
    {
        var asked = answer?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        if (asked is { } retryAfter)
        {
            return retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter > MaxDelay ? MaxDelay : retryAfter;
        }

        // firstDelay × 2^retry, spread over ±50% so that clients failing together do not retry together.
        var exponential = firstDelay.TotalMilliseconds * Math.Pow(2, retry) * (0.5 + Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(exponential, MaxDelay.TotalMilliseconds));
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpRequestMessage request, Policy policy, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            Outcome<HttpResponseMessage> outcome;
            try
            {
                outcome = Outcome.FromResult(await SendAttemptAsync(request, policy.AttemptTimeout, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (retry < policy.MaxRetries && IsTransient(Outcome.FromException<HttpResponseMessage>(exception), cancellationToken))
            {
                outcome = Outcome.FromException<HttpResponseMessage>(exception);
            }

            var answer = outcome.Result;
            if (answer is not null && (retry >= policy.MaxRetries || !IsTransient(outcome, cancellationToken)))
            {
                return answer;
            }

            var delay = DelayBefore(retry, policy.FirstDelay, answer, DateTimeOffset.UtcNow);
            answer?.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    // What the DI client's retry strategy retries (its default ShouldHandle); nothing once the caller has cancelled.
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && HttpClientResiliencePredicates.IsTransient(outcome);

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, TimeSpan? attemptTimeout, CancellationToken cancellationToken) =>
        attemptTimeout is { } timeout ? SendBoundedAsync(request, timeout, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendBoundedAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutRejectedException($"The attempt did not finish within {timeout.TotalSeconds:0.###} s.", timeout, exception);
        }
    }

    /// <summary>What one kind of request goes through.</summary>
    /// <param name="MaxRetries">How many times it may be sent again; 0 for once.</param>
    /// <param name="FirstDelay">The delay before the first retry.</param>
    /// <param name="AttemptTimeout">The bound on one attempt, or none.</param>
    internal sealed record Policy(int MaxRetries, TimeSpan FirstDelay, TimeSpan? AttemptTimeout);
}
