using System.Runtime.ExceptionServices;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>
/// The caller's content as the Azure SDK reads it: forward only (so the SDK reads it block by block into pooled buffers
/// instead of seeking or asking its length), counted (<see cref="BytesRead"/> is the stored length), never disposed (the
/// caller owns it), and remembering a failure of its own (<see cref="Failure"/>), so that the handler can rethrow the
/// caller's exception unchanged however the SDK wraps it.
/// </summary>
internal sealed class UploadSourceStream(Stream source) : Stream
{
    private long _bytesRead;

    /// <summary>How many bytes were read from the source.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The exception the source itself threw, if it did.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

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
        int read;
        try
        {
            read = source.Read(buffer);
        }
        catch (Exception ex)
        {
            Failure ??= ExceptionDispatchInfo.Capture(ex);
            throw;
        }

        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Failure ??= ExceptionDispatchInfo.Capture(ex);
            throw;
        }

        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The caller's stream is the caller's: disposing this view leaves it open.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);
}
