using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.S3.Internal;

/// <summary>The outcome of an upload: the object's ETag (quotes removed), size and the final answer's headers.</summary>
internal sealed record S3UploadResult(string ETag, long Length, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Streams one attachment into S3: one <c>PutObject</c> when it fits in a part, otherwise a multipart upload whose parts
/// are read, hashed and sent while the next part is read. Every part carries <c>Content-MD5</c>, so S3 refuses corrupted
/// data, and the ETags S3 returns are compared with the MD5s computed here. A multipart upload that fails or is cancelled
/// is aborted, so no parts are left behind. Memory: at most <c>PartSize × (MaxConcurrentParts + 1)</c> bytes of pooled
/// buffers, whatever the attachment's size.
/// </summary>
internal sealed class S3Upload
{
    // The first part is read into a buffer that grows from this size, so small attachments take little memory.
    private const int FirstBufferSize = 256 * 1024;

    // The most parts S3 accepts in one multipart upload.
    private const int MaxParts = 10_000;

    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(60);

    private readonly IAmazonS3 _client;
    private readonly S3Credentials _credentials;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _contentType;
    private readonly int _partSize;
    private readonly int _maxConcurrentParts;
    private readonly ILogger _logger;

    public S3Upload(IAmazonS3 client, S3Credentials credentials, string bucket, string key, string contentType, S3AttachmentHandlerOptions options, ILogger logger)
    {
        _client = client;
        _credentials = credentials;
        _bucket = bucket;
        _key = key;
        _contentType = contentType;
        _partSize = options.PartSize;
        _maxConcurrentParts = options.MaxConcurrentParts;
        _logger = logger;
    }

    /// <summary>Reads <paramref name="content"/> to its end and stores it.</summary>
    /// <param name="content">The source; read once, not disposed. Its failures surface unchanged.</param>
    /// <param name="cancellationToken">Cancels the upload (a multipart upload is then aborted).</param>
    /// <exception cref="Attachments.AttachmentHandlerException">S3 refused or failed, or the stored data does not match.</exception>
    public async Task<S3UploadResult> RunAsync(Stream content, CancellationToken cancellationToken)
    {
        var pool = ArrayPool<byte>.Shared;
        var first = await ReadFirstPartAsync(content, pool, cancellationToken).ConfigureAwait(false);
        try
        {
            if (first.Length < _partSize)
            {
                return await PutSingleAsync(first.Buffer, first.Length, cancellationToken).ConfigureAwait(false);
            }

            // The first part is full: read the second to learn whether there is more.
            var second = pool.Rent(_partSize);
            int secondLength;
            try
            {
                secondLength = await content.ReadAtLeastAsync(second.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                pool.Return(second);
                throw;
            }

            if (secondLength == 0)
            {
                pool.Return(second);
                return await PutSingleAsync(first.Buffer, first.Length, cancellationToken).ConfigureAwait(false);
            }

            // The multipart upload owns both buffers from here on.
            var buffers = (first.Buffer, second);
            first = default;
            return await PutMultipartAsync(content, pool, buffers.Buffer, buffers.second, secondLength, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (first.Buffer is not null)
            {
                pool.Return(first.Buffer);
            }
        }
    }

    private async Task<(byte[] Buffer, int Length)> ReadFirstPartAsync(Stream content, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var buffer = pool.Rent(Math.Min(FirstBufferSize, _partSize));
        var length = 0;
        try
        {
            while (true)
            {
                var want = Math.Min(buffer.Length, _partSize);
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(length, want - length), want - length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                length += read;
                if (length < want || length == _partSize)
                {
                    return (buffer, length);
                }

                // Full but below a part: grow (doubling, up to the part size) and go on reading.
                var bigger = pool.Rent(Math.Min(buffer.Length * 2, _partSize));
                buffer.AsSpan(0, length).CopyTo(bigger);
                pool.Return(buffer);
                buffer = bigger;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    private async Task<S3UploadResult> PutSingleAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var md5 = MD5.HashData(buffer.AsSpan(0, length));
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _key,
            ContentType = _contentType,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            AutoCloseStream = true,
            MD5Digest = Convert.ToBase64String(md5),
        };

        var record = S3ResponseRecord.Begin();
        PutObjectResponse response;
        try
        {
            response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.IsBackendFailure(ex, cancellationToken))
        {
            throw S3Errors.Translate(ex, record, _credentials);
        }

        var etag = S3ETag.Unquote(response.ETag);
        if (S3ETag.IsPlainMd5(etag) && S3ETag.HasMd5ETag(response.ServerSideEncryptionMethod, response.ServerSideEncryptionCustomerMethod)
            && !etag.Equals(Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase))
        {
            await DeleteQuietlyAsync().ConfigureAwait(false);
            throw IntegrityFailure($"S3 stored {length} bytes with ETag {etag}, but their MD5 is {Convert.ToHexStringLower(md5)}");
        }

        return new S3UploadResult(etag, length, record.Headers);
    }

    private async Task<S3UploadResult> PutMultipartAsync(Stream content, ArrayPool<byte> pool, byte[] first, byte[] second, int secondLength, CancellationToken cancellationToken)
    {
        string uploadId;
        var initiateRecord = S3ResponseRecord.Begin();
        try
        {
            var initiate = await _client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _key, ContentType = _contentType },
                cancellationToken).ConfigureAwait(false);
            uploadId = initiate.UploadId;
        }
        catch (Exception ex)
        {
            pool.Return(first);
            pool.Return(second);
            if (S3Errors.IsBackendFailure(ex, cancellationToken))
            {
                throw S3Errors.Translate(ex, initiateRecord, _credentials);
            }

            throw;
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(_maxConcurrentParts, _maxConcurrentParts);
        var uploads = new List<Task<PartResult>>();
        var completed = false;

        // Buffers read but not yet handed to a part upload; returned to the pool if the loop stops early.
        (byte[] Buffer, int Length)? next = (first, _partSize);
        (byte[] Buffer, int Length)? after = (second, secondLength);
        try
        {
            var partNumber = 0;
            long total = 0;
            while (next is { } part)
            {
                if (++partNumber > MaxParts)
                {
                    throw new Attachments.AttachmentHandlerException(S3AttachmentHandler.HandlerKind, 500, $"the attachment needs more than {MaxParts} parts of {_partSize} bytes; raise S3AttachmentHandlerOptions.PartSize");
                }

                // At most MaxConcurrentParts parts in flight; the part just read waits here.
                await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                total += part.Length;
                next = null;
                uploads.Add(UploadPartAsync(uploadId, partNumber, part.Buffer, part.Length, pool, slots, failed));

                if (after is not null)
                {
                    // The second part, read before the upload began to tell one PUT from a multipart upload.
                    next = after;
                    after = null;
                }
                else if (part.Length == _partSize)
                {
                    // That part was full, so more may follow: read the next one while the parts in flight are sent.
                    next = (pool.Rent(_partSize), 0);
                    var length = await content.ReadAtLeastAsync(next.Value.Buffer.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, failed.Token).ConfigureAwait(false);
                    if (length == 0)
                    {
                        pool.Return(next.Value.Buffer);
                        next = null;
                    }
                    else
                    {
                        next = (next.Value.Buffer, length);
                    }
                }
            }

            var parts = await Task.WhenAll(uploads).ConfigureAwait(false);
            var complete = new CompleteMultipartUploadRequest { BucketName = _bucket, Key = _key, UploadId = uploadId };
            complete.AddPartETagsAndChecksums(parts.Select(p => p.Response));
            var completeRecord = S3ResponseRecord.Begin();
            CompleteMultipartUploadResponse response;
            try
            {
                response = await _client.CompleteMultipartUploadAsync(complete, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3Errors.IsBackendFailure(ex, cancellationToken))
            {
                throw S3Errors.Translate(ex, completeRecord, _credentials);
            }

            completed = true;
            var headers = completeRecord.Headers;
            var etag = S3ETag.Unquote(response.ETag);
            var expected = S3ETag.Multipart(parts.Select(p => p.Md5));
            var fromHead = false;
            if (etag.Length == 0)
            {
                // Some S3-compatible servers (radosgw 16) leave <ETag> empty in the completion answer: ask for it.
                etag = await HeadETagAsync(cancellationToken).ConfigureAwait(false);
                fromHead = true;
            }

            if (S3ETag.IsMultipart(etag) && S3ETag.HasMd5ETag(response.ServerSideEncryptionMethod, null)
                && !etag.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                if (!fromHead)
                {
                    // Only an ETag from this upload's own answer proves the object is ours to delete.
                    await DeleteQuietlyAsync().ConfigureAwait(false);
                }

                throw IntegrityFailure($"S3 assembled {parts.Length} parts into ETag {etag}, but their MD5s give {expected}");
            }

            return new S3UploadResult(etag, total, headers);
        }
        catch (Exception failure) when (!completed)
        {
            foreach (var unsent in new[] { next, after })
            {
                if (unsent is { } buffer)
                {
                    pool.Return(buffer.Buffer);
                }
            }

            // Stop the parts still in flight, let them finish, then abort so that S3 drops every stored part.
            await failed.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(uploads).ConfigureAwait(false);
            }
            catch
            {
                // Reported below.
            }

            await AbortAsync(uploadId).ConfigureAwait(false);

            // A failed part cancels the reader and the other parts: report the part's failure, not the cancellation it caused.
            if (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested
                && uploads.FirstOrDefault(u => u.IsFaulted)?.Exception?.InnerException is { } partFailure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(partFailure);
            }

            throw;
        }
    }

    private async Task<PartResult> UploadPartAsync(string uploadId, int partNumber, byte[] buffer, int length, ArrayPool<byte> pool, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            // Hash off the reading path: the caller goes on reading the next part meanwhile.
            var md5 = await Task.Run(() => MD5.HashData(buffer.AsSpan(0, length)), failed.Token).ConfigureAwait(false);
            var request = new UploadPartRequest
            {
                BucketName = _bucket,
                Key = _key,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
                MD5Digest = Convert.ToBase64String(md5),
            };

            var record = S3ResponseRecord.Begin();
            UploadPartResponse response;
            try
            {
                response = await _client.UploadPartAsync(request, failed.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3Errors.IsBackendFailure(ex, failed.Token))
            {
                throw S3Errors.Translate(ex, record, _credentials);
            }

            var etag = S3ETag.Unquote(response.ETag);
            if (S3ETag.IsPlainMd5(etag) && !etag.Equals(Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase)
                && S3ETag.HasMd5ETag(response.ServerSideEncryptionMethod, null))
            {
                throw IntegrityFailure($"S3 stored part {partNumber} ({length} bytes) with ETag {etag}, but its MD5 is {Convert.ToHexStringLower(md5)}");
            }

            return new PartResult(response, md5);
        }
        catch
        {
            // The first failure stops the other parts and the reader.
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            pool.Return(buffer);
            slots.Release();
        }
    }

    private async Task<string> HeadETagAsync(CancellationToken cancellationToken)
    {
        var record = S3ResponseRecord.Begin();
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = _key }, cancellationToken).ConfigureAwait(false);
            return S3ETag.Unquote(head.ETag);
        }
        catch (Exception ex) when (S3Errors.IsBackendFailure(ex, cancellationToken))
        {
            throw S3Errors.Translate(ex, record, _credentials);
        }
    }

    private async Task AbortAsync(string uploadId)
    {
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _bucket, Key = _key, UploadId = uploadId },
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            _logger.LogWarning(
                "Could not abort the S3 multipart upload {UploadId} of {Key} in bucket {Bucket}; its parts stay stored until a lifecycle rule or an abort removes them: {Reason}",
                uploadId,
                _key,
                _bucket,
                _credentials.Mask(ex.Message));
        }
    }

    private async Task DeleteQuietlyAsync()
    {
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = _key }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            _logger.LogWarning("Could not delete the corrupted S3 object {Key} in bucket {Bucket}: {Reason}", _key, _bucket, _credentials.Mask(ex.Message));
        }
    }

    private static Attachments.AttachmentHandlerException IntegrityFailure(string detail) =>
        new(S3AttachmentHandler.HandlerKind, 500, "invalid_data: " + detail);

    private sealed record PartResult(UploadPartResponse Response, byte[] Md5);
}

