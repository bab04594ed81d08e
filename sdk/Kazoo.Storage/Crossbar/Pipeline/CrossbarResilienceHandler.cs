using System.Runtime.ExceptionServices;
using Polly;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// Sends each request through the resilience pipeline chosen for it (<see cref="CrossbarPipeline.InstanceFor"/>): what
/// Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c> does for the DI client, with the same pipelines, for a
/// client made without DI. It runs the pipeline directly, without that handler's per-request bookkeeping (a property
/// bag entry and the request's options), which measurably lengthened every call.
/// </summary>
internal sealed class CrossbarResilienceHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, ResiliencePipeline<HttpResponseMessage>> _pipelineFor;

    public CrossbarResilienceHandler(Func<HttpRequestMessage, ResiliencePipeline<HttpResponseMessage>> pipelineFor) => _pipelineFor = pipelineFor;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipelineFor(request).ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendInnerAsync(state.Request, context.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception exception)
                    {
                        return Outcome.FromException<HttpResponseMessage>(exception);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            if (outcome.Exception is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
