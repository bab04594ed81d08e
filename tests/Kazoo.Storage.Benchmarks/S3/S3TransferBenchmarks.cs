using System.Buffers.Binary;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.S3;

namespace Kazoo.Storage.Benchmarks.S3;

/// <summary>
/// A 1 GiB attachment up to a real S3 server (Ceph radosgw on loopback, started by <c>tests/servers/radosgw/start.sh</c>)
/// and back, two ways:
/// <list type="bullet">
/// <item><c>TransferUtility</c> (the baseline): the AWS SDK's high-level transfer API used directly, at its defaults: a
/// file-path upload (it reads the file's parts in parallel, 10 requests at a time) and <c>OpenStreamAsync</c>.</item>
/// <item><c>S3AttachmentHandler</c>: <see cref="S3AttachmentHandler.PutAsync"/> given a <see cref="FileStream"/> over the
/// same file, at the default options (16 MiB parts, 3 in flight; a file is sent from where it is, without part buffers),
/// then <see cref="S3AttachmentHandler.OpenReadAsync"/>.</item>
/// </list>
/// Both use the client configuration Kazoo's settings give for this server (path style, checksums only when required),
/// both drain the download into a counting sink, and both delete the object at the end of the round trip (a few
/// milliseconds; it keeps radosgw's in-memory store from filling). Before anything is measured each contender makes one round trip
/// whose download is compared with the file by SHA-256. Columns: Throughput (2 GiB moved per operation over the mean),
/// Base WS (the process's resident memory when measuring began, after setup and a full collection) and Peak WS (its peak
/// during the warm-up and measured iterations); see README.md.
/// </summary>
[Config(typeof(S3TransferConfig))]
public class S3TransferBenchmarks
{
    /// <summary>The attachment's size: 1 GiB.</summary>
    public const long Size = 1L << 30;

    private const string ContentType = "audio/wav";

    private string _file = "";
    private byte[] _fileHash = [];
    private StorageAttachmentAws _entry = null!;
    private AttachmentLocation _location = null!;
    private S3AttachmentHandler? _handler;
    private AmazonS3Client? _client;
    private TransferUtility? _transfer;
    private string _transferKey = "";
    private bool _sinceReset;

    [GlobalSetup(Target = nameof(TransferUtility))]
    public async Task SetupTransferUtilityAsync()
    {
        await SetupCommonAsync(nameof(TransferUtility));
        _transfer = new TransferUtility(_client);
        if (await TransferUtilityRoundTripAsync(hash: true) != Size)
        {
            throw new InvalidOperationException("TransferUtility's round trip returned the wrong size.");
        }

        _sinceReset = PeakWorkingSet.Reset();
    }

    [GlobalSetup(Target = nameof(Handler))]
    public async Task SetupHandlerAsync()
    {
        await SetupCommonAsync(nameof(Handler));
        _handler = new S3AttachmentHandler();
        if (await HandlerRoundTripAsync(hash: true) != Size)
        {
            throw new InvalidOperationException("The handler's round trip returned the wrong size.");
        }

        _sinceReset = PeakWorkingSet.Reset();
    }

    [Benchmark(Baseline = true, Description = "TransferUtility")]
    public Task<long> TransferUtility() => TransferUtilityRoundTripAsync(hash: false);

    [Benchmark(Description = "S3AttachmentHandler")]
    public Task<long> Handler() => HandlerRoundTripAsync(hash: false);

    [GlobalCleanup(Target = nameof(TransferUtility))]
    public void CleanupTransferUtility()
    {
        PeakWorkingSet.Record(nameof(TransferUtility), _sinceReset);
        _transfer?.Dispose();
        _client?.Dispose();
    }

    [GlobalCleanup(Target = nameof(Handler))]
    public void CleanupHandler()
    {
        PeakWorkingSet.Record(nameof(Handler), _sinceReset);
        _handler?.Dispose();
        _client?.Dispose();
    }

