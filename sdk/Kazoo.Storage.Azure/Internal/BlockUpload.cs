using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>
/// One upload of a stream into a block blob, in the fewest bytes of memory:
/// <list type="number">
/// <item>The first block (<c>blockSize</c> bytes) is read. If the source ends within it, the content is stored with one
/// <c>Put Blob</c>, as Kazoo stores it.</item>
/// <item>Otherwise each block is sent with <c>Put Block</c> as soon as it is read, up to <c>concurrency</c> at a time, into
/// at most <c>concurrency</c> pooled buffers (a full buffer waits for a free one), and the block list is committed with
/// one <c>Put Block List</c> at the end. Block ids are the same length (as Azure requires) and carry a random prefix per
/// upload, so two uploads to the same name never mix their blocks.</item>
/// <item>On any failure (the source's, Azure's, or the caller's cancellation) the blocks in flight are cancelled and
/// awaited, nothing is committed, and the first failure is rethrown: a failure of the source itself as
/// <see cref="SourceFailure"/>, so that the handler passes the caller's exception on unchanged.</item>
/// </list>
/// The Azure SDK's own partitioned upload would hold <c>concurrency + 1</c> block buffers and, for a stream that does not
/// tell its length, stage even a few bytes as a block.
/// </summary>
internal static class BlockUpload
{
    /// <summary>Stores <paramref name="source"/> in <paramref name="blob"/>.</summary>
    /// <param name="blob">The block blob.</param>
    /// <param name="source">The content, read once to its end; not disposed.</param>
    /// <param name="headers">The blob's HTTP headers (its content type).</param>
    /// <param name="blockSize">The single-request threshold and block size.</param>
    /// <param name="concurrency">The most blocks in flight (and buffers held).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The answer of the request that made the blob, and how many bytes it holds.</returns>
    /// <exception cref="SourceFailure">Reading <paramref name="source"/> failed.</exception>
    public static async Task<(Response<BlobContentInfo> Response, long Length, int Blocks)> RunAsync(
        BlockBlobClient blob, Stream source, BlobHttpHeaders headers, int blockSize, int concurrency, CancellationToken cancellationToken)
    {
        var pool = ArrayPool<byte>.Shared;
        var first = pool.Rent(blockSize);
        var free = new Stack<byte[]>();
        var owned = new List<byte[]> { first };
        try
        {
            var count = await FillAsync(source, first, blockSize, cancellationToken).ConfigureAwait(false);
            if (count < blockSize)
            {
                using var whole = new MemoryStream(first, 0, count, writable: false);
                var single = await blob.UploadAsync(whole, new BlobUploadOptions { HttpHeaders = headers }, cancellationToken).ConfigureAwait(false);
                return (single, count, 0);
            }

            return await StageAsync(blob, source, headers, first, blockSize, concurrency, owned, free, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var buffer in owned)
            {
                pool.Return(buffer);
            }
        }
    }

    private static async Task<(Response<BlobContentInfo>, long, int)> StageAsync(
        BlockBlobClient blob, Stream source, BlobHttpHeaders headers, byte[] first, int blockSize, int concurrency, List<byte[]> owned, Stack<byte[]> free, CancellationToken cancellationToken)
    {
        var prefix = RandomNumberGenerator.GetBytes(8);
        var ids = new List<string>();
        var inFlight = new List<Task<byte[]>>();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long total = 0;
        try
        {
            var buffer = first;
            var count = blockSize;
            while (true)
            {
                var id = BlockId(prefix, ids.Count);
                ids.Add(id);
                total += count;
                inFlight.Add(StageOneAsync(blob, id, buffer, count, abort.Token));
                if (count < blockSize)
                {
                    break; // a short block is the last
                }

                buffer = await FreeBufferAsync(inFlight, owned, free, blockSize, concurrency).ConfigureAwait(false);
                count = await FillAsync(source, buffer, blockSize, cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    free.Push(buffer);
                    break;
                }
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
            var committed = await blob.CommitBlockListAsync(ids, new CommitBlockListOptions { HttpHeaders = headers }, cancellationToken).ConfigureAwait(false);
            return (committed, total, ids.Count);
        }
        catch (Exception)
        {
            // Stop the blocks still in flight and wait for them: their buffers go back to the pool only after that.
            await abort.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Their failures follow from this one (or from the cancellation just made).
            }

            throw;
        }
    }

    /// <summary>A buffer to read the next block into: a new one while fewer than <paramref name="concurrency"/> exist, else the next one a finished block frees.</summary>
    private static async Task<byte[]> FreeBufferAsync(List<Task<byte[]>> inFlight, List<byte[]> owned, Stack<byte[]> free, int blockSize, int concurrency)
    {
        while (true)
        {
            for (var i = inFlight.Count - 1; i >= 0; i--)
            {
                if (inFlight[i].IsCompleted)
                {
                    // Throws the block's failure, if it failed.
                    free.Push(await inFlight[i].ConfigureAwait(false));
                    inFlight.RemoveAt(i);
                }
            }

            if (free.Count > 0)
            {
                return free.Pop();
            }

            if (owned.Count < concurrency)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                owned.Add(buffer);
                return buffer;
            }

            await Task.WhenAny(inFlight).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> StageOneAsync(BlockBlobClient blob, string id, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        // A seekable body: the Azure pipeline rewinds it when it retries the request.
        using var body = new MemoryStream(buffer, 0, count, writable: false);
        await blob.StageBlockAsync(id, body, options: null, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <summary>Reads until <paramref name="buffer"/> holds <paramref name="count"/> bytes or the source ends.</summary>
    /// <exception cref="SourceFailure">The source failed.</exception>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        try
        {
            while (filled < count)
            {
                var read = await source.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new SourceFailure(ExceptionDispatchInfo.Capture(ex));
        }

        return filled;
    }

    /// <summary>The id of block <paramref name="index"/>: base64 of the upload's prefix and the index, 24 characters for every block.</summary>
    private static string BlockId(byte[] prefix, int index)
    {
        Span<byte> raw = stackalloc byte[16];
        prefix.CopyTo(raw);
        BinaryPrimitives.WriteInt64BigEndian(raw[8..], index);
        return Convert.ToBase64String(raw);
    }
}

/// <summary>The caller's content stream failed; <see cref="Captured"/> is its own exception, to be rethrown unchanged.</summary>
/// <param name="source">The captured exception.</param>
internal sealed class SourceFailure(ExceptionDispatchInfo source) : Exception("The content stream failed.", source.SourceException)
{
    /// <summary>The content stream's own exception.</summary>
    public ExceptionDispatchInfo Captured { get; } = source;
}
