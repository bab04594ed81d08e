namespace Kazoo.Storage.TestSupport;

/// <summary>Counts the requests that go through an HttpClient's handler chain (e.g. a named client's).</summary>
public sealed class CountingHandler : DelegatingHandler
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
