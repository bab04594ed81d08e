namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>
/// An item's address by id, as Kazoo keeps it in its pointer (<c>{DriveId, ItemId}</c>, spec §7.1) and as
/// <see cref="Attachments.StoredAttachment.BackendId"/> holds it: <c>{driveId}/{itemId}</c>. Neither Graph id contains a
/// <c>/</c> (drive ids are hex or base64url, item ids hex, base32 or <c>HEX!n</c>).
/// </summary>
/// <param name="DriveId">The drive (<c>parentReference.driveId</c> of the uploaded item).</param>
/// <param name="ItemId">The item (<c>id</c>).</param>
internal sealed record DriveItemId(string DriveId, string ItemId)
{
    /// <summary>The backend id: <c>{driveId}/{itemId}</c>.</summary>
    public override string ToString() => DriveId + "/" + ItemId;

    /// <summary>Reads a backend id written by <see cref="ToString"/>.</summary>
    /// <param name="backendId">The backend id.</param>
    /// <exception cref="ArgumentException">It is not <c>{driveId}/{itemId}</c>.</exception>
    public static DriveItemId Parse(string backendId)
    {
        ArgumentNullException.ThrowIfNull(backendId);
        var slash = backendId.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < backendId.Length - 1 && backendId.IndexOf('/', slash + 1) < 0
            ? new DriveItemId(backendId[..slash], backendId[(slash + 1)..])
            : throw new ArgumentException($"The backend id '{backendId}' is not a OneDrive pointer of the form {{driveId}}/{{itemId}}.", nameof(backendId));
    }
}
