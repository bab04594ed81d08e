using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kazoo.Storage.S3.Tests.Support;

/// <summary>
/// A read-only, non-seekable stream of <c>length</c> deterministic pseudo-random bytes (xorshift64* from a seed), made as
/// it is read: large uploads need no large array. Can fail with <see cref="IOException"/> after a number of bytes, or run
/// a callback when a number of bytes has been read (to cancel an upload midway).
/// </summary>
internal sealed class GeneratedStream : Stream
{
    private readonly long _length;
    private readonly long? _failAfter;
    private readonly long? _notifyAfter;
    private readonly Action? _notify;
    private ulong _state;
    private ulong _current;
    private int _currentUsed = 8;
    private long _position;
    private bool _notified;

    public GeneratedStream(long length, ulong seed, long? failAfter = null, long? notifyAfter = null, Action? notify = null)
    {
        _length = length;
        _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
        _failAfter = failAfter;
        _notifyAfter = notifyAfter;
        _notify = notify;
    }

    /// <summary>How many bytes were handed out.</summary>
    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of the bytes a stream with this length and seed produces.</summary>
    public static byte[] Sha256(long length, ulong seed)
    {
        using var stream = new GeneratedStream(length, seed);
        return SHA256.HashData(stream);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_failAfter is { } failAt && _position >= failAt)
        {
            throw new IOException($"The generated source failed on purpose after {_position} bytes.");
        }

        if (!_notified && _notifyAfter is { } notifyAt && _position >= notifyAt)
        {
            _notified = true;
            _notify?.Invoke();
        }

        var limit = _length - _position;
        if (_failAfter is { } failLimit)
        {
            limit = Math.Min(limit, failLimit - _position);
        }

        if (_notifyAfter is { } notifyLimit && !_notified)
        {
            limit = Math.Min(limit, notifyLimit - _position);
        }

        var count = (int)Math.Min(buffer.Length, limit);
        Fill(buffer[..count]);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
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

    private void Fill(Span<byte> target)
    {
        // Finish the current 8-byte word, then whole words, then start a new one for the tail.
        while (target.Length > 0 && _currentUsed < 8)
        {
            target[0] = (byte)(_current >> (8 * _currentUsed++));
            target = target[1..];
        }

        var words = MemoryMarshal.Cast<byte, ulong>(target[..(target.Length & ~7)]);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Next();
        }

        target = target[(words.Length * 8)..];
        if (target.Length > 0)
        {
            _current = Next();
            _currentUsed = 0;
            while (target.Length > 0)
            {
                target[0] = (byte)(_current >> (8 * _currentUsed++));
                target = target[1..];
            }
        }
    }

    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }
}
