using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.S3.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.S3.Tests;

/// <summary>Large attachments: streamed multipart uploads, integrity on read, and no parts left after a failure.</summary>
public sealed class S3MultipartTests(RadosGateway gateway) : IClassFixture<RadosGateway>
{
    private const long MiB = 1024 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_200_MiB_stream_is_uploaded_in_parts_and_reads_back_identical()
    {
        gateway.Require();
        const long size = 200 * MiB;
        const ulong seed = 200;
        using var handler = new S3AttachmentHandler();
        var entry = gateway.Entry();
        var source = new GeneratedStream(size, seed);

        var stored = await handler.PutAsync(entry, gateway.Recording("call.wav"), source, "audio/wav", Cancel);

        Assert.Equal(size, source.BytesRead);
        Assert.Equal(size, stored.Length);
        // 200 MiB in the default 16 MiB parts: 13 parts, and S3's multipart ETag says so.
        Assert.EndsWith("-13", stored.Metadata["etag"], StringComparison.Ordinal);
        Assert.Empty(await gateway.OpenUploadsAsync());

        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        var (length, sha256) = await GeneratedStream.HashAsync(read, Cancel);
        Assert.Equal(size, length);
        Assert.Equal(GeneratedStream.Sha256(size, seed), sha256);
    }

    [Fact]
    public async Task An_attachment_of_exactly_one_part_goes_in_one_put()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = (int)(5 * MiB) });
        var stored = await handler.PutAsync(gateway.Entry(), gateway.Recording("one-part.bin"), new GeneratedStream(5 * MiB, 5), "application/octet-stream", Cancel);
        Assert.Equal(32, stored.Metadata["etag"].Length);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(new GeneratedStream(5 * MiB, 5))), stored.Metadata["etag"]);
    }

    [Fact]
    public async Task With_part_md5s_a_part_and_a_byte_is_a_two_part_upload_whose_etag_matches_them()
    {
        gateway.Require();
        var partSize = (int)(5 * MiB);
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = partSize, MaxConcurrentParts = 1, SendPartContentMd5 = true });
        var entry = gateway.Entry();
        var stored = await handler.PutAsync(entry, gateway.Recording("two-parts.bin"), new GeneratedStream(partSize + 1, 6), "application/octet-stream", Cancel);

        var all = new byte[partSize + 1];
        new GeneratedStream(partSize + 1, 6).ReadExactly(all);
        var expected = MD5.HashData([.. MD5.HashData(all.AsSpan(0, partSize)), .. MD5.HashData(all.AsSpan(partSize))]);
        Assert.Equal(Convert.ToHexStringLower(expected) + "-2", stored.Metadata["etag"]);

        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        Assert.Equal(SHA256.HashData(all), await SHA256.HashDataAsync(read, Cancel));
    }

    [Fact]
    public async Task A_file_is_sent_from_where_it_is_in_parallel_parts_and_left_at_its_end()
    {
        gateway.Require();
        const long size = 23 * MiB + 12345;
        var path = Path.Combine(Path.GetTempPath(), "kazoo-s3-test-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            await using (var write = File.Create(path))
            {
                await new GeneratedStream(size, 11).CopyToAsync(write, Cancel);
            }

            using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = (int)(5 * MiB), MaxConcurrentParts = 3 });
            var entry = gateway.Entry();
            StoredAttachment stored;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous))
            {
                // Start past a header the caller already consumed: only the rest is the attachment.
                file.Position = 12345;
                stored = await handler.PutAsync(entry, gateway.Recording("from-file.wav"), file, "audio/wav", Cancel);
                Assert.Equal(size, file.Position);
            }

            Assert.Equal(23 * MiB, stored.Length);
            Assert.EndsWith("-5", stored.Metadata["etag"], StringComparison.Ordinal);
            var expected = new byte[size];
            new GeneratedStream(size, 11).ReadExactly(expected);
            await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
            Assert.Equal(SHA256.HashData(expected.AsSpan(12345)), await SHA256.HashDataAsync(read, Cancel));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_small_file_goes_in_one_put_with_its_md5_as_etag()
    {
        gateway.Require();
        var path = Path.Combine(Path.GetTempPath(), "kazoo-s3-test-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            await File.WriteAllTextAsync(path, "a voicemail kept on disk", Cancel);
            using var handler = new S3AttachmentHandler();
            await using var file = File.OpenRead(path);
            var stored = await handler.PutAsync(gateway.Entry(), gateway.Recording("small.txt"), file, "text/plain", Cancel);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData("a voicemail kept on disk"u8)), stored.Metadata["etag"]);
            Assert.Equal(file.Length, file.Position);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_memory_stream_with_a_visible_buffer_is_sent_without_copies()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = (int)(5 * MiB) });
        var entry = gateway.Entry();
        using var memory = new MemoryStream();
        await new GeneratedStream(12 * MiB, 12).CopyToAsync(memory, Cancel);
        memory.Position = 0;

        var stored = await handler.PutAsync(entry, gateway.Recording("from-memory.wav"), memory, "audio/wav", Cancel);

        Assert.Equal(12 * MiB, memory.Position);
        Assert.EndsWith("-3", stored.Metadata["etag"], StringComparison.Ordinal);
        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        Assert.Equal(GeneratedStream.Sha256(12 * MiB, 12), await SHA256.HashDataAsync(read, Cancel));
    }

    [Fact]
    public async Task A_source_that_fails_midway_leaves_no_parts_and_no_object()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = (int)(5 * MiB), MaxConcurrentParts = 2 });
        var location = gateway.Recording("broken-source.wav");
        var key = handler.Locate(gateway.Entry(), location).ObjectName;
        var source = new GeneratedStream(64 * MiB, 7) { FailAfter = 23 * MiB };

        var failure = await Assert.ThrowsAsync<IOException>(() => handler.PutAsync(gateway.Entry(), location, source, "audio/wav", Cancel));

        Assert.Contains("failed on purpose", failure.Message, StringComparison.Ordinal);
        Assert.Equal(23 * MiB, source.BytesRead); // read up to the failure: four whole parts and part of a fifth
        Assert.Empty(await gateway.OpenUploadsAsync(key));
        Assert.False(await gateway.ExistsAsync(key));
    }

    [Fact]
    public async Task Cancelling_midway_aborts_the_upload_and_leaves_no_parts()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = (int)(5 * MiB), MaxConcurrentParts = 2 });
        var location = gateway.Recording("cancelled.wav");
        var key = handler.Locate(gateway.Entry(), location).ObjectName;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var source = new GeneratedStream(64 * MiB, 8) { CancelAfter = (18 * MiB, cancellation) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.PutAsync(gateway.Entry(), location, source, "audio/wav", cancellation.Token));

        Assert.True(source.BytesRead < 64 * MiB);
        Assert.Empty(await gateway.OpenUploadsAsync(key));
        Assert.False(await gateway.ExistsAsync(key));
    }

    [Fact]
    public async Task A_multipart_upload_refused_by_the_server_throws_kazoos_error_and_leaves_nothing()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { PartSize = (int)(5 * MiB) });
        var entry = gateway.Entry(secret: "not-the-secret-at-all");
        var location = gateway.Recording("refused.wav");
        var key = handler.Locate(entry, location).ObjectName;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, location, new GeneratedStream(12 * MiB, 9), "audio/wav", Cancel));

        Assert.Equal(403, failure.ErrorCode);
        Assert.Empty(await gateway.OpenUploadsAsync(key));
        Assert.False(await gateway.ExistsAsync(key));
    }
}
