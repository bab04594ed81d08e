using Microsoft.Win32.SafeHandles;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// A read-only, seekable window on a file, read with <see cref="RandomAccess"/> (no shared file position, so several
/// windows on one file are read at once). Reads go through a 256 KiB block: the AWS SDK reads in 64 KiB steps, and one
/// asynchronous file read per step would cost a task each.
/// </summary>
internal sealed class FileSliceStream(SafeFileHandle handle, long fileOffset, long length) : Stream
{
    private const int BlockSize = 256 * 1024;

    private byte[]? _block;
    private long _blockStart;
    private int _blockLength;
    private long _position;
    private Task<int>? _lastRead;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!InBlock())
        {
            if (_position >= length)
            {
                return 0;
            }

            var block = _block ??= System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
            _blockStart = _position;
            _blockLength = RandomAccess.Read(handle, block.AsSpan(0, BlockLengthAt(_position)), fileOffset + _position);
        }

        return CopyFromBlock(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (!InBlock() && _position < length)
        {
            return FillAndCopyAsTaskAsync(buffer.AsMemory(offset, count), cancellationToken);
        }

        // Reads mostly return the same count: reuse the completed task.
        var read = CopyFromBlock(buffer.AsSpan(offset, count));
        return _lastRead is { } last && last.Result == read ? last : (_lastRead = Task.FromResult(read));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (InBlock() || _position >= length)
        {
            return ValueTask.FromResult(CopyFromBlock(buffer.Span));
        }

        return FillAndCopyAsync(buffer, cancellationToken);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _block, null) is { } block)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(block);
        }

        base.Dispose(disposing);
    }

    // One task per block for callers of the array overload (the AWS SDK's stream wrappers).
    private async Task<int> FillAndCopyAsTaskAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await FillAndCopyAsync(buffer, cancellationToken).ConfigureAwait(false);

    // Pooled: a part is read in hundreds of steps, and the file read is usually still running when the step begins.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FillAndCopyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var block = _block ??= System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
        _blockStart = _position;
        _blockLength = 0;
        _blockLength = await RandomAccess.ReadAsync(handle, block.AsMemory(0, BlockLengthAt(_position)), fileOffset + _position, cancellationToken).ConfigureAwait(false);
        return CopyFromBlock(buffer.Span);
    }

    private bool InBlock() => _block is not null && _position >= _blockStart && _position < _blockStart + _blockLength;

    private int BlockLengthAt(long position) => (int)Math.Min(BlockSize, length - position);

    private int CopyFromBlock(Span<byte> buffer)
    {
        if (!InBlock())
        {
            return 0;
        }

        var available = (int)(_blockStart + _blockLength - _position);
        var count = Math.Min(available, buffer.Length);
        _block.AsSpan((int)(_position - _blockStart), count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
