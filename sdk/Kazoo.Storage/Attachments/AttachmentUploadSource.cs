using System.Runtime.ExceptionServices;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// For handler authors: the caller's content stream as an upload reads it. It counts the bytes read, goes back to where
/// the upload started when the stream can seek (or when nothing was read yet), so a redirect or a retry can send the
/// content again, keeps a failure of the caller's stream apart from failures of the connection, and never disposes the
/// caller's stream.
/// </summary>
/// <remarks>
/// <para>
/// Read it forward only (<see cref="Stream.CanSeek"/> is false); <see cref="TryRewind"/> is the one way back. When an
/// HTTP client reports an error while sending a body made from this source, <see cref="ThrowIfReadFailed"/> rethrows the
/// caller's own exception, if that is what went wrong, instead of a transport error.
/// </para>
/// <para><see cref="CreateContent"/> makes a request body that reads the source as it is sent, with its length when it is known.</para>
/// <para>
/// A handler that checks what it sent against what the backend stored (a content hash) passes an observer to
/// <see cref="AttachmentUploadSource(Stream, Action{ReadOnlySpan{byte}}, Action)"/>: it sees every byte read, in order,
/// and is told when the source goes back to the start, so a hash covers exactly the bytes of the last attempt.
/// </para>
/// </remarks>
public sealed class AttachmentUploadSource : Stream
{
    private const int CopyBufferSize = 81920;
    private readonly Stream _inner;
    private readonly long _start;
    private readonly Action<ReadOnlySpan<byte>>? _onRead;
    private readonly Action? _onRewind;
    private bool _touched;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Wraps the caller's content from its current position.</summary>
    /// <param name="content">The content; it is read, never disposed.</param>
    /// <exception cref="ArgumentException"><paramref name="content"/> cannot be read.</exception>
    public AttachmentUploadSource(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream cannot be read.", nameof(content));
        }

        _inner = content;
        _start = content.CanSeek ? content.Position : 0;
    }

    /// <summary>Wraps the caller's content from its current position, showing every byte read to an observer.</summary>
    /// <param name="content">The content; it is read, never disposed.</param>
    /// <param name="onRead">Called with the bytes of each read, in order (e.g. to hash them), before the reader gets them.</param>
    /// <param name="onRewind">Called when <see cref="TryRewind"/> seeks back to the start, so that the observer can start again.</param>
    /// <exception cref="ArgumentException"><paramref name="content"/> cannot be read.</exception>
    public AttachmentUploadSource(Stream content, Action<ReadOnlySpan<byte>> onRead, Action onRewind)
        : this(content)
    {
        ArgumentNullException.ThrowIfNull(onRead);
        ArgumentNullException.ThrowIfNull(onRewind);
        _onRead = onRead;
        _onRewind = onRewind;
    }

    /// <summary>The bytes read since the upload started or was last rewound.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The content's length from where the upload started, when the stream can tell (it can seek); else null.</summary>
    public long? TotalLength => _inner.CanSeek ? Math.Max(0, _inner.Length - _start) : null;

    /// <summary>Whether the caller's stream threw while it was read.</summary>
    public bool ReadFailed => _failure is not null;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException("An upload source is read forward; see TotalLength.");

    /// <summary>The bytes read so far (<see cref="BytesRead"/>); it cannot be set.</summary>
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException("An upload source is read forward; see TryRewind.");
    }

    /// <summary>
    /// Makes the content ready to be sent (again) from where the upload started: true when nothing was read since the last
    /// rewind, or when the stream can seek (it is then sought back); false when part of it is gone for good.
    /// </summary>
    public bool TryRewind()
    {
        if (!_touched)
        {
            return true;
        }

        if (!_inner.CanSeek)
        {
            return false;
        }

        _inner.Position = _start;
        BytesRead = 0;
        _touched = false;
        _failure = null;
        _onRewind?.Invoke();
        return true;
    }

    /// <summary>Rethrows the exception the caller's stream threw, with its original stack trace; does nothing when it threw none.</summary>
    public void ThrowIfReadFailed() => _failure?.Throw();

    /// <summary>
    /// A request body that reads this source while it is sent, rewinding it first (so it can be sent again after a
    /// redirect, when <see cref="TryRewind"/> allows), with <see cref="TotalLength"/> as its length when known.
    /// Disposing the body leaves the caller's stream open. Set its content type.
    /// </summary>
    public HttpContent CreateContent() => new UploadContent(this, base64: false);

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        _touched = true;
        try
        {
            var read = _inner.Read(buffer);
            _onRead?.Invoke(buffer[..read]);
            BytesRead += read;
            return read;
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _touched = true;
        try
        {
            var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _onRead?.Invoke(buffer.Span[..read]);
            BytesRead += read;
            return read;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An upload source is read forward; see TryRewind.");

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Leaves the caller's stream open: the caller owns it.</summary>
    /// <param name="disposing">Whether called from <see cref="Stream.Dispose()"/>.</param>
    protected override void Dispose(bool disposing) => base.Dispose(disposing);

    /// <summary>Leaves the caller's stream open: the caller owns it.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Copies the source to <paramref name="destination"/> after rewinding it; for <see cref="UploadContent"/>.</summary>
    internal async Task SendAsync(Stream destination, bool base64, CancellationToken cancellationToken)
    {
        if (!TryRewind())
        {
            throw new InvalidOperationException("The content stream was already sent and cannot seek, so it cannot be sent again.");
        }

        if (!base64)
        {
            await CopyToAsync(destination, CopyBufferSize, cancellationToken).ConfigureAwait(false);
            return;
        }

        // ToBase64Transform turns 3 bytes into 4 characters, with no line breaks, block after block as the source is read.
        var encoder = new System.Security.Cryptography.CryptoStream(this, new System.Security.Cryptography.ToBase64Transform(), System.Security.Cryptography.CryptoStreamMode.Read, leaveOpen: true);
        await using (encoder.ConfigureAwait(false))
        {
            await encoder.CopyToAsync(destination, CopyBufferSize, cancellationToken).ConfigureAwait(false);
        }
    }
}
