using System.Buffers;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// The caller's content cut into chunks for a chunked upload, one chunk in memory at a time. The buffer holds one byte more
/// than a chunk: that byte tells whether the chunk in hand is the last, without knowing the length. What the backend did
/// not take stays, and goes first in the next chunk. Compiled from one source file into each package that uploads in
/// chunks.
/// </summary>
/// <param name="content">The content, read once, forward.</param>
/// <param name="chunkSize">The most bytes a chunk has.</param>
internal sealed class UploadChunks(AttachmentUploadSource content, int chunkSize) : IDisposable
{
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(chunkSize + 1);
    private int _held;
    private bool _ended;

    /// <summary>The chunk's bytes, from index 0.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>The upload offset of the chunk's first byte: how many bytes the backend took so far.</summary>
    public long Offset { get; private set; }

    /// <summary>How many bytes the chunk has (after <see cref="FillAsync"/>).</summary>
    public int Count => Math.Min(_held, chunkSize);

    /// <summary>Whether the chunk ends the content (after <see cref="FillAsync"/>).</summary>
    public bool IsLast => _ended && _held <= chunkSize;

    /// <summary>Reads until the buffer holds a chunk and one byte more, or the content ends.</summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        while (!_ended && _held <= chunkSize)
        {
            var read = await content.ReadAsync(_buffer.AsMemory(_held, chunkSize + 1 - _held), cancellationToken).ConfigureAwait(false);
            _ended = read == 0;
            _held += read;
        }
    }

    /// <summary>Drops the first <paramref name="taken"/> bytes, which the backend now holds.</summary>
    public void Advance(int taken)
    {
        _buffer.AsSpan(taken, _held - taken).CopyTo(_buffer);
        _held -= taken;
        Offset += taken;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
