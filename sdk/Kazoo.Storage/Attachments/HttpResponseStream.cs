namespace Kazoo.Storage.Attachments;

/// <summary>
/// A backend's response body handed to the caller of <see cref="IAttachmentHandler.OpenReadAsync"/>: reading streams
/// from the connection, and disposing the stream disposes the response too (freeing the connection). For handler
/// authors whose backend speaks HTTP.
/// </summary>
public sealed class HttpResponseStream : Stream
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private bool _disposed;

    /// <summary>Wraps a response's body.</summary>
    /// <param name="response">The response; disposed with this stream.</param>
    /// <param name="body">Its content stream, opened with <see cref="HttpContent.ReadAsStreamAsync(CancellationToken)"/>.</param>
    public HttpResponseStream(HttpResponseMessage response, Stream body)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        _response = response;
        _body = body;
    }

    /// <inheritdoc/>
    public override bool CanRead => !_disposed && _body.CanRead;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <summary>The response's Content-Length.</summary>
    /// <exception cref="NotSupportedException">The response did not say.</exception>
    public override long Length => _response.Content.Headers.ContentLength ?? throw new NotSupportedException("The length is not known.");

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private Stream Body
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _body;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Body.Read(buffer, offset, count);

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => Body.Read(buffer);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Body.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Body.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
        Body.CopyToAsync(destination, bufferSize, cancellationToken);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
