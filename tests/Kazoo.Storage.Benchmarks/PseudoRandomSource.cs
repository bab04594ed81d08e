using System.Buffers.Binary;

namespace Kazoo.Storage.Benchmarks;

/// <summary>
/// A forward-only stream of deterministic pseudo-random bytes (xorshift64*), made as it is read, like a network source:
/// it cannot seek or tell its length, and holds no buffer, so the attachment is never in memory whole.
/// </summary>
/// <param name="length">How many bytes it holds.</param>
internal sealed class PseudoRandomSource(long length) : Stream
{
    private ulong _state = 0x9E3779B97F4A7C15UL;
    private long _position;
    private ulong _word;
    private int _wordUsed = 8;

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
        var count = (int)Math.Min(buffer.Length, length - _position);
        var target = buffer[..count];
        while (target.Length > 0 && _wordUsed < 8)
        {
            target[0] = (byte)(_word >> (8 * _wordUsed++));
            target = target[1..];
        }

        while (target.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(target, Next());
            target = target[8..];
        }

        if (target.Length > 0)
        {
            _word = Next();
            _wordUsed = 0;
            while (target.Length > 0)
            {
                target[0] = (byte)(_word >> (8 * _wordUsed++));
                target = target[1..];
            }
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }
}
