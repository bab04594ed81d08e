using System.Collections.Concurrent;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// Part-sized buffers for uploads, reused across the parts of an upload and across uploads. Every buffer is exactly
/// <see cref="Size"/> bytes; at most <c>retain</c> idle buffers are kept (one upload's worth), extra ones are left to the
/// GC. Unlike <see cref="System.Buffers.ArrayPool{T}.Shared"/>, a buffer returned on another thread is found again by the
/// next rent: parts are read on one thread and finish on others, which would strand shared-pool arrays per thread.
/// </summary>
internal sealed class PartBufferPool
{
    private readonly ConcurrentStack<byte[]> _idle = new();
    private readonly int _retain;
    private int _idleCount;

    /// <summary>Creates the pool.</summary>
    /// <param name="size">The size of every buffer.</param>
    /// <param name="retain">How many idle buffers to keep.</param>
    public PartBufferPool(int size, int retain)
    {
        Size = size;
        _retain = retain;
    }

    /// <summary>The size of every buffer.</summary>
    public int Size { get; }

    /// <summary>An idle buffer, or a new one.</summary>
    public byte[] Rent()
    {
        if (_idle.TryPop(out var buffer))
        {
            Interlocked.Decrement(ref _idleCount);
            return buffer;
        }

        return GC.AllocateUninitializedArray<byte>(Size);
    }

    /// <summary>Gives a buffer back.</summary>
    /// <param name="buffer">A buffer from <see cref="Rent"/>.</param>
    public void Return(byte[] buffer)
    {
        if (buffer.Length != Size)
        {
            return;
        }

        if (Interlocked.Increment(ref _idleCount) <= _retain)
        {
            _idle.Push(buffer);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }
}
