using System.Net;
using System.Security.Cryptography;

namespace Kazoo.Storage.Attachments.Http;

/// <summary>
/// A request body read from an <see cref="UploadSource"/> while it is sent, raw or base64-encoded on the fly (no buffering).
/// It can be sent more than once (a redirect): each send rewinds the source first.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private const int BufferSize = 81920;
    private readonly UploadSource _source;
    private readonly bool _base64;

    public UploadContent(UploadSource source, bool base64)
    {
        _source = source;
        _base64 = base64;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _source.Rewind();
        if (!_base64)
        {
            await _source.CopyToAsync(stream, BufferSize, cancellationToken).ConfigureAwait(false);
            return;
        }

        // ToBase64Transform turns 3 bytes into 4 characters, with no line breaks, block after block as the source is read.
        var encoder = new CryptoStream(_source, new ToBase64Transform(), CryptoStreamMode.Read, leaveOpen: true);
        await using (encoder.ConfigureAwait(false))
        {
            await encoder.CopyToAsync(stream, BufferSize, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        if (_source.RemainingLength is { } remaining)
        {
            length = _base64 ? (remaining + 2) / 3 * 4 : remaining;
            return true;
        }

        length = 0;
        return false;
    }
}
