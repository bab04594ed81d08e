using System.Text.Json;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Which attachment Kazoo is storing or fetching: the database, the metadata document and the attachment name. Kazoo builds
/// the backend's object name from these (spec §7.2, <see cref="AttachmentObjectName"/>). For
/// <see cref="AttachmentStore"/>, <see cref="DocumentType"/> and <see cref="OwnerId"/> also pick the plan's rule;
/// handlers ignore them.
/// </summary>
/// <param name="Database">
/// The database name as Kazoo has it, e.g. an account MODB <c>account%2Fab%2Fcd%2Fef…-202401</c> (the <c>db</c> argument is
/// URL-decoded, then percent-encoded again).
/// </param>
/// <param name="DocumentId">The metadata document's id (the <c>id</c> argument), e.g. a voicemail message id.</param>
/// <param name="AttachmentName">The attachment's name (the <c>attachment</c> argument), e.g. <c>message.mp3</c>.</param>
public sealed record AttachmentLocation(string Database, string DocumentId, string AttachmentName)
{
    /// <summary>
    /// The metadata document as stored (private <c>pvt_*</c> members included), when known. <c>field</c> items of a field list
    /// read its public top-level members; the <c>account_id</c> argument reads its <c>pvt_account_id</c>; the HTTP handler
    /// sends its public members as the JSON part of a multipart upload.
    /// </summary>
    public JsonElement? Document { get; init; }

    /// <summary>
    /// The account id for the <c>account_id</c> argument. When null, the document's <c>pvt_account_id</c> is used, and
    /// without one Kazoo writes <c>unknown_account</c>.
    /// </summary>
    public string? AccountId { get; init; }

    /// <summary>
    /// The metadata document's type (its <c>pvt_type</c>: <c>mailbox_message</c>, <c>call_recording</c>, <c>fax</c>, …),
    /// the key of the plan's <c>types</c> that <see cref="AttachmentStore"/> looks up (<see cref="Plans.StorageQuery.DocumentType"/>).
    /// Null for Kazoo's database-level rule. Handlers ignore it.
    /// </summary>
    public string? DocumentType { get; init; }

    /// <summary>
    /// The owner (a user id, e.g. a voicemail box's <c>owner_id</c>) whose storage document refines the account's plan for
    /// <see cref="AttachmentStore"/> (<see cref="Plans.StorageQuery.OwnerId"/>); null for none. Handlers ignore it.
    /// </summary>
    public string? OwnerId { get; init; }

    /// <summary>The plan lookup for this attachment: its database, <see cref="DocumentType"/> and <see cref="OwnerId"/>.</summary>
    public Plans.StorageQuery ToQuery() => new(Database) { DocumentType = DocumentType, OwnerId = OwnerId };

    /// <summary>The account id Kazoo would use for the <c>account_id</c> argument.</summary>
    public string EffectiveAccountId =>
        AccountId
        ?? (Document is { ValueKind: JsonValueKind.Object } doc && doc.TryGetProperty("pvt_account_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } s
            ? s
            : "unknown_account");
}