    private async Task<long> TransferUtilityRoundTripAsync(bool hash)
    {
        await _transfer!.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = _entry.Settings.Bucket,
            Key = _transferKey,
            FilePath = _file,
            ContentType = ContentType,
        });
        long total;
        await using (var read = await _transfer.OpenStreamAsync(_entry.Settings.Bucket, _transferKey))
        {
            total = await DrainAsync(read, hash);
        }

        // Leave the in-memory store room for the next round trip.
        await _client!.DeleteObjectAsync(_entry.Settings.Bucket, _transferKey);
        return total;
    }

    private async Task<long> HandlerRoundTripAsync(bool hash)
    {
        StoredAttachment stored;
        await using (var file = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            stored = await _handler!.PutAsync(_entry, _location, file, ContentType);
        }

        long total;
        await using (var read = await _handler.OpenReadAsync(_entry, stored))
        {
            total = await DrainAsync(read, hash);
        }

        // Leave the in-memory store room for the next round trip.
        await _handler.DeleteAsync(_entry, stored);
        return total;
    }

    private async Task<long> DrainAsync(Stream read, bool hash)
    {
        using var sha = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var buffer = new byte[128 * 1024];
        long total = 0;
        int n;
        while ((n = await read.ReadAsync(buffer)) > 0)
        {
            sha?.AppendData(buffer, 0, n);
            total += n;
        }

        if (total != Size)
        {
            throw new InvalidOperationException($"Read back {total} bytes instead of {Size}.");
        }

        if (sha is not null && !sha.GetHashAndReset().AsSpan().SequenceEqual(_fileHash))
        {
            throw new InvalidOperationException("The object read back differs from the file that was uploaded.");
        }

        return total;
    }

    private async Task SetupCommonAsync(string benchmark)
    {
        PeakWorkingSet.Clear(benchmark);
        var endpoint = Environment.GetEnvironmentVariable("KAZOO_S3_ENDPOINT");
        var key = Environment.GetEnvironmentVariable("KAZOO_S3_ACCESS_KEY");
        var secret = Environment.GetEnvironmentVariable("KAZOO_S3_SECRET_KEY");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(
                "NO S3 SERVER: start one with tests/servers/radosgw/start.sh and export the KAZOO_S3_ENDPOINT, KAZOO_S3_ACCESS_KEY and KAZOO_S3_SECRET_KEY it prints.");
        }

        _entry = new StorageAttachmentAws
        {
            Settings = new StorageAttachmentAwsSettings
            {
                Bucket = "kazoo-s3-benchmarks",
                Key = key,
                Secret = secret,
                Host = uri.Host,
                Port = uri.Port,
                Scheme = uri.Scheme,
            },
        };
        _location = new AttachmentLocation(KazooDatabaseName.Modb("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", 2024, 1), "b1e2c3d4a5f60718293a4b5c6d7e8f90", "recording.wav");
        _transferKey = "transfer-utility/recording.wav";

        var settings = S3ClientSettings.From(_entry.Settings);
        _client = new AmazonS3Client(new BasicAWSCredentials(key, secret), settings.CreateConfig());
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _entry.Settings.Bucket });
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Made by the other contender's process.
        }

        (_file, _fileHash) = await GeneratedFileAsync();
    }

    /// <summary>A 1 GiB file of deterministic pseudo-random bytes in the temp folder, made once and reused; its SHA-256.</summary>
    private static async Task<(string Path, byte[] Hash)> GeneratedFileAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "kazoo-s3-benchmark-1GiB.bin");
        if (!File.Exists(path) || new FileInfo(path).Length != Size)
        {
            var partial = path + ".partial";
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                var buffer = new byte[1024 * 1024];
                var state = 0x9E3779B97F4A7C15UL;
                for (long written = 0; written < Size; written += buffer.Length)
                {
                    for (var i = 0; i < buffer.Length; i += 8)
                    {
                        state ^= state >> 12;
                        state ^= state << 25;
                        state ^= state >> 27;
                        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(i), state * 0x2545F4914F6CDD1DUL);
                    }

                    await file.WriteAsync(buffer);
                }
            }

            File.Move(partial, path, overwrite: true);
        }

        await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return (path, await SHA256.HashDataAsync(read));
    }

    /// <summary>
    /// One process per contender and job, one warm-up and three measured round trips (each is seconds long, so one
    /// invocation per iteration), plus the throughput and peak working set columns. Two jobs: <c>VmGC</c> leaves .NET's GC
    /// as it sizes itself on this machine, and <c>Gen0-16MiB</c> sets <c>DOTNET_GCgen0size</c> to 16 MiB. .NET sizes the
    /// first generation from the L3 cache, and this virtual machine reports a 300 MiB L3, so by default hundreds of MiB of
    /// short-lived garbage (the AWS SDK's per-request objects) pile up before the first collection; 16 MiB is what a host
    /// with an ordinary L3 cache gets. Both contenders run under both jobs.
    /// </summary>
    private sealed class S3TransferConfig : ManualConfig
    {
        public S3TransferConfig()
        {
            AddJob(Measured("VmGC"));
            AddJob(Measured("Gen0-16MiB").WithEnvironmentVariables(
                new EnvironmentVariable("DOTNET_GCgen0size", "0x1000000"),
                new EnvironmentVariable(PeakWorkingSet.JobVariable, "Gen0-16MiB")));
            AddColumn(new ThroughputColumn(2 * Size), new PeakWorkingSetColumn(showBase: true), new PeakWorkingSetColumn());
        }

        private static Job Measured(string id) => Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithEnvironmentVariables(new EnvironmentVariable(PeakWorkingSet.JobVariable, id))
            .WithId(id);
    }
}
