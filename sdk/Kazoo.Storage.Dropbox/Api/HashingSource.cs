namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// The caller's content as a single-call upload reads it: every byte read is added to the <see cref="ContentHasher"/>,
/// and the stream goes back to where the upload began before a retry. Never disposed with the request that sends it (the
/// caller owns the stream).
/// </summary>
internal sealed class HashingSource(Stream inner, ContentHasher hasher) : Stream
{
    private readonly long _start = inner.CanSeek ? inner.Position : 0;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length - _start;

    public override long Position
    {
        get => hasher.Length;
        set => throw new NotSupportedException();
    }

    /// <summary>Goes back to where the upload began, when the stream can seek.</summary>
    public bool TryRewind()
    {
        if (hasher.Length == 0)
        {
            return true;
        }

        if (!inner.CanSeek)
        {
            return false;
        }

        inner.Position = _start;
        hasher.Reset();
        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        hasher.Append(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hasher.Append(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The caller owns the stream: disposing the request content must not close it.
    protected override void Dispose(bool disposing)
    {
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
