using System.Security.Cryptography;
using Amazon.S3.Model;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// The body of a <c>GetObject</c> answer, read as it arrives. Disposing it disposes the answer (and frees the connection).
/// With an expected MD5 (the object's ETag, for objects stored in one request) the bytes are hashed as they pass and
/// checked when the end is reached.
/// </summary>
internal sealed class S3ObjectStream : Stream
{
    private readonly GetObjectResponse _response;
    private readonly Stream _body;
    private readonly string? _expectedMd5;
    private readonly string _key;
    private readonly IncrementalHash? _hash;
    private long _position;
    private bool _checked;

    public S3ObjectStream(GetObjectResponse response, string? expectedMd5, string key)
    {
        _response = response;
        _body = response.ResponseStream;
        _expectedMd5 = expectedMd5;
        _key = key;
        _hash = expectedMd5 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _body.Read(buffer);
        return Account(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = _body.ReadAsync(buffer, cancellationToken);
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Account(buffer.Span[..pending.Result])) : AccountAsync(pending, buffer);
    }

    // Pooled: a download is read in thousands of steps, most of which wait for the network.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AccountAsync(ValueTask<int> pending, Memory<byte> buffer)
    {
        var read = await pending.ConfigureAwait(false);
        return Account(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> read)
    {
        _position += read.Length;
        if (_hash is null || _checked)
        {
            return read.Length;
        }

        if (read.Length > 0)
        {
            _hash.AppendData(read);
            return read.Length;
        }

        // The end: the bytes must hash to the ETag.
        _checked = true;
        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!actual.Equals(_expectedMd5, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"The S3 object '{_key}' read back as {_position} bytes with MD5 {actual}, but its ETag is {_expectedMd5}.");
        }

        return 0;
    }
}
