namespace Kazoo.Storage.Testing;

/// <summary>
/// Faults for the next requests the emulator receives, storage and auth routes alike. Faults queue up in the order they are
/// added and each request that arrives takes the next one (a request that finds the queue empty is answered normally).
/// Thread-safe.
/// </summary>
/// <remarks>
/// A dropped connection is aborted with a reset, which .NET's <see cref="System.Net.Http.SocketsHttpHandler"/> does not send
/// again on its own, even on a connection it reused from its pool: the client sees an <see cref="System.Net.Http.HttpRequestException"/>.
/// </remarks>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly Queue<Fault> _faults = new();

    internal FaultInjector()
    {
    }

    /// <summary>The number of faults not yet taken by a request.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _faults.Count;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> requests have their connection aborted without an answer.</summary>
    /// <param name="count">How many requests.</param>
    public void DropNextConnections(int count) => Enqueue(count, new Fault(FaultKind.Drop, 0, TimeSpan.Zero));

    /// <summary>
    /// The next <paramref name="count"/> requests are answered with <paramref name="statusCode"/> and Crossbar's error envelope
    /// (for 503, Crossbar's <c>datastore_unreachable</c>), without being processed.
    /// </summary>
    /// <param name="count">How many requests.</param>
    /// <param name="statusCode">The HTTP status, 400 to 599.</param>
    public void FailNext(int count, int statusCode = 503)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        Enqueue(count, new Fault(FaultKind.Fail, statusCode, TimeSpan.Zero));
    }

    /// <summary>The next <paramref name="count"/> requests wait <paramref name="delay"/> (real time) before they are processed.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="delay">How long each waits.</param>
    public void DelayNext(int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Enqueue(count, new Fault(FaultKind.Delay, 0, delay));
    }

    /// <summary>Forgets every fault not yet taken.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Takes the fault for the request that just arrived, if any.</summary>
    internal Fault? TakeNext()
    {
        lock (_gate)
        {
            return _faults.TryDequeue(out var fault) ? fault : null;
        }
    }

    private void Enqueue(int count, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }
}

/// <summary>What happens to one request.</summary>
internal enum FaultKind
{
    Drop,
    Fail,
    Delay,
}

/// <summary>One queued fault.</summary>
internal sealed record Fault(FaultKind Kind, int StatusCode, TimeSpan Delay);
