using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// A forward-only stream of <c>length</c> deterministic pseudo-random bytes (xorshift64* from a seed), made as it is read:
/// large uploads need no large array, and <see cref="Sha256"/> gives the hash to compare with. It can fail with an
/// <see cref="IOException"/> after a number of bytes (<see cref="FailAfter"/>), and report how far it was read
/// (<see cref="OnRead"/>, e.g. to see how far a sender ran ahead of its receiver), and cancel an upload midway
/// (<see cref="CancelAfter"/>).
/// </summary>
/// <param name="length">How many bytes it holds.</param>
/// <param name="seed">Which bytes: the same seed and length give the same bytes.</param>
public sealed class GeneratedStream(long length, ulong seed = 1) : ForwardOnlyStream
{
    // xorshift64*: fast, deterministic, and not compressible into a pattern a bug could hide in.
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
    private ulong _current;
    private int _currentUsed = 8;

    /// <summary>After this many bytes every read throws an <see cref="IOException"/>; null for never.</summary>
    public long? FailAfter { get; init; }

    /// <summary>Called after each read with the running total.</summary>
    public Action<long>? OnRead { get; init; }

    /// <summary>Once this many bytes were read, cancels the source (as a caller giving up midway would); null for never.</summary>
    public (long Bytes, CancellationTokenSource Source)? CancelAfter { get; init; }

    /// <summary>The SHA-256 of the bytes a stream with this length and seed produces.</summary>
    /// <param name="length">The length.</param>
    /// <param name="seed">The seed.</param>
    public static byte[] Sha256(long length, ulong seed = 1)
    {
        using var stream = new GeneratedStream(length, seed);
        return SHA256.HashData(stream);
    }

    /// <summary>Reads <paramref name="content"/> to its end in 1 MiB reads: how many bytes it held, and their SHA-256 (to compare with <see cref="Sha256"/>).</summary>
    /// <param name="content">The stream, e.g. a download.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<(long Length, byte[] Sha256)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            total += read;
        }

        return (total, sha.GetHashAndReset());
    }

    protected override int ReadNext(Span<byte> buffer)
    {
        if (FailAfter is { } failAt && BytesRead >= failAt)
        {
            throw new IOException($"The generated source failed on purpose after {BytesRead} bytes.");
        }

        var count = (int)Math.Min(buffer.Length, Math.Min(length, FailAfter ?? long.MaxValue) - BytesRead);
        Fill(buffer[..count]);
        return count;
    }

    protected override void Done(long bytesRead)
    {
        OnRead?.Invoke(bytesRead);
        if (CancelAfter is { } cancel && bytesRead >= cancel.Bytes)
        {
            cancel.Source.Cancel();
        }
    }

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
