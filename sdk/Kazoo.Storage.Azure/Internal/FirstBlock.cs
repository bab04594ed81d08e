using System.Buffers;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>
/// The first block of an upload, read before anything is sent: a forward-only source does not tell its length, and the
/// Azure SDK stages blocks (<c>Put Block</c> + <c>Put Block List</c>) for any stream whose length it does not know, even a
/// few bytes. Content that ends within the first block is sent as a seekable <see cref="MemoryStream"/> over this
/// buffer, which the SDK stores with one <c>Put Blob</c> (as Kazoo does); longer content as this buffer followed by the
/// rest of the source (<see cref="Body"/>). The buffer is pooled and returned as soon as the SDK has read it.
/// </summary>
internal sealed class FirstBlock : Stream
{
    private readonly Stream _rest;
    private byte[]? _buffer;
    private int _offset;

    private FirstBlock(byte[] buffer, int count, Stream rest)
    {
        _buffer = buffer;
        Count = count;
        _rest = rest;
    }

    /// <summary>How many bytes the first block holds.</summary>
    public int Count { get; }

    /// <summary>Whether the content ended within the first block (it fits one <c>Put Blob</c>).</summary>
    public bool IsWhole { get; private init; }

    /// <summary>Reads up to <paramref name="blockSize"/> bytes of <paramref name="source"/>.</summary>
    /// <param name="source">The content.</param>
    /// <param name="blockSize">The block size.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<FirstBlock> ReadAsync(Stream source, int blockSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        var count = 0;
        var ended = false;
        try
        {
            while (count < blockSize)
            {
                var read = await source.ReadAsync(buffer.AsMemory(count, blockSize - count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    ended = true;
                    break;
                }

                count += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new FirstBlock(buffer, count, source) { IsWhole = ended };
    }

    /// <summary>
    /// What the SDK uploads: when <see cref="IsWhole"/>, a seekable stream over the bytes (one <c>Put Blob</c>); otherwise
    /// this forward-only stream of the first block and then the rest of the source (blocks).
    /// </summary>
    public Stream Body => IsWhole ? new MemoryStream(_buffer!, 0, Count, writable: false) : this;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (FromBuffer(buffer) is var copied and > 0)
        {
            return copied;
        }

        return _rest.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (FromBuffer(buffer.Span) is var copied and > 0)
        {
            return ValueTask.FromResult(copied);
        }

        return _rest.ReadAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Returns the buffer to the pool (once), whether or not it was read.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The source is the caller's: disposing this leaves it open, and only gives the buffer back.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private int FromBuffer(Span<byte> destination)
    {
        if (_buffer is not { } buffer || _offset >= Count || destination.IsEmpty)
        {
            return 0;
        }

        var n = Math.Min(destination.Length, Count - _offset);
        buffer.AsSpan(_offset, n).CopyTo(destination);
        _offset += n;
        if (_offset == Count)
        {
            // Served whole: the SDK copied it into a block buffer of its own.
            Release();
        }

        return n;
    }
}
