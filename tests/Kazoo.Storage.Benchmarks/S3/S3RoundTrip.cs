using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.S3;

namespace Kazoo.Storage.Benchmarks.S3;

/// <summary>The two ways a 1 GiB attachment goes up to S3 and back.</summary>
public enum S3Contender
{
    /// <summary>The AWS SDK's <c>TransferUtility</c> used directly, at its defaults (the baseline).</summary>
    TransferUtility,

    /// <summary>The SDK's <see cref="S3AttachmentHandler"/> at its default options.</summary>
    Handler,
}

/// <summary>
/// One contender's round trip of a 1 GiB file through a real S3 server (Ceph radosgw on loopback, started by
/// <c>tests/servers/radosgw/start.sh</c>, found through the <c>KAZOO_S3_*</c> variables it prints):
/// <list type="bullet">
/// <item><see cref="S3Contender.TransferUtility"/>: a file-path <c>UploadAsync</c> (it reads the file's parts in parallel,
/// 10 requests at a time) and <c>OpenStreamAsync</c>.</item>
/// <item><see cref="S3Contender.Handler"/>: <see cref="S3AttachmentHandler.PutAsync"/> given a <see cref="FileStream"/> over
/// the same file (16 MiB parts, 3 in flight; a file is sent from where it is, without part buffers), then
/// <see cref="S3AttachmentHandler.OpenReadAsync"/>.</item>
/// </list>
/// Both use the client configuration Kazoo's settings give for this server (path style, checksums only when required),
/// drain the download into a counting sink and delete the object at the end (it keeps radosgw's in-memory store from
/// filling). <see cref="CreateAsync"/> makes one round trip whose download is compared with the file by SHA-256: a
/// contender that corrupts data fails before anything is measured. Used by <see cref="S3TransferBenchmarks"/> (time) and
/// <see cref="S3PeakMemory"/> (memory).
/// </summary>
public sealed class S3RoundTrip : IDisposable
{
    /// <summary>The attachment's size: 1 GiB.</summary>
    public const long Size = 1L << 30;

    private const string ContentType = "audio/wav";
    private const string Bucket = "kazoo-s3-benchmarks";
    private const string TransferKey = "transfer-utility/recording.wav";

    private readonly S3Contender _contender;
    private readonly string _file;
    private readonly byte[] _fileHash;
    private readonly StorageAttachmentAws _entry;
    private readonly AttachmentLocation _location;
    private readonly AmazonS3Client _client;
    private readonly TransferUtility? _transfer;
    private readonly S3AttachmentHandler? _handler;
    private readonly byte[] _sink = new byte[128 * 1024];

    private S3RoundTrip(S3Contender contender, string file, byte[] fileHash, StorageAttachmentAws entry, AmazonS3Client client)
    {
        _contender = contender;
        _file = file;
        _fileHash = fileHash;
        _entry = entry;
        _client = client;
        _location = new AttachmentLocation(KazooDatabaseName.Modb("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", 2024, 1), "b1e2c3d4a5f60718293a4b5c6d7e8f90", "recording.wav");
        if (contender == S3Contender.TransferUtility)
        {
            _transfer = new TransferUtility(client);
        }
        else
        {
            _handler = new S3AttachmentHandler();
        }
    }

    /// <summary>Makes the file (once), the bucket and the contender, and checks one round trip byte for byte.</summary>
    /// <param name="contender">Which contender.</param>
    /// <exception cref="InvalidOperationException">No S3 server is configured, or the round trip returned other bytes.</exception>
    public static async Task<S3RoundTrip> CreateAsync(S3Contender contender)
    {
        var endpoint = Environment.GetEnvironmentVariable("KAZOO_S3_ENDPOINT");
        var key = Environment.GetEnvironmentVariable("KAZOO_S3_ACCESS_KEY");
        var secret = Environment.GetEnvironmentVariable("KAZOO_S3_SECRET_KEY");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(
                "NO S3 SERVER: start one with tests/servers/radosgw/start.sh and export the KAZOO_S3_ENDPOINT, KAZOO_S3_ACCESS_KEY and KAZOO_S3_SECRET_KEY it prints.");
        }

        var entry = new StorageAttachmentAws
        {
            Settings = new StorageAttachmentAwsSettings
            {
                Bucket = Bucket,
                Key = key,
                Secret = secret,
                Host = uri.Host,
                Port = uri.Port,
                Scheme = uri.Scheme,
            },
        };

        var settings = S3ClientSettings.From(entry.Settings);
        var client = new AmazonS3Client(new BasicAWSCredentials(key, secret), settings.CreateConfig());
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Made by an earlier process.
        }

        var (file, hash) = await GeneratedFileAsync();
        var trip = new S3RoundTrip(contender, file, hash, entry, client);
        if (await trip.RunAsync(hash: true) != Size)
        {
            trip.Dispose();
            throw new InvalidOperationException($"{contender}'s round trip returned the wrong size.");
        }

        return trip;
    }

    /// <summary>Uploads the file, reads it back to the end and deletes it; returns the bytes read.</summary>
    /// <param name="hash">Whether to compare what was read with the file's SHA-256.</param>
    public Task<long> RunAsync(bool hash = false) =>
        _contender == S3Contender.TransferUtility ? TransferUtilityRoundTripAsync(hash) : HandlerRoundTripAsync(hash);

    /// <inheritdoc/>
    public void Dispose()
    {
        _transfer?.Dispose();
        _handler?.Dispose();
        _client.Dispose();
    }

    private async Task<long> TransferUtilityRoundTripAsync(bool hash)
    {
        await _transfer!.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = Bucket,
            Key = TransferKey,
            FilePath = _file,
            ContentType = ContentType,
        });
        long total;
        await using (var read = await _transfer.OpenStreamAsync(Bucket, TransferKey))
        {
            total = await ReadBack.DrainAsync(read, _sink, Size, hash ? _fileHash : null);
        }

        await _client.DeleteObjectAsync(Bucket, TransferKey);
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
            total = await ReadBack.DrainAsync(read, _sink, Size, hash ? _fileHash : null);
        }

        await _handler.DeleteAsync(_entry, stored);
        return total;
    }

    /// <summary>A 1 GiB file of <see cref="PseudoRandomSource"/>'s bytes in the temp folder, made once and reused; its SHA-256.</summary>
    private static async Task<(string Path, byte[] Hash)> GeneratedFileAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "kazoo-s3-benchmark-1GiB.bin");
        if (!File.Exists(path) || new FileInfo(path).Length != Size)
        {
            var partial = path + ".partial";
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await new PseudoRandomSource(Size).CopyToAsync(file, 1024 * 1024);
            }

            File.Move(partial, path, overwrite: true);
        }

        await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return (path, await SHA256.HashDataAsync(read));
    }
}
