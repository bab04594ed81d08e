namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>
/// The caller's content as the upload reads it: counts what was read (a failed upload may be retried into <c>root</c> only
/// when nothing was consumed or the stream can go back), and is never disposed with the request that sends it.
/// </summary>
internal sealed class UploadSource(Stream inner) : Stream
{
    private readonly long _start = inner.CanSeek ? inner.Position : 0;

    /// <summary>How many bytes were read since the start or the last <see cref="TryRewind"/>.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The bytes left, when the stream can tell.</summary>
    public long? Remaining => inner.CanSeek ? Math.Max(0, inner.Length - inner.Position) : null;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    /// <summary>Goes back to where the upload started, when nothing was read yet or the stream can seek.</summary>
    public bool TryRewind()
    {
        if (BytesRead == 0)
        {
            return true;
        }

        if (!inner.CanSeek)
        {
            return false;
        }

        inner.Position = _start;
        BytesRead = 0;
        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The caller owns the stream: disposing the request content must not close it.
    protected override void Dispose(bool disposing)
    {
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private int Count(int read)
    {
        BytesRead += read;
        return read;
    }
}
