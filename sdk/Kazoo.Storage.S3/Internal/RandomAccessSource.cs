using Microsoft.Win32.SafeHandles;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// A source whose remaining bytes can be read at any offset, from several threads at once, without copying: a readable,
/// seekable <see cref="FileStream"/> (read with <see cref="RandomAccess"/>) or a <see cref="MemoryStream"/> whose buffer is
/// visible. Parts are then sent straight from it, in parallel, with no part buffers (as the AWS SDK's TransferUtility does
/// for a file path).
/// </summary>
internal abstract class RandomAccessSource
{
    private readonly Stream _stream;
    private readonly long _start;

    private RandomAccessSource(Stream stream, long start, long length)
    {
        _stream = stream;
        _start = start;
        Length = length;
    }

    /// <summary>The bytes from the stream's position to its end.</summary>
    public long Length { get; }

    /// <summary>The stream's position when the upload began.</summary>
    protected long Start => _start;

    /// <summary>Whether <paramref name="content"/> can be read this way; the source covers its position to its end.</summary>
    /// <param name="content">The caller's stream.</param>
    public static RandomAccessSource? TryCreate(Stream content)
    {
        if (!content.CanRead || !content.CanSeek)
        {
            return null;
        }

        switch (content)
        {
            case FileStream file when file.GetType() == typeof(FileStream):
                var start = file.Position;
                return new FileSource(file, file.SafeFileHandle, start, Math.Max(0, file.Length - start));
            case MemoryStream memory when memory.TryGetBuffer(out var buffer) && buffer.Array is not null:
                var position = memory.Position;
                return new ArraySource(memory, buffer, position, Math.Max(0, memory.Length - position));
            default:
                return null;
        }
    }

    /// <summary>A seekable read-only stream over <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    /// <param name="offset">The offset within the remaining bytes.</param>
    /// <param name="length">How many bytes.</param>
    public abstract Stream OpenSlice(long offset, int length);

    /// <summary>Leaves the caller's stream at its end, as if it had been read through.</summary>
    public void MarkConsumed() => _stream.Position = _start + Length;

    private sealed class FileSource(FileStream stream, SafeFileHandle handle, long start, long remaining) : RandomAccessSource(stream, start, remaining)
    {
        public override Stream OpenSlice(long offset, int length) => new FileSliceStream(handle, Start + offset, length);
    }

    private sealed class ArraySource(MemoryStream stream, ArraySegment<byte> buffer, long start, long remaining) : RandomAccessSource(stream, start, remaining)
    {
        public override Stream OpenSlice(long offset, int length) =>
            new MemoryStream(buffer.Array!, checked((int)(buffer.Offset + Start + offset)), length, writable: false);
    }
}
