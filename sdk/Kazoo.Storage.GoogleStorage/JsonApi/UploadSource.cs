using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace Kazoo.Storage.GoogleStorage.JsonApi;

/// <summary>
/// The caller's content as an upload reads it, once: counts the bytes and hashes them (MD5, to compare with Cloud Storage's
/// <c>md5Hash</c>), keeps a failure of the caller's stream apart from failures of the connection (HttpClient wraps the
/// former in an <see cref="HttpRequestException"/>), and is never disposed with the request that sends it.
/// </summary>
internal sealed class UploadSource : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public UploadSource(Stream inner)
    {
        _inner = inner;
        _start = inner.CanSeek ? inner.Position : 0;
    }

    /// <summary>How many bytes were read.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The bytes left to read, when the stream can tell.</summary>
    public long? Remaining => _inner.CanSeek ? Math.Max(0, _inner.Length - _inner.Position) : null;

    /// <summary>What the caller's stream threw, if it did.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    /// <summary>
    /// The inner position. Only a move back to where the upload started is allowed (HttpClient does that when it sends a
    /// seekable body a second time); it starts the count and the hash again.
    /// </summary>
    public override long Position
    {
        get => _inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>The MD5 of the bytes read so far, base64-encoded as Cloud Storage writes <c>md5Hash</c>.</summary>
    public string Md5Base64() => Convert.ToBase64String(_md5.GetCurrentHash());

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (origin != SeekOrigin.Begin || offset != _start || !_inner.CanSeek)
        {
            throw new NotSupportedException("An upload reads its content once, from where it started.");
        }

        _inner.Position = _start;
        BytesRead = 0;
        _md5.Dispose();
        _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        return _start;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failure ??= ExceptionDispatchInfo.Capture(ex);
            throw;
        }

        return Count(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failure ??= ExceptionDispatchInfo.Capture(ex);
            throw;
        }

        return Count(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Frees the hash; the caller's stream stays open (the caller owns it).</summary>
    public void Release() => _md5.Dispose();

    // Disposing the request content must not close the caller's stream.
    protected override void Dispose(bool disposing)
    {
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private int Count(ReadOnlySpan<byte> read)
    {
        _md5.AppendData(read);
        BytesRead += read.Length;
        return read.Length;
    }
}
