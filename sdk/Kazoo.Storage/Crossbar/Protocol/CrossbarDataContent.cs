using System.Net;
using System.Net.Http.Headers;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Crossbar's request envelope, <c>{"data":…}</c>, around JSON text that is already written: the bytes the client
/// serialized a document into (and validated), a patch's text, or a caller's text, sent as they are. Nothing is
/// serialized again and nothing is copied; the content has a Content-Length and can be sent more than once (a request
/// re-sent after a token renewal carries its body again).
/// </summary>
/// <remarks>The text must be one JSON value: the client checks it before it makes the content.</remarks>
internal sealed class CrossbarDataContent : HttpContent
{
    private static readonly byte[] Prefix = """{"data":"""u8.ToArray();
    private static readonly byte[] Suffix = "}"u8.ToArray();

    private readonly ReadOnlyMemory<byte> _utf8Json;

    /// <summary>Wraps JSON text; the bytes are not copied, so leave them unchanged until the request is sent.</summary>
    /// <param name="utf8Json">One JSON value in UTF-8, without a byte order mark.</param>
    public CrossbarDataContent(ReadOnlyMemory<byte> utf8Json)
    {
        _utf8Json = utf8Json;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Prefix, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(_utf8Json, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(Suffix, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        stream.Write(Prefix);
        stream.Write(_utf8Json.Span);
        stream.Write(Suffix);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Prefix.Length + _utf8Json.Length + Suffix.Length;
        return true;
    }
}
