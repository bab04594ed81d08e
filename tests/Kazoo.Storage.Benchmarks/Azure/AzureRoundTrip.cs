using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Azure;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Benchmarks.Azure;

/// <summary>The two ways a 1 GiB attachment goes up to Azure Blob Storage and back.</summary>
public enum AzureContender
{
    /// <summary>The Azure SDK's <c>BlobClient.UploadAsync</c> / <c>DownloadToAsync</c> used directly (the baseline).</summary>
    BlobClient,

    /// <summary>The SDK's <see cref="AzureAttachmentHandler"/>: <c>PutAsync</c> / <c>OpenReadAsync</c>.</summary>
    Handler,
}

/// <summary>
/// One contender's round trip of a 1 GiB attachment through a real Azure Blob service (Azurite on loopback, started by
/// <c>tests/servers/azurite/start.sh</c>, found through the <c>KAZOO_AZURE_*</c> variables it prints). Both read the
/// same forward-only pseudo-random source (<see cref="PseudoRandomSource"/>), with the same block size and concurrency
/// (the handler's defaults: 4 MiB, 3 in flight), the same API version and no retries; both drain the download into a counting sink:
/// <list type="bullet">
/// <item><see cref="AzureContender.BlobClient"/>: <c>BlobClient.UploadAsync(stream, BlobUploadOptions)</c> and
/// <c>DownloadToAsync(sink, BlobDownloadToOptions)</c> (ranged downloads, 3 in flight).</item>
/// <item><see cref="AzureContender.Handler"/>: <see cref="AzureAttachmentHandler.PutAsync"/> and
/// <see cref="AzureAttachmentHandler.OpenReadAsync"/> (one streamed GET).</item>
/// </list>
/// Each round trip deletes its blob at the end. <see cref="CreateAsync"/> checks one round trip per contender by
/// SHA-256 before anything is measured.
/// </summary>
public sealed class AzureRoundTrip : IDisposable
{
    /// <summary>The attachment's size: 1 GiB.</summary>
    public const long Size = 1L << 30;

    /// <summary>The block size both contenders use.</summary>
    public const int BlockSize = AzureAttachmentHandlerOptions.DefaultBlockSize;

    /// <summary>The blocks in flight both contenders use.</summary>
    public const int Concurrency = AzureAttachmentHandlerOptions.DefaultMaxConcurrency;

    private const string Container = "kazoo-azure-benchmarks";
    private const string ContentType = "audio/wav";

    private readonly byte[] _sourceHash;
    private readonly StorageAttachmentAzure _entry;
    private readonly Lazy<BlobContainerClient> _container;
    private readonly AzureAttachmentHandler _handler;
    private readonly AttachmentLocation _location = new(KazooDatabaseName.Modb("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", 2024, 1), "b1e2c3d4a5f60718293a4b5c6d7e8f90", "recording.wav");
    private readonly byte[] _sink = new byte[128 * 1024];

    private AzureRoundTrip(byte[] sourceHash, StorageAttachmentAzure entry, Lazy<BlobContainerClient> container, AzureAttachmentHandler handler)
    {
        _sourceHash = sourceHash;
        _entry = entry;
        _container = container;
        _handler = handler;
    }

    /// <summary>The source's SHA-256 (a 1 GiB pass over it).</summary>
    public static async Task<byte[]> SourceHashAsync() => await SHA256.HashDataAsync(new PseudoRandomSource(Size));

    /// <summary>Makes the container (with the plain Azure SDK) when it is missing.</summary>
    /// <exception cref="InvalidOperationException">No server is configured.</exception>
    public static async Task CreateContainerAsync()
    {
        var (options, account, key) = Configuration();
        await RawContainer(options, account, key).CreateIfNotExistsAsync();
    }

    /// <summary>
    /// Makes the contenders and checks a round trip of each of <paramref name="contenders"/> byte for byte. The plain
    /// Azure SDK client is made only when <see cref="AzureContender.BlobClient"/> runs, so a process that measures the
    /// handler holds nothing else.
    /// </summary>
    /// <param name="sourceHash">The source's SHA-256 (<see cref="SourceHashAsync"/>).</param>
    /// <param name="contenders">The contenders to check (and later run).</param>
    /// <exception cref="InvalidOperationException">No server is configured, or a round trip returned other bytes.</exception>
    public static async Task<AzureRoundTrip> CreateAsync(byte[] sourceHash, params AzureContender[] contenders)
    {
        var (options, account, key) = Configuration();
        var entry = new StorageAttachmentAzure { Settings = new StorageAttachmentAzureSettings { Account = account, Key = key, Container = Container } };
        var trip = new AzureRoundTrip(sourceHash, entry, new Lazy<BlobContainerClient>(() => RawContainer(options, account, key)), new AzureAttachmentHandler(options));
        foreach (var contender in contenders)
        {
            await trip.RunAsync(contender, hash: true);
        }

        return trip;
    }

