using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Azure.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Azure.Tests;

/// <summary>
/// The tests that bound the process's allocations while they upload: run alone, so that other tests' allocations do not
/// count against them.
/// </summary>
[CollectionDefinition(nameof(AllocationBoundCollection), DisableParallelization = true)]
public sealed class AllocationBoundCollection;

/// <summary>Large attachments: streamed block uploads, integrity on read, and no committed blob after a failure.</summary>
[Collection(nameof(AllocationBoundCollection))]
public sealed class AzureBlockUploadTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const long MiB = 1024 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_200_MiB_forward_only_stream_is_uploaded_in_blocks_and_reads_back_identical()
    {
        azurite.Require();
        const long size = 200 * MiB;
        const ulong seed = 200;
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var entry = azurite.Entry();
        var source = new GeneratedStream(size, seed);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stored = await handler.PutAsync(entry, azurite.Recording("call.wav"), source, "audio/wav", Cancel);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // No whole-file buffer: the upload allocates its few pooled 4 MiB block buffers, far below the 200 MiB a buffered
        // upload would (no other test runs meanwhile: see AllocationBoundCollection).
        Assert.True(allocated < 64 * MiB, $"The upload allocated {allocated / MiB} MiB.");
        Assert.Equal(size, source.BytesRead);
        Assert.Equal(size, stored.Length);
        // 200 MiB in the default 4 MiB blocks: 50 committed blocks, none left uncommitted.
        var blocks = (await azurite.Raw.GetBlockBlobClient(AzureAttachmentHandler.BlobNameFor(stored.ObjectName)).GetBlockListAsync(BlockListTypes.All, cancellationToken: Cancel)).Value;
        Assert.Equal(50, blocks.CommittedBlocks.Count());
        Assert.All(blocks.CommittedBlocks, block => Assert.Equal(4 * MiB, block.SizeLong));
        Assert.Empty(blocks.UncommittedBlocks);

        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        Assert.Equal(size, read.Length);
        var (length, sha256) = await GeneratedStream.HashAsync(read, Cancel);
        Assert.Equal(size, length);
        Assert.Equal(GeneratedStream.Sha256(size, seed), sha256);
    }

    [Fact]
    public async Task An_attachment_smaller_than_a_block_goes_in_one_put_blob()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options(o => o.BlockSize = (int)MiB));
        var location = azurite.Recording("one-request.bin");
        using var requests = new SdkRequests(location.DocumentId).Start();

        var stored = await handler.PutAsync(azurite.Entry(), location, new GeneratedStream(MiB - 1, 5), "application/octet-stream", Cancel);

        var put = Assert.Single(requests.Lines, line => line.StartsWith("PUT ", StringComparison.Ordinal));
        Assert.DoesNotContain("comp=", put, StringComparison.Ordinal);
        var blob = azurite.Raw.GetBlockBlobClient(AzureAttachmentHandler.BlobNameFor(stored.ObjectName));
        Assert.Equal(MiB - 1, (await blob.GetPropertiesAsync(cancellationToken: Cancel)).Value.ContentLength);
        Assert.Equal(GeneratedStream.Sha256(MiB - 1, 5), await SHA256.HashDataAsync((await blob.DownloadStreamingAsync(cancellationToken: Cancel)).Value.Content, Cancel));
    }

    [Fact]
    public async Task An_attachment_of_exactly_one_block_is_one_staged_block_committed_at_the_end()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options(o => o.BlockSize = (int)MiB));
        var location = azurite.Recording("one-block.bin");
        using var requests = new SdkRequests(location.DocumentId).Start();

        // A forward-only source is not known to end until a read returns nothing, so a full first block is staged.
        var stored = await handler.PutAsync(azurite.Entry(), location, new GeneratedStream(MiB, 5), "application/octet-stream", Cancel);

        var puts = requests.Lines.Where(line => line.StartsWith("PUT ", StringComparison.Ordinal)).Select(line => line.Split('?').ElementAtOrDefault(1) ?? "").ToList();
        Assert.Equal(2, puts.Count);
        Assert.StartsWith("comp=block&blockid=", puts[0], StringComparison.Ordinal);
        Assert.Equal("comp=blocklist", puts[1]);
        Assert.Equal(MiB, stored.Length);
    }

    [Fact]
    public async Task One_byte_over_a_block_is_two_staged_blocks_committed_by_one_block_list()
    {
        azurite.Require();
        var blockSize = (int)MiB;
        using var handler = new AzureAttachmentHandler(azurite.Options(o => { o.BlockSize = blockSize; o.MaxConcurrency = 2; }));
        var entry = azurite.Entry();
        var location = azurite.Recording("two-blocks.bin");
        using var requests = new SdkRequests(location.DocumentId).Start();

        var stored = await handler.PutAsync(entry, location, new GeneratedStream(blockSize + 1, 6), "application/octet-stream", Cancel);

        var puts = requests.Lines.Where(line => line.StartsWith("PUT ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, puts.Count(line => line.Contains("comp=block&", StringComparison.Ordinal) || line.EndsWith("comp=block", StringComparison.Ordinal)));
        Assert.Equal("comp=blocklist", Assert.Single(puts, line => line.Contains("comp=blocklist", StringComparison.Ordinal)).Split('?')[1]);
        Assert.Equal(3, puts.Count);
        var blocks = (await azurite.Raw.GetBlockBlobClient(AzureAttachmentHandler.BlobNameFor(stored.ObjectName)).GetBlockListAsync(BlockListTypes.Committed, cancellationToken: Cancel)).Value;
        Assert.Equal([blockSize, 1L], blocks.CommittedBlocks.Select(b => b.SizeLong));
        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        Assert.Equal(GeneratedStream.Sha256(blockSize + 1, 6), await SHA256.HashDataAsync(read, Cancel));
    }

    [Theory]
    [InlineData(100_000)] // within the first block: nothing was sent yet
    [InlineData(5 * MiB + 4321)] // after four blocks were staged
    public async Task A_source_that_fails_midway_is_rethrown_unchanged_and_commits_no_blob(long failAfter)
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options(o => { o.BlockSize = (int)MiB; o.MaxConcurrency = 2; }));
        var location = azurite.Recording("broken-source.wav");
        var blobName = AzureAttachmentHandler.BlobNameFor(handler.Locate(azurite.Entry(), location).ObjectName);
        var source = new GeneratedStream(16 * MiB, 7) { FailAfter = failAfter };

        var failure = await Assert.ThrowsAsync<IOException>(() => handler.PutAsync(azurite.Entry(), location, source, "audio/wav", Cancel));

        Assert.Contains("failed on purpose", failure.Message, StringComparison.Ordinal);
        Assert.Equal(failAfter, source.BytesRead);
        Assert.False(await azurite.ExistsAsync(blobName));
        await AssertNoCommittedBlobAsync(blobName);
    }

    [Fact]
    public async Task Cancelling_midway_commits_no_blob()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options(o => { o.BlockSize = (int)MiB; o.MaxConcurrency = 2; }));
        var location = azurite.Recording("cancelled.wav");
        var blobName = AzureAttachmentHandler.BlobNameFor(handler.Locate(azurite.Entry(), location).ObjectName);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var source = new GeneratedStream(32 * MiB, 8) { CancelAfter = (6 * MiB, cancellation) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.PutAsync(azurite.Entry(), location, source, "audio/wav", cancellation.Token));

        Assert.True(source.BytesRead < 32 * MiB);
        Assert.False(await azurite.ExistsAsync(blobName));
        await AssertNoCommittedBlobAsync(blobName);
    }

    [Fact]
    public async Task A_failed_replacement_leaves_the_existing_blob_as_it_was()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options(o => o.BlockSize = (int)MiB));
        var entry = azurite.Entry();
        var location = azurite.Recording("kept.wav");
        var first = await handler.PutAsync(entry, location, new GeneratedStream(3 * MiB, 9), "audio/wav", Cancel);

        await Assert.ThrowsAsync<IOException>(() => handler.PutAsync(entry, location, new GeneratedStream(8 * MiB, 10) { FailAfter = 4 * MiB }, "audio/wav", Cancel));

        await using var read = await handler.OpenReadAsync(entry, first, Cancel);
        Assert.Equal(3 * MiB, read.Length);
        Assert.Equal(GeneratedStream.Sha256(3 * MiB, 9), await SHA256.HashDataAsync(read, Cancel));
    }

    /// <summary>Asked directly with the Azure SDK: no committed blob, and nothing to read, under that name.</summary>
    private async Task AssertNoCommittedBlobAsync(string blobName)
    {
        var blob = azurite.Raw.GetBlockBlobClient(blobName);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync(Cancel));
        Assert.Equal(404, missing.Status);
        Assert.Equal("BlobNotFound", missing.ErrorCode);
        Assert.DoesNotContain(blobName, await azurite.NamesAsync(blobName));
    }
}
