using System.Buffers.Binary;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// A voicemail made up on the fly: a WAV file (8 kHz, 16-bit mono PCM, as Kazoo records) of the requested size playing a
/// short two-tone chime. Every byte is a function of its position, so the stream can seek and needs no memory however large
/// it is.
/// </summary>
internal sealed class GeneratedVoicemail : Stream
{
    /// <summary>The RIFF/WAVE header's size.</summary>
    public const int HeaderLength = 44;

    private const int SampleRate = 8000;
    private static readonly short[] s_oneSecond = Chime();
    private readonly byte[] _header = new byte[HeaderLength];
    private readonly long _length;
    private long _position;

    /// <param name="length">The file size in bytes: at least the header and one sample, even.</param>
    public GeneratedVoicemail(long length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, HeaderLength + 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, uint.MaxValue);
        _length = length - (length % 2);
        var data = (uint)(_length - HeaderLength);
        var h = _header.AsSpan();
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], data + 36);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);        // fmt chunk size
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1);         // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], 1);         // mono
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], SampleRate * 2); // bytes per second
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 2);         // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);        // bits per sample
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], data);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, Math.Max(0, _length - _position));
        for (var i = 0; i < count; i++)
        {
            buffer[i] = ByteAt(_position + i);
        }

        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private byte ByteAt(long position)
    {
        if (position < HeaderLength)
        {
            return _header[position];
        }

        var sample = (position - HeaderLength) / 2;
        var value = s_oneSecond[sample % SampleRate];
        return (byte)((position - HeaderLength) % 2 == 0 ? value & 0xFF : (value >> 8) & 0xFF);
    }

    // Two tones (E5 then C5, a doorbell's ding-dong) fading out, then silence: one second, repeated.
    private static short[] Chime()
    {
        var samples = new short[SampleRate];
        for (var i = 0; i < SampleRate; i++)
        {
            var t = (double)i / SampleRate;
            var (frequency, start) = t < 0.4 ? (659.25, 0.0) : (523.25, 0.4);
            var envelope = t < 0.8 ? Math.Exp(-4 * (t - start)) : 0;
            samples[i] = (short)(0.3 * short.MaxValue * envelope * Math.Sin(2 * Math.PI * frequency * t));
        }

        return samples;
    }
}
