using System.Security.Cryptography;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// One part of an upload (or the whole object of a single PUT): its length, a way to open its bytes as a seekable stream
/// (the AWS SDK rewinds it to retry), and what to release once it was sent.
/// </summary>
internal sealed class UploadPart
{
    private readonly Func<Stream> _open;
    private readonly byte[]? _buffer;
    private Action? _release;

    private UploadPart(int length, Func<Stream> open, byte[]? buffer, Action? release)
    {
        Length = length;
        _open = open;
        _buffer = buffer;
        _release = release;
    }

    /// <summary>The part's size in bytes.</summary>
    public int Length { get; }

    /// <summary>A part held in a buffer read from the source.</summary>
    /// <param name="buffer">The buffer (at least <paramref name="length"/> bytes).</param>
    /// <param name="length">How many bytes of it are the part.</param>
    /// <param name="release">Gives the buffer back.</param>
    public static UploadPart Buffered(byte[] buffer, int length, Action<byte[]> release) =>
        new(length, () => new MemoryStream(buffer, 0, length, writable: false), buffer, () => release(buffer));

    /// <summary>A part read straight from a random-access source.</summary>
    /// <param name="source">The source.</param>
    /// <param name="offset">The part's offset within the source's remaining bytes.</param>
    /// <param name="length">The part's size.</param>
    public static UploadPart Slice(RandomAccessSource source, long offset, int length) =>
        new(length, () => source.OpenSlice(offset, length), null, null);

    /// <summary>Opens the part's bytes; the caller disposes the stream.</summary>
    public Stream Open() => _open();

    /// <summary>The MD5 of the part's bytes (hashing the buffer, or reading the slice once).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<byte[]> Md5Async(CancellationToken cancellationToken)
    {
        if (_buffer is not null)
        {
            return MD5.HashData(_buffer.AsSpan(0, Length));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var stream = Open();
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Gives the part's buffer back (once; no-op for slices).</summary>
    public void Release() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
