using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>Runs alone, so the process-wide allocation counter measures this upload only.</summary>
[CollectionDefinition(nameof(StreamingCollection), DisableParallelization = true)]
public sealed class StreamingCollection;

/// <summary>
/// A 50 MiB upload is streamed: the receiver reads slowly, and the source stream records how far ahead of the receiver it
/// was read. A handler that buffered the whole body would read all 50 MiB before the receiver saw a byte.
/// </summary>
[Collection(nameof(StreamingCollection))]
public sealed class HttpStreamingTests : IAsyncLifetime
{
    private const long Size = 50L * 1024 * 1024;

    /// <summary>
    /// What may sit between the source and the receiver's reads: the sender's socket buffer (autotuned up to 4 MiB on Linux),
    /// the receiver's (fixed at 256 KiB here), Kestrel's 1 MiB request pipe and the copy buffers. Measured: about 5 MiB. A
    /// buffered upload would be the whole 50 MiB ahead.
    /// </summary>
    private const long ReadAheadBound = 12L * 1024 * 1024;

    private Receiver _receiver = null!;
    private long _received;
    private long _maxReadAhead;

    public async ValueTask InitializeAsync() => _receiver = await Receiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    /// <summary>The upload, which records how far it was read ahead of what the receiver had got.</summary>
    private GeneratedStream Source() => new(Size)
    {
        OnRead = total => _maxReadAhead = Math.Max(_maxReadAhead, total - Volatile.Read(ref _received)),
    };

    /// <summary>Reads <paramref name="body"/> with a pause after every 256 KiB, hashing and counting what it got.</summary>
    private async Task<(byte[] Hash, long Length)> ReadSlowlyAsync(Stream body, Func<long, long> toSourceBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long total = 0;
        long nextPause = 256 * 1024;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
            Volatile.Write(ref _received, toSourceBytes(total));
            if (total >= nextPause)
            {
                nextPause += 256 * 1024;
                await Task.Delay(2, cancellationToken);
            }
        }

        return (hash.GetHashAndReset(), total);
    }

    [Fact]
    public async Task A_50_MiB_raw_upload_is_streamed_not_buffered()
    {
        (byte[] Hash, long Length) got = default;
        _receiver.Intercept = async (context, _) =>
        {
            got = await ReadSlowlyAsync(context.Request.Body, n => n, context.RequestAborted);
            context.Response.StatusCode = 201;
            return true;
        };
        var source = Source();
        var backend = HttpBackend(_receiver.Url("big").ToString());
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var stored = await Handler().PutAsync(backend, Voicemail(), source, "audio/wav", Cancel);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"raw 50 MiB in {clock.ElapsedMilliseconds} ms: max read-ahead {_maxReadAhead / 1024} KiB, allocated {allocated / 1024} KiB (receiver included)");
        Assert.Equal(Size, got.Length);
        Assert.Equal(GeneratedStream.Sha256(Size), got.Hash);
        Assert.Equal(Size, stored.Length);
        Assert.InRange(_maxReadAhead, 1, ReadAheadBound);
        Assert.InRange(allocated, 0, Size / 4);
    }

    [Fact]
    public async Task A_50_MiB_multipart_base64_upload_is_encoded_while_it_is_streamed()
    {
        (byte[] Hash, long Length) got = default;
        _receiver.Intercept = async (context, _) =>
        {
            var reader = new MultipartReader(Receiver.Boundary(context.Request.ContentType!), context.Request.Body);
            var json = await reader.ReadNextSectionAsync(context.RequestAborted);
            await json!.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            var binary = await reader.ReadNextSectionAsync(context.RequestAborted);
            var decoded = new CryptoStream(binary!.Body, new FromBase64Transform(), CryptoStreamMode.Read);
            got = await ReadSlowlyAsync(decoded, n => n, context.RequestAborted);
            context.Response.StatusCode = 200;
            return true;
        };
        var source = Source();
        var backend = HttpBackend(_receiver.Url("big").ToString(), new JsonObject { ["send_multipart"] = true, ["base64_encode_data"] = true });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stored = await Handler().PutAsync(backend, Voicemail(), source, "audio/wav", Cancel);

        TestContext.Current.TestOutputHelper!.WriteLine($"{clock.ElapsedMilliseconds} ms, multipart base64 50 MiB: max read-ahead {_maxReadAhead / 1024} KiB");
        Assert.Equal(Size, got.Length);
        Assert.Equal(GeneratedStream.Sha256(Size), got.Hash);
        Assert.Equal(Size, stored.Length);
        Assert.InRange(_maxReadAhead, 1, ReadAheadBound);
    }
}
