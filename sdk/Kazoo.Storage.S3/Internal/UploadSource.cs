using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// One part of an upload (or the whole object of a single PUT): its length, a way to open its bytes as a seekable stream
/// (the AWS SDK rewinds it to retry), and what to release once it was sent.
/// </summary>
internal sealed class UploadPart
{
    private readonly Func<Stream> _open;
    private readonly byte[]? _buffer;
    private Action? _release;

    private UploadPart(int length, Func<Stream> open, byte[]? buffer, Action? release)
    {
        Length = length;
        _open = open;
        _buffer = buffer;
        _release = release;
    }

    /// <summary>The part's size in bytes.</summary>
    public int Length { get; }

    /// <summary>A part held in a buffer read from the source.</summary>
    /// <param name="buffer">The buffer (at least <paramref name="length"/> bytes).</param>
    /// <param name="length">How many bytes of it are the part.</param>
    /// <param name="release">Gives the buffer back.</param>
    public static UploadPart Buffered(byte[] buffer, int length, Action<byte[]> release) =>
        new(length, () => new MemoryStream(buffer, 0, length, writable: false), buffer, () => release(buffer));

    /// <summary>A part read straight from a random-access source.</summary>
    /// <param name="source">The source.</param>
    /// <param name="offset">The part's offset within the source's remaining bytes.</param>
    /// <param name="length">The part's size.</param>
    public static UploadPart Slice(RandomAccessSource source, long offset, int length) =>
        new(length, () => source.OpenSlice(offset, length), null, null);

    /// <summary>Opens the part's bytes; the caller disposes the stream.</summary>
    public Stream Open() => _open();

    /// <summary>The MD5 of the part's bytes (hashing the buffer, or reading the slice once).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<byte[]> Md5Async(CancellationToken cancellationToken)
    {
        if (_buffer is not null)
        {
            return MD5.HashData(_buffer.AsSpan(0, Length));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var stream = Open();
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Gives the part's buffer back (once; no-op for slices).</summary>
    public void Release() => Interlocked.Exchange(ref _release, null)?.Invoke();
}

/// <summary>
/// A source whose remaining bytes can be read at any offset, from several threads at once, without copying: a readable,
/// seekable <see cref="FileStream"/> (read with <see cref="RandomAccess"/>) or a <see cref="MemoryStream"/> whose buffer is
/// visible. Parts are then sent straight from it, in parallel, with no part buffers (as the AWS SDK's TransferUtility does
/// for a file path).
/// </summary>
internal abstract class RandomAccessSource
{
    private readonly Stream _stream;
    private readonly long _start;

    private RandomAccessSource(Stream stream, long start, long length)
    {
        _stream = stream;
        _start = start;
        Length = length;
    }

    /// <summary>The bytes from the stream's position to its end.</summary>
    public long Length { get; }

    /// <summary>The stream's position when the upload began.</summary>
    protected long Start => _start;

    /// <summary>Whether <paramref name="content"/> can be read this way; the source covers its position to its end.</summary>
    /// <param name="content">The caller's stream.</param>
    public static RandomAccessSource? TryCreate(Stream content)
    {
        if (!content.CanRead || !content.CanSeek)
        {
            return null;
        }

        switch (content)
        {
            case FileStream file when file.GetType() == typeof(FileStream):
                var start = file.Position;
                return new FileSource(file, file.SafeFileHandle, start, Math.Max(0, file.Length - start));
            case MemoryStream memory when memory.TryGetBuffer(out var buffer) && buffer.Array is not null:
                var position = memory.Position;
                return new ArraySource(memory, buffer, position, Math.Max(0, memory.Length - position));
            default:
                return null;
        }
    }

    /// <summary>A seekable read-only stream over <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    /// <param name="offset">The offset within the remaining bytes.</param>
    /// <param name="length">How many bytes.</param>
    public abstract Stream OpenSlice(long offset, int length);

    /// <summary>Leaves the caller's stream at its end, as if it had been read through.</summary>
    public void MarkConsumed() => _stream.Position = _start + Length;

    private sealed class FileSource(FileStream stream, SafeFileHandle handle, long start, long remaining) : RandomAccessSource(stream, start, remaining)
    {
        public override Stream OpenSlice(long offset, int length) => new FileSliceStream(handle, Start + offset, length);
    }

    private sealed class ArraySource(MemoryStream stream, ArraySegment<byte> buffer, long start, long remaining) : RandomAccessSource(stream, start, remaining)
    {
        public override Stream OpenSlice(long offset, int length) =>
            new MemoryStream(buffer.Array!, checked((int)(buffer.Offset + Start + offset)), length, writable: false);
    }
}

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
