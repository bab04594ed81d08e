using System.Runtime.ExceptionServices;

namespace Kazoo.Storage.Attachments.Http;

/// <summary>
/// The caller's content stream as an upload reads it: counts the bytes, remembers whether anything was read (so a redirect
/// knows whether the stream can still be sent elsewhere), rewinds a seekable stream for a second send, and keeps a failure
/// of the stream itself apart from failures of the connection.
/// </summary>
internal sealed class UploadSource : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private long _read;

    public UploadSource(Stream inner)
    {
        _inner = inner;
        _start = inner.CanSeek ? inner.Position : 0;
    }

    /// <summary>Whether any byte has been read since the last rewind.</summary>
    public bool Touched { get; private set; }

    /// <summary>Bytes read since the last rewind.</summary>
    public long BytesRead => _read;

    /// <summary>Whether a read stream can be sent again.</summary>
    public bool CanRewind => _inner.CanSeek;

    /// <summary>The exception the caller's stream threw, if it did.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>The bytes left to send, when the stream knows its length.</summary>
    public long? RemainingLength => _inner.CanSeek ? Math.Max(0, _inner.Length - _start) : null;

    /// <summary>Makes the stream ready for a (new) send: rewinds it when it was read.</summary>
    /// <exception cref="InvalidOperationException">It was read and cannot seek.</exception>
    public void Rewind()
    {
        if (!Touched)
        {
            return;
        }

        if (!_inner.CanSeek)
        {
            throw new InvalidOperationException("The content stream was already sent and cannot seek, so it cannot be sent again.");
        }

        _inner.Position = _start;
        _read = 0;
        Touched = false;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Touched = true;
        try
        {
            var n = _inner.Read(buffer);
            _read += n;
            return n;
        }
        catch (Exception ex)
        {
            Failure = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Touched = true;
        try
        {
            var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _read += n;
            return n;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failure = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The caller owns the inner stream: disposing this wrapper leaves it open.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);
}
