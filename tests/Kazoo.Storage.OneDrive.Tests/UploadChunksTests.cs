using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>
/// The shared chunk buffer with a known length, as OneDrive's session uploads use it: nothing is read past the chunk in
/// hand, and the chunk that reaches the length is the last.
/// </summary>
public sealed class UploadChunksTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_known_length_chunks_end_at_the_length_and_nothing_past_the_chunk_is_read()
    {
        var content = new MemoryStream(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray());
        using var chunks = new UploadChunks(content, chunkSize: 4, length: 10);

        await chunks.FillAsync(Cancel);
        Assert.Equal((0L, 4, false), (chunks.Offset, chunks.Count, chunks.IsLast));
        Assert.Equal(4, content.Position);

        chunks.Advance(3); // the backend took three bytes: the fourth goes first in the next chunk
        await chunks.FillAsync(Cancel);
        Assert.Equal((3L, 4, false), (chunks.Offset, chunks.Count, chunks.IsLast));
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, chunks.Buffer.AsSpan(0, 4).ToArray());
        Assert.Equal(7, content.Position);

        chunks.Advance(4);
        await chunks.FillAsync(Cancel);
        Assert.Equal((7L, 3, true), (chunks.Offset, chunks.Count, chunks.IsLast));
    }
}
