namespace Kazoo.Storage.TestSupport;

/// <summary>
/// A stream that can only be read forward, once: it cannot seek, tell its length or be written, like a network or pipe
/// source. Subclasses say what a read returns.
/// </summary>
public abstract class ForwardOnlyStream : Stream
{
    /// <summary>How many bytes were handed out so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>How many reads were made.</summary>
    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Reading gives <see cref="BytesRead"/>; setting is not supported.</summary>
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>A forward-only stream over <paramref name="content"/>.</summary>
    /// <param name="content">The bytes to hand out.</param>
    public static ForwardOnlyStream Of(byte[] content) => new Bytes(content);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer)
    {
        Reads++;
        var count = ReadNext(buffer);
        BytesRead += count;
        Done(BytesRead);
        return count;
    }

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Fills the start of <paramref name="buffer"/> with the next bytes.</summary>
    /// <param name="buffer">Where to write.</param>
    /// <returns>How many bytes were written; 0 at the end.</returns>
    protected abstract int ReadNext(Span<byte> buffer);

    /// <summary>Runs after every read with the running total.</summary>
    /// <param name="bytesRead">The bytes handed out so far.</param>
    protected virtual void Done(long bytesRead)
    {
    }

    private sealed class Bytes(byte[] content) : ForwardOnlyStream
    {
        protected override int ReadNext(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, content.Length - BytesRead);
            content.AsSpan((int)BytesRead, count).CopyTo(buffer);
            return count;
        }
    }
}
