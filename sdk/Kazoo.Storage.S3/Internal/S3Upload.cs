using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Kazoo.Storage.Attachments;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.S3.Internal;

/// <summary>The outcome of an upload: the object's ETag (quotes removed), size and the final answer's headers.</summary>
internal sealed record S3UploadResult(string ETag, long Length, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Streams one attachment into S3: one <c>PutObject</c> when it fits in a part, otherwise a multipart upload with up to
/// <c>MaxConcurrentParts</c> parts in flight. A random-access source (a file, a memory stream) is sent straight from where
/// it is, in parallel, without copies; any other stream is read once, part by part, into pooled part buffers while earlier
/// parts are sent (at most <c>MaxConcurrentParts</c> buffers, two at the start). A multipart upload that fails or is
/// cancelled is aborted, so no parts are left behind.
/// </summary>
/// <remarks>
/// Integrity: a single PUT carries <c>Content-MD5</c> (S3 refuses a body that does not match) and its ETag is compared
/// with it. Every request body is signed whole (SigV4 over the body's SHA-256, which the server checks: the AWS SDK reads a
/// part once to hash it and once to send it, from the file or the part buffer, with no copy), and on Amazon's hosts also
/// carries the SDK's CRC32 checksum. Parts also carry <c>Content-MD5</c> and the assembled ETag is compared when <see cref="S3AttachmentHandlerOptions.SendPartContentMd5"/> is on; otherwise the ETag's
/// part count is checked.
/// </remarks>
internal sealed class S3Upload
{
    // The first part of a buffered upload is read into a small shared buffer that doubles up to this size, then into a part
    // buffer, so small attachments take little memory.
    private const int FirstBufferSize = 256 * 1024;
    private const int LargestSharedBuffer = 1024 * 1024;

    // The most parts S3 accepts in one multipart upload.
    private const int MaxParts = 10_000;

    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    private readonly IAmazonS3 _client;
    private readonly S3Credentials _credentials;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _contentType;
    private readonly int _partSize;
    private readonly int _maxConcurrentParts;
    private readonly bool _partMd5;
    private readonly PartBufferPool _parts;
    private readonly ILogger _logger;

    public S3Upload(IAmazonS3 client, S3Credentials credentials, string bucket, string key, string contentType, S3AttachmentHandlerOptions options, PartBufferPool parts, ILogger logger)
    {
        _client = client;
        _credentials = credentials;
        _bucket = bucket;
        _key = key;
        _contentType = contentType;
        _partSize = options.PartSize;
        _maxConcurrentParts = options.MaxConcurrentParts;
        _partMd5 = options.SendPartContentMd5;
        _parts = parts;
        _logger = logger;
    }

    /// <summary>Reads <paramref name="content"/> from its position to its end and stores it.</summary>
    /// <param name="content">The source; read once, not disposed. Its failures surface unchanged.</param>
    /// <param name="cancellationToken">Cancels the upload (a multipart upload is then aborted).</param>
    /// <exception cref="AttachmentHandlerException">S3 refused or failed, or the stored data does not match.</exception>
    public async Task<S3UploadResult> RunAsync(Stream content, CancellationToken cancellationToken)
    {
        if (RandomAccessSource.TryCreate(content) is { } source)
        {
            var result = await RunRandomAccessAsync(source, cancellationToken).ConfigureAwait(false);
            source.MarkConsumed();
            return result;
        }

        return await RunBufferedAsync(content, cancellationToken).ConfigureAwait(false);
    }

    private async Task<S3UploadResult> RunRandomAccessAsync(RandomAccessSource source, CancellationToken cancellationToken)
    {
        if (source.Length <= _partSize)
        {
            return await PutSingleAsync(UploadPart.Slice(source, 0, (int)source.Length), cancellationToken).ConfigureAwait(false);
        }

        var count = (source.Length + _partSize - 1) / _partSize;
        if (count > MaxParts)
        {
            throw TooManyParts();
        }

        long offset = 0;
        return await PutMultipartAsync(
            _ =>
            {
                if (offset >= source.Length)
                {
                    return ValueTask.FromResult<UploadPart?>(null);
                }

                var length = (int)Math.Min(_partSize, source.Length - offset);
                var part = UploadPart.Slice(source, offset, length);
                offset += length;
                return ValueTask.FromResult<UploadPart?>(part);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<S3UploadResult> RunBufferedAsync(Stream content, CancellationToken cancellationToken)
    {
        var first = await ReadFirstPartAsync(content, cancellationToken).ConfigureAwait(false);
        if (first.Length < _partSize)
        {
            return await PutSingleAsync(first, cancellationToken).ConfigureAwait(false);
        }

        // The first part is full: read the second to learn whether there is more.
        UploadPart? second;
        try
        {
            second = await ReadPartAsync(content, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            first.Release();
            throw;
        }

        if (second is null)
        {
            return await PutSingleAsync(first, cancellationToken).ConfigureAwait(false);
        }

        var queued = new Queue<UploadPart>([first, second]);
        var ended = second.Length < _partSize;
        try
        {
            return await PutMultipartAsync(
                async token =>
                {
                    if (queued.TryDequeue(out var part))
                    {
                        return part;
                    }

                    if (ended)
                    {
                        return null;
                    }

                    // The previous part was full, so more may follow.
                    var next = await ReadPartAsync(content, token).ConfigureAwait(false);
                    ended = next is null || next.Length < _partSize;
                    return next;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            while (queued.TryDequeue(out var unsent))
            {
                unsent.Release();
            }
        }
    }

    /// <summary>Reads up to a part; null at the end of the source.</summary>
    private async Task<UploadPart?> ReadPartAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = _parts.Rent();
        int length;
        try
        {
            length = await content.ReadAtLeastAsync(buffer.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(buffer);
            throw;
        }

        if (length == 0)
        {
            Release(buffer);
            return null;
        }

        return UploadPart.Buffered(buffer, length, Release);
    }

    private async Task<UploadPart> ReadFirstPartAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
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
                    return UploadPart.Buffered(buffer, length, Release);
                }

                // Full but below a part: grow (doubling, then a whole part buffer) and go on reading.
                var bigger = buffer.Length * 2 <= LargestSharedBuffer ? ArrayPool<byte>.Shared.Rent(buffer.Length * 2) : _parts.Rent();
                buffer.AsSpan(0, length).CopyTo(bigger);
                Release(buffer);
                buffer = bigger;
            }
        }
        catch
        {
            Release(buffer);
            throw;
        }
    }

    /// <summary>Gives a buffer back to the pool it came from (part buffers have exactly the part size).</summary>
    private void Release(byte[] buffer)
    {
        if (buffer.Length == _parts.Size)
        {
            _parts.Return(buffer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<S3UploadResult> PutSingleAsync(UploadPart part, CancellationToken cancellationToken)
    {
        try
        {
            var md5 = await part.Md5Async(cancellationToken).ConfigureAwait(false);
            var request = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = _key,
                ContentType = _contentType,
                InputStream = part.Open(),
                AutoCloseStream = true,
                MD5Digest = Convert.ToBase64String(md5),
                UseChunkEncoding = false,
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
            var expected = Convert.ToHexStringLower(md5);
            if (S3ETag.IsPlainMd5(etag) && S3ETag.HasMd5ETag(response.ServerSideEncryptionMethod, response.ServerSideEncryptionCustomerMethod)
                && !etag.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                // The ETag came from this request's own answer: the object is ours to remove.
                await DeleteQuietlyAsync().ConfigureAwait(false);
                throw IntegrityFailure($"S3 stored {part.Length} bytes with ETag {etag}, but their MD5 is {expected}");
            }

            return new S3UploadResult(etag, part.Length, record.Headers);
        }
        finally
        {
            part.Release();
        }
    }

    /// <summary>
    /// A multipart upload of the parts <paramref name="nextPart"/> produces (null at the end). A part is produced only
    /// when one of the <c>MaxConcurrentParts</c> slots is free, so reading and sending together never hold more parts.
    /// </summary>
    private async Task<S3UploadResult> PutMultipartAsync(Func<CancellationToken, ValueTask<UploadPart?>> nextPart, CancellationToken cancellationToken)
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
        catch (Exception ex) when (S3Errors.IsBackendFailure(ex, cancellationToken))
        {
            throw S3Errors.Translate(ex, initiateRecord, _credentials);
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(_maxConcurrentParts, _maxConcurrentParts);
        var uploads = new List<Task<PartResult>>();
        var completed = false;
        try
        {
            long total = 0;
            for (var partNumber = 1; ; partNumber++)
            {
                await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                UploadPart? part;
                try
                {
                    part = await nextPart(failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                if (part is null)
                {
                    slots.Release();
                    break;
                }

                if (partNumber > MaxParts)
                {
                    part.Release();
                    slots.Release();
                    throw TooManyParts();
                }

                total += part.Length;
                uploads.Add(UploadPartAsync(uploadId, partNumber, part, slots, failed));
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
            var etag = S3ETag.Unquote(response.ETag);
            var fromAnswer = etag.Length > 0;
            if (!fromAnswer)
            {
                // Some S3-compatible servers (radosgw 16) leave <ETag> empty in the completion answer: ask for it.
                etag = await HeadETagAsync(cancellationToken).ConfigureAwait(false);
            }

            VerifyMultipartETag(etag, parts, response.ServerSideEncryptionMethod, out var mismatch);
            if (mismatch is not null)
            {
                if (fromAnswer)
                {
                    // Only an ETag from this upload's own answer proves the object is ours to remove.
                    await DeleteQuietlyAsync().ConfigureAwait(false);
                }

                throw IntegrityFailure(mismatch);
            }

            return new S3UploadResult(etag, total, completeRecord.Headers);
        }
        catch (Exception failure) when (!completed)
        {
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
                ExceptionDispatchInfo.Throw(partFailure);
            }

            throw;
        }
    }

    private void VerifyMultipartETag(string etag, PartResult[] parts, ServerSideEncryptionMethod? encryption, out string? mismatch)
    {
        mismatch = null;
        if (!S3ETag.IsMultipart(etag) || !S3ETag.HasMd5ETag(encryption, null))
        {
            return;
        }

        if (parts.All(p => p.Md5 is not null))
        {
            var expected = S3ETag.Multipart(parts.Select(p => p.Md5!));
            if (!etag.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                mismatch = $"S3 assembled {parts.Length} parts into ETag {etag}, but their MD5s give {expected}";
            }
        }
        else if (!etag.EndsWith("-" + parts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            mismatch = $"S3 assembled the object as ETag {etag}, but {parts.Length} parts were sent";
        }
    }

    private async Task<PartResult> UploadPartAsync(string uploadId, int partNumber, UploadPart part, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            // Off the producing path: the caller goes on reading the next part meanwhile.
            await Task.Yield();
            var md5 = _partMd5 ? await part.Md5Async(failed.Token).ConfigureAwait(false) : null;
            var request = new UploadPartRequest
            {
                BucketName = _bucket,
                Key = _key,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = part.Length,
                InputStream = part.Open(),
                MD5Digest = md5 is null ? null : Convert.ToBase64String(md5),
                UseChunkEncoding = false,
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
            finally
            {
                await request.InputStream.DisposeAsync().ConfigureAwait(false);
            }

            var etag = S3ETag.Unquote(response.ETag);
            if (md5 is not null && S3ETag.IsPlainMd5(etag) && S3ETag.HasMd5ETag(response.ServerSideEncryptionMethod, null)
                && !etag.Equals(Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase))
            {
                throw IntegrityFailure($"S3 stored part {partNumber} ({part.Length} bytes) with ETag {etag}, but its MD5 is {Convert.ToHexStringLower(md5)}");
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
            part.Release();
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
        using var timeout = new CancellationTokenSource(CleanupTimeout);
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
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = _key }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            _logger.LogWarning("Could not delete the corrupted S3 object {Key} in bucket {Bucket}: {Reason}", _key, _bucket, _credentials.Mask(ex.Message));
        }
    }

    private AttachmentHandlerException TooManyParts() =>
        new(S3AttachmentHandler.HandlerKind, 500, $"the attachment needs more than {MaxParts} parts of {_partSize} bytes; raise S3AttachmentHandlerOptions.PartSize");

    private static AttachmentHandlerException IntegrityFailure(string detail) =>
        new(S3AttachmentHandler.HandlerKind, 500, "invalid_data: " + detail);

    private sealed record PartResult(UploadPartResponse Response, byte[]? Md5);
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
