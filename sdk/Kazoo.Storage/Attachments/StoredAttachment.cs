namespace Kazoo.Storage.Attachments;

/// <summary>
/// Where a handler put an attachment: the stand-in for the pointer Kazoo records in the metadata document's
/// <c>pvt_attachments</c> (spec §7.1), which is an opaque Erlang term that an SDK cannot decode.
/// </summary>
/// <param name="HandlerKind">The backend kind that stored it (<c>s3</c>, <c>google_drive</c>, <c>http</c>, …).</param>
/// <param name="ObjectName">
/// The object name built as Kazoo builds it (spec §7.2): the S3 key, the Drive path (folders and file name), or the path
/// segment appended to an HTTP backend's <c>url</c>.
/// </param>
public sealed record StoredAttachment(string HandlerKind, string ObjectName)
{
    /// <summary>The backend's own handle when it is not the name: a Drive file id, or the final URL of an HTTP upload.</summary>
    public string? BackendId { get; init; }

    /// <summary>The content type the attachment was stored with.</summary>
    public string? ContentType { get; init; }

    /// <summary>The number of bytes stored, when known.</summary>
    public long? Length { get; init; }

    /// <summary>
    /// What the backend answered about the object (Kazoo's pointer <c>metadata</c>), e.g. S3's <c>etag</c> and
    /// <c>x-amz-*</c> headers. Never holds credentials.
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>(StringComparer.Ordinal);
}