    private static (AzureAttachmentHandlerOptions Options, string Account, string Key) Configuration()
    {
        var endpoint = Environment.GetEnvironmentVariable("KAZOO_AZURE_ENDPOINT");
        var account = Environment.GetEnvironmentVariable("KAZOO_AZURE_ACCOUNT");
        var key = Environment.GetEnvironmentVariable("KAZOO_AZURE_KEY");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(account) || string.IsNullOrEmpty(key) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(
                "NO AZURE BLOB SERVER: start Azurite with tests/servers/azurite/start.sh and export the KAZOO_AZURE_ENDPOINT, KAZOO_AZURE_ACCOUNT and KAZOO_AZURE_KEY it prints.");
        }

        var options = new AzureAttachmentHandlerOptions
        {
            BlobEndpointTemplate = uri.GetLeftPart(UriPartial.Authority) + "/" + AzureAttachmentHandlerOptions.AccountPlaceholder,
            BlockSize = BlockSize,
            MaxConcurrency = Concurrency,
            MaxRetries = 0,
        };
        return (options, account, key);
    }

    private static BlobContainerClient RawContainer(AzureAttachmentHandlerOptions options, string account, string key)
    {
        var clientOptions = new BlobClientOptions(options.ServiceVersion);
        clientOptions.Retry.MaxRetries = 0;
        return new BlobServiceClient(options.BlobEndpointFor(account), new StorageSharedKeyCredential(account, key), clientOptions).GetBlobContainerClient(Container);
    }

    /// <summary>Uploads the attachment, reads it back to the end and deletes it; returns the upload's and the download's time.</summary>
    /// <param name="contender">Which contender.</param>
    /// <param name="hash">Whether to compare what was read with the source's SHA-256.</param>
    public Task<(TimeSpan Upload, TimeSpan Download)> RunAsync(AzureContender contender, bool hash = false) =>
        contender == AzureContender.Handler ? HandlerRoundTripAsync(hash) : BlobClientRoundTripAsync(hash);

    /// <inheritdoc/>
    public void Dispose() => _handler.Dispose();

    private async Task<(TimeSpan, TimeSpan)> HandlerRoundTripAsync(bool hash)
    {
        var clock = Stopwatch.StartNew();
        var stored = await _handler.PutAsync(_entry, _location, new PseudoRandomSource(Size), ContentType);
        var upload = clock.Elapsed;

        clock.Restart();
        await using (var read = await _handler.OpenReadAsync(_entry, stored))
        {
            await ReadBack.DrainAsync(read, _sink, Size, hash ? _sourceHash : null);
        }

        var download = clock.Elapsed;
        await _handler.DeleteAsync(_entry, stored);
        return (upload, download);
    }

    private async Task<(TimeSpan, TimeSpan)> BlobClientRoundTripAsync(bool hash)
    {
        var blob = _container.Value.GetBlobClient("blob-client/recording.wav");
        var transfer = new StorageTransferOptions { InitialTransferSize = BlockSize, MaximumTransferSize = BlockSize, MaximumConcurrency = Concurrency };

        var clock = Stopwatch.StartNew();
        await blob.UploadAsync(new PseudoRandomSource(Size), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentType }, TransferOptions = transfer });
        var upload = clock.Elapsed;

        clock.Restart();
        var sink = new HashingSink(hash);
        await blob.DownloadToAsync(sink, new BlobDownloadToOptions { TransferOptions = transfer });
        var download = clock.Elapsed;
        sink.Check(_sourceHash);

        await blob.DeleteAsync();
        return (upload, download);
    }

    /// <summary>A write-only sink that counts, and hashes when asked: where <c>DownloadToAsync</c> writes.</summary>
    private sealed class HashingSink(bool hash) : Stream
    {
        private readonly IncrementalHash? _sha = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        private long _total;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _total;

        public override long Position
        {
            get => _total;
            set => throw new NotSupportedException();
        }

        public void Check(byte[] expectedHash) => ReadBack.Check(_total, Size, _sha?.GetHashAndReset(), expectedHash);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _sha?.AppendData(buffer);
            _total += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
