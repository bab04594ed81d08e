using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// The outermost handler: gives each call an <c>X-Request-ID</c> (Crossbar adopts it as <c>request_id</c>, so one id ties
/// the client's log, Kazoo's log and every retry of the call together) and logs each call's outcome. Logs the method, the
/// path (never the query or headers) and the status.
/// </summary>
internal sealed class CrossbarDiagnosticsHandler : DelegatingHandler
{
    private readonly ILogger _logger;

    public CrossbarDiagnosticsHandler(ILogger logger) => _logger = logger;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValues(CrossbarHeaders.RequestId, out var ids) || ids.FirstOrDefault() is not { Length: > 0 } requestId)
        {
            requestId = NewRequestId();
            request.Headers.Remove(CrossbarHeaders.RequestId);
            request.Headers.TryAddWithoutValidation(CrossbarHeaders.RequestId, requestId);
        }

        // With nothing to log, the call passes straight through: no timing, no extra await.
        return _logger.IsEnabled(LogLevel.Warning)
            ? SendAndLogAsync(request, requestId, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// 32 lowercase hex characters, like Crossbar's own ids. An id only has to be unique enough to find a call in logs, so
    /// it comes from <see cref="Random.Shared"/>: <see cref="Guid.NewGuid"/> reads the kernel's random source, a system
    /// call on every request.
    /// </summary>
    internal static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private async Task<HttpResponseMessage> SendAndLogAsync(HttpRequestMessage request, string requestId, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? "/";
        CrossbarLog.Sending(_logger, method, path, requestId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answeredId = response.Headers.TryGetValues("x-request-id", out var answered) && answered.FirstOrDefault() is { Length: > 0 } echoed ? echoed : requestId;
            CrossbarLog.Answered(_logger, (int)response.StatusCode, method, path, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, answeredId);
            return response;
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            CrossbarLog.NoAnswer(_logger, method, path, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name + ": " + Serialization.SecretMask.MaskText(exception.Message), requestId);
            throw;
        }
    }
}
