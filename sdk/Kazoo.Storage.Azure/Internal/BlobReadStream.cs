using Azure;
using Azure.Storage.Blobs.Models;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>
/// A blob's content as <see cref="Kazoo.Storage.Attachments.AttachmentHandler{TBackend}.OpenReadAsync"/> returns it: read as it arrives (the Azure SDK
/// resumes a dropped download where it stopped), with the blob's length, and owning the response: disposing it frees
/// the connection. A failure while reading that the SDK reports as a service error is rethrown in Kazoo's shape.
/// </summary>
internal sealed class BlobReadStream(BlobDownloadStreamingResult result, AzureCredentials credentials) : Stream
{
    private readonly Stream _content = result.Content;
    private bool _disposed;

    public override bool CanRead => !_disposed && _content.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The blob's length (its <c>Content-Length</c>).</summary>
    public override long Length => result.Details.ContentLength;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private Stream Content
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _content;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Content.Read(buffer);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException)
        {
            throw AzureErrors.Translate(ex, credentials);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            throw AzureErrors.Translate(ex, credentials);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            result.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _content.DisposeAsync().ConfigureAwait(false);
            result.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
