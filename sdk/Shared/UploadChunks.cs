using System.Buffers;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// The caller's content cut into chunks for a chunked upload, one chunk in memory at a time. Without the length, the buffer
/// holds one byte more than a chunk: that byte tells whether the chunk in hand is the last; with it, nothing past the chunk
/// in hand is read. What the backend did not take stays, and goes first in the next chunk. Compiled from one source file
/// into each package that uploads in chunks.
/// </summary>
/// <param name="content">The content, read once, forward (an <see cref="AttachmentUploadSource"/> for the caller's stream).</param>
/// <param name="chunkSize">The most bytes a chunk has.</param>
/// <param name="length">The content's length when it is known before the upload: the chunk that reaches it is the last, and nothing past it is read (the content must end there: OneDrive's <c>UploadBody</c> checks it).</param>
internal sealed class UploadChunks(Stream content, int chunkSize, long? length = null) : IDisposable
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
    public bool IsLast => _held <= chunkSize && (_ended || Offset + _held == length);

    /// <summary>Reads until the buffer holds a chunk and one byte more (with the length known: a chunk, up to the length), or the content ends.</summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        var wanted = length is { } known ? (int)Math.Min(chunkSize, known - Offset) : chunkSize + 1;
        while (!_ended && _held < wanted)
        {
            var read = await content.ReadAsync(_buffer.AsMemory(_held, wanted - _held), cancellationToken).ConfigureAwait(false);
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
