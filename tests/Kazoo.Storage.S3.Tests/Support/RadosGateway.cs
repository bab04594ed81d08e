using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.S3.Tests.Support;

/// <summary>
/// The real S3 server the integration tests use (see <see cref="TestServerFixture"/>): Ceph radosgw on loopback, started
/// by <c>tests/servers/radosgw/start.sh</c>. Each test class gets its own bucket, emptied and removed at the end.
/// </summary>
public sealed class RadosGateway()
    : TestServerFixture(
        "S3",
        "Start one with tests/servers/radosgw/start.sh",
        "KAZOO_S3_ENDPOINT", // e.g. http://127.0.0.1:7480
        "KAZOO_S3_ACCESS_KEY",
        "KAZOO_S3_SECRET_KEY"),
    IAsyncLifetime
{
    private AmazonS3Client? _raw;

    /// <summary>The test user's access key.</summary>
    public string AccessKey => User;

    /// <summary>The test user's secret key.</summary>
    public string SecretKey => Secret;

    /// <summary>This class's bucket.</summary>
    public string Bucket { get; } = "kazoo-s3-tests-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>A plain AWS SDK client for the test user (path style, checksums only when required).</summary>
    public AmazonS3Client Raw => _raw ?? throw new InvalidOperationException(Missing);

    /// <summary>Skips the calling test with a loud reason when no server is configured (CI fails skips).</summary>
    public void Require() => Require(Assert.Fail, Assert.Skip);

    /// <summary>An <c>s3</c> attachments entry for this server and bucket, as a user would write it in a storage document.</summary>
    /// <param name="accessKey">Overrides the access key.</param>
    /// <param name="secret">Overrides the secret.</param>
    /// <param name="bucket">Overrides the bucket.</param>
    public StorageAttachmentAws Entry(string? accessKey = null, string? secret = null, string? bucket = null) => new()
    {
        Name = "radosgw",
        Settings = new StorageAttachmentAwsSettings
        {
            Bucket = bucket ?? Bucket,
            Key = accessKey ?? AccessKey,
            Secret = secret ?? SecretKey,
            Host = Endpoint.Host,
            Port = Endpoint.Port,
            Scheme = Endpoint.Scheme,
        },
    };

    /// <summary>The multipart uploads still open in this class's bucket (under <paramref name="prefix"/>).</summary>
    /// <param name="prefix">A key prefix, or null for all.</param>
    public async Task<IReadOnlyList<MultipartUpload>> OpenUploadsAsync(string? prefix = null)
    {
        var listing = await Raw.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = prefix }, TestContext.Current.CancellationToken);
        return listing.MultipartUploads ?? [];
    }

    /// <summary>Whether an object exists under <paramref name="key"/>.</summary>
    /// <param name="key">The exact key.</param>
    public async Task<bool> ExistsAsync(string key)
    {
        var listing = await Raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = key }, TestContext.Current.CancellationToken);
        return listing.S3Objects?.Any(o => o.Key == key) == true;
    }

    /// <inheritdoc/>
    protected override async Task ConnectAsync()
    {
        _raw = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = Endpoint.OriginalString,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        await _raw.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (_raw is null)
        {
            return;
        }

        try
        {
            foreach (var upload in await OpenUploadsOrEmptyAsync())
            {
                await _raw.AbortMultipartUploadAsync(Bucket, upload.Key, upload.UploadId);
            }

            string? token = null;
            do
            {
                var listing = await _raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, ContinuationToken = token });
                foreach (var item in listing.S3Objects ?? [])
                {
                    await _raw.DeleteObjectAsync(Bucket, item.Key);
                }

                token = listing.IsTruncated == true ? listing.NextContinuationToken : null;
            }
            while (token is not null);

            await _raw.DeleteBucketAsync(Bucket);
        }
        catch (AmazonServiceException)
        {
            // The server goes away with the run; a bucket left behind does not matter.
        }
        finally
        {
            _raw.Dispose();
        }
    }

    private async Task<IReadOnlyList<MultipartUpload>> OpenUploadsOrEmptyAsync()
    {
        var listing = await _raw!.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket });
        return listing.MultipartUploads ?? [];
    }
}
