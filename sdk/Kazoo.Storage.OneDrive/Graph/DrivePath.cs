using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>
/// Where an object name puts an item in the drive: the folders and file name Graph makes of Kazoo's URL.
/// </summary>
/// <remarks>
/// Kazoo writes its object name (spec §7.2, already percent-encoded value by value) into
/// <c>…/me/drive/root:/{name}:/content</c> as it is, and Graph decodes the path once: <c>%20</c> is a space, <c>%25</c> a
/// percent sign, and an encoded slash (<c>%2F</c>, in an MODB name written by an <c>arg db</c> item) separates folders like a
/// plain one. This type does the same decoding, then encodes each segment again as RFC 3986 requires (Graph's "path
/// encoding"), so the request is well-formed and reaches exactly the item Kazoo's own request reaches.
/// </remarks>
/// <param name="Segments">The folder names from the drive's root, then the file name; decoded, none empty.</param>
internal sealed record DrivePath(IReadOnlyList<string> Segments)
{
    /// <summary>The file name (the last segment).</summary>
    public string Name => Segments[^1];

    /// <summary>The path as OneDrive shows it, e.g. <c>/kazoo/voicemail/9f8e_message 1.mp3</c>.</summary>
    public string Display => "/" + string.Join('/', Segments);

    /// <summary>The path for a URL: each segment percent-encoded (everything but RFC 3986's unreserved characters), joined by <c>/</c>.</summary>
    public string Encoded => string.Join('/', Segments.Select(Uri.EscapeDataString));

    /// <summary>The drive path Graph makes of Kazoo's object name.</summary>
    /// <param name="objectName">The object name from <see cref="AttachmentObjectName"/>.</param>
    /// <exception cref="ArgumentException">The name has no file name, or a segment is <c>.</c> or <c>..</c>.</exception>
    public static DrivePath FromObjectName(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        var segments = AttachmentObjectName.UrlDecode(objectName).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            throw new ArgumentException("The object name has no file name: the backend's field list produced nothing.", nameof(objectName));
        }

        if (segments.Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"The object name '{objectName}' has a '.' or '..' segment, which names no OneDrive item.", nameof(objectName));
        }

        return new DrivePath(segments);
    }
}