/// <summary>Reading S3 ETags.</summary>
internal static class S3ETag
{
    /// <summary>The ETag without its quotes, as Kazoo keeps it in the pointer metadata.</summary>
    /// <param name="etag">The ETag as S3 sent it.</param>
    public static string Unquote(string? etag) => (etag ?? string.Empty).Replace("\"", string.Empty, StringComparison.Ordinal);

    /// <summary>Whether the ETag looks like an MD5 (32 hex digits): objects stored with one request.</summary>
    /// <param name="etag">An unquoted ETag.</param>
    public static bool IsPlainMd5(string etag) => etag.Length == 32 && etag.All(char.IsAsciiHexDigit);

    /// <summary>Whether the ETag looks like a multipart ETag (32 hex digits, a dash, the part count).</summary>
    /// <param name="etag">An unquoted ETag.</param>
    public static bool IsMultipart(string etag) =>
        etag.Length > 33 && etag[32] == '-' && IsPlainMd5(etag[..32]) && etag[33..].All(char.IsAsciiDigit);

    /// <summary>The multipart ETag S3 computes: the MD5 of the parts' binary MD5s, a dash, the part count.</summary>
    /// <param name="partMd5s">The parts' MD5s, in order.</param>
    public static string Multipart(IEnumerable<byte[]> partMd5s)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var count = 0;
        foreach (var md5 in partMd5s)
        {
            hash.AppendData(md5);
            count++;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset()) + "-" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether S3 derives the ETag from MD5s for an object with this encryption: not for KMS or customer-key encryption.
    /// </summary>
    /// <param name="method">The server-side encryption the answer reported.</param>
    /// <param name="customerMethod">The customer-key encryption the answer reported.</param>
    public static bool HasMd5ETag(ServerSideEncryptionMethod? method, ServerSideEncryptionCustomerMethod? customerMethod) =>
        (method is null || method == ServerSideEncryptionMethod.None || method == ServerSideEncryptionMethod.AES256)
        && (customerMethod is null || customerMethod == ServerSideEncryptionCustomerMethod.None);
}
