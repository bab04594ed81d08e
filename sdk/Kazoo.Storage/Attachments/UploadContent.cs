using System.Net;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// A request body read from an <see cref="AttachmentUploadSource"/> while it is sent, raw or base64-encoded on the fly (no
/// buffering). It can be sent more than once (a redirect): each send rewinds the source first.
/// </summary>
internal sealed class UploadContent(AttachmentUploadSource source, bool base64) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        source.SendAsync(stream, base64, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        if (source.TotalLength is { } total)
        {
            length = base64 ? (total + 2) / 3 * 4 : total;
            return true;
        }

        length = 0;
        return false;
    }
}
