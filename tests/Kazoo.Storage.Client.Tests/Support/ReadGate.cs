using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Client.Tests.Support;

/// <summary>
/// Orders the rounds of several writers: each writer gets its own client whose reads (the first half of
/// <see cref="KazooStorageClient.UpdateAsync"/>) report in and then wait until the gate opens, so a test can make every
/// writer read first and write later — the interleaving that loses updates when a writer sends what it read.
/// </summary>
internal sealed class ReadGate(int readers)
{
    private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting = readers;

    /// <summary>Completes when <c>readers</c> reads have come back.</summary>
    public Task AllRead => _allRead.Task;

    /// <summary>Lets the held reads go on to their writes.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>A client of its own (own login, own connections) whose reads wait at this gate.</summary>
    public KazooStorageClient Client(CrossbarEmulator crossbar) => new GatedClient(crossbar, this);

    private async Task<T> HoldAsync<T>(T read, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _waiting) == 0)
        {
            _allRead.TrySetResult();
        }

        await _open.Task.WaitAsync(cancellationToken);
        return read;
    }

    private sealed class GatedClient(CrossbarEmulator crossbar, ReadGate gate)
        : KazooStorageClient(crossbar.BaseAddress, CrossbarCredentials.FromApiKey(crossbar.MasterApiKey), new KazooStorageClientOptions { RetryDelay = TimeSpan.FromMilliseconds(10) })
    {
        public override async Task<CrossbarResponse<StorageDocument>> GetAsync(StorageScope scope, CancellationToken cancellationToken = default) =>
            await gate.HoldAsync(await base.GetAsync(scope, cancellationToken), cancellationToken);
    }
}
