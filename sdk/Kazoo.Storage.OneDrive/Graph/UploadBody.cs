using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>
/// The caller's content with its total size known before the first request, as Graph needs it (a simple upload's
/// <c>Content-Length</c>, every fragment's <c>Content-Range: bytes a-b/TOTAL</c>). Read once, forward, never held whole in
/// memory:
/// <list type="bullet">
/// <item>a stream that tells its length (it can seek, or it reports <see cref="Stream.Length"/> like a response body) is read
/// as it is, and checked to hold exactly that many bytes;</item>
/// <item>any other stream is read up to one fragment ahead: if it ends there, those bytes are the content; if not, the
/// content is copied to a temporary file (deleted on dispose) and sent from there.</item>
/// </list>
/// The caller's stream is read through an <see cref="AttachmentUploadSource"/> and never disposed. A failure of the caller's
/// stream (its own exception, or a length it did not keep) is kept (<see cref="SourceFailed"/>), so the upload can report
/// it instead of the transport error it causes (<see cref="ThrowIfSourceFailed"/>).
/// </summary>
internal sealed class UploadBody : IAsyncDisposable
{
    private readonly AttachmentUploadSource _caller;
    private readonly Stream _source;
    private readonly FileStream? _spool;
    private readonly int _prefixLength;
    private readonly byte[] _probe = new byte[1];
    private byte[]? _prefix;
    private int _prefixRead;
    private bool _verifyEnd;

    private IOException? _lengthFailure;

    private UploadBody(AttachmentUploadSource caller, Stream source, bool verifyEnd, FileStream? spool, byte[]? prefix, int prefixLength, long total)
    {
        _caller = caller;
        _source = source;
        _verifyEnd = verifyEnd;
        _spool = spool;
        _prefix = prefix;
        _prefixLength = prefixLength;
        Total = total;
    }

    /// <summary>The content's size in bytes.</summary>
    public long Total { get; }

    /// <summary>How many bytes were read so far.</summary>
    public long Consumed { get; private set; }

    /// <summary>Whether the content was copied to a temporary file to learn its size.</summary>
    public bool Spooled => _spool is not null;

    /// <summary>Whether the caller's stream failed: it threw, or did not hold the length it said.</summary>
    public bool SourceFailed => _lengthFailure is not null || _caller.ReadFailed;

    /// <summary>Rethrows the caller's stream's failure as it was (see <see cref="SourceFailed"/>); does nothing when it did not fail.</summary>
    public void ThrowIfSourceFailed()
    {
        if (_lengthFailure is not null)
        {
            ExceptionDispatchInfo.Throw(_lengthFailure);
        }

        _caller.ThrowIfReadFailed();
    }

    /// <summary>Makes the body for <paramref name="content"/>, learning its size.</summary>
    /// <param name="content">The caller's stream, positioned at the start of the content.</param>
    /// <param name="lookahead">How many bytes to read ahead into memory before a stream of unknown length is spooled.</param>
    /// <param name="temporaryDirectory">Where to spool; the system's temporary folder when null.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static async Task<UploadBody> OpenAsync(Stream content, int lookahead, string? temporaryDirectory, CancellationToken cancellationToken)
    {
        var caller = new AttachmentUploadSource(content);
        if (KnownLength(content) is { } length)
        {
            return new UploadBody(caller, caller, verifyEnd: true, spool: null, prefix: null, prefixLength: 0, length);
        }

        var prefix = ArrayPool<byte>.Shared.Rent(lookahead + 1);
        var owned = false;
        try
        {
            var count = await caller.ReadAtLeastAsync(prefix.AsMemory(0, lookahead + 1), lookahead + 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (count <= lookahead)
            {
                owned = true;
                return new UploadBody(caller, Stream.Null, verifyEnd: false, spool: null, prefix, count, count);
            }

            var spool = CreateSpool(temporaryDirectory ?? Path.GetTempPath());
            try
            {
                await spool.WriteAsync(prefix.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                await caller.CopyToAsync(spool, 1024 * 1024, cancellationToken).ConfigureAwait(false);
                await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
                var total = spool.Length;
                spool.Position = 0;
                return new UploadBody(caller, spool, verifyEnd: false, spool, prefix: null, prefixLength: 0, total);
            }
            catch
            {
                await spool.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            if (!owned)
            {
                ArrayPool<byte>.Shared.Return(prefix);
            }
        }
    }

    /// <summary>Reads the next bytes, at most up to <see cref="Total"/>.</summary>
    /// <param name="buffer">Where to put them.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many bytes were read; 0 once <see cref="Total"/> bytes were.</returns>
    /// <exception cref="IOException">The caller's stream ended early or holds more than its length said.</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var remaining = Total - Consumed;
        if (buffer.IsEmpty || remaining == 0)
        {
            return 0;
        }

        int read;
        if (_prefix is not null && _prefixRead < _prefixLength)
        {
            read = Math.Min(buffer.Length, _prefixLength - _prefixRead);
            _prefix.AsMemory(_prefixRead, read).CopyTo(buffer);
            _prefixRead += read;
        }
        else
        {
            read = await ReadSourceAsync(buffer[..(int)Math.Min(buffer.Length, remaining)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw Fail(new IOException(string.Create(CultureInfo.InvariantCulture, $"The content stream ended after {Consumed} bytes, but its length said {Total}.")));
            }
        }

        Consumed += read;
        if (Consumed == Total && _verifyEnd)
        {
            // Checked before the last bytes go out, so a stream longer than its length never becomes a cut-off file.
            _verifyEnd = false;
            if (await ReadSourceAsync(_probe, cancellationToken).ConfigureAwait(false) > 0)
            {
                throw Fail(new IOException(string.Create(CultureInfo.InvariantCulture, $"The content stream holds more than the {Total} bytes its length said.")));
            }
        }

        return read;
    }

    /// <summary>The whole content as a request body with its <c>Content-Length</c>; the caller's stream is not disposed with it.</summary>
    public HttpContent CreateContent()
    {
        var content = new StreamContent(AsStream(), 81920);
        content.Headers.ContentLength = Total;
        return content;
    }

    /// <summary>The content as a forward-only stream that reads this body (<see cref="ReadAsync"/>); disposing it leaves the body (and the caller's stream) alone.</summary>
    public Stream AsStream() => new BodyStream(this);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _prefix, null) is { } prefix)
        {
            ArrayPool<byte>.Shared.Return(prefix);
        }

        if (_spool is not null)
        {
            await _spool.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The bytes left in a stream that can tell, or null: a seekable stream from its position, else its <see cref="Stream.Length"/> if it reports one.</summary>
    private static long? KnownLength(Stream content)
    {
        try
        {
            return content.CanSeek ? Math.Max(0, content.Length - content.Position) : content.Length;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static FileStream CreateSpool(string directory) => new(
        Path.Combine(directory, "kazoo-onedrive-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".upload"),
        new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose,
            BufferSize = 0,
        });

    private ValueTask<int> ReadSourceAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _source.ReadAsync(buffer, cancellationToken);

    private IOException Fail(IOException failure)
    {
        _lengthFailure ??= failure;
        return failure;
    }

    /// <summary>The body as a forward-only stream (<see cref="AsStream"/>).</summary>
    private sealed class BodyStream(UploadBody body) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => body.Total;

        public override long Position
        {
            get => body.Consumed;
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            body.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            body.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // Uploads are sent asynchronously; a synchronous read would block a thread on the caller's stream.
        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("The upload body is read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
