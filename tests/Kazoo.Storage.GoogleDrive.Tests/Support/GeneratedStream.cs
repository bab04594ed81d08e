using System.Security.Cryptography;

namespace Kazoo.Storage.GoogleDrive.Tests.Support;

/// <summary>
/// A forward-only stream of <see cref="Length"/> pseudo-random bytes from a seed, made as it is read: large uploads
/// without a large array, and a hash to compare against (<see cref="HashOf"/>).
/// </summary>
public sealed class GeneratedStream(long length, int seed = 1) : Stream
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;
    private long _position;

    /// <summary>Called with the running total after each read, e.g. to cancel an upload halfway.</summary>
    public Action<long>? OnRead { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of what a stream with these arguments produces.</summary>
    public static byte[] HashOf(long length, int seed = 1)
    {
        using var stream = new GeneratedStream(length, seed);
        return SHA256.HashData(stream);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            // xorshift64*: fast, deterministic, and not compressible into a pattern a bug could hide in.
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            buffer[i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        _position += count;
        OnRead?.Invoke(_position);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
