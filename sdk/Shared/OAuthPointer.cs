namespace Kazoo.Storage.Attachments;

/// <summary>
/// The OAuth id a pointer keeps in <see cref="StoredAttachment.Metadata"/> (<c>oauth_doc_id</c>), as Kazoo keeps it with
/// the attachment: reads and deletes use the pointer's id, as Kazoo fetches with the credentials it stored with. Compiled
/// from one source file into each package whose backend signs with a per-entry OAuth id.
/// </summary>
internal static class OAuthPointer
{
    /// <summary>The metadata member: <c>oauth_doc_id</c>.</summary>
    public const string Member = "oauth_doc_id";

    /// <summary>What <c>Locate</c> answers: <paramref name="located"/> with the id to read it with.</summary>
    public static StoredAttachment Locate(StoredAttachment located, string oauthId) =>
        located with { Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [Member] = oauthId } };

    /// <summary>The pointer's id, or null when it keeps none.</summary>
    public static string? IdOf(StoredAttachment stored) =>
        stored.Metadata.TryGetValue(Member, out var id) && id.Length > 0 ? id : null;
}
