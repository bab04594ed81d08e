using System.Text;
using Kazoo.Storage.Plans;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// <see cref="AttachmentStore"/> cannot serve an attachment: the plan keeps it in CouchDB or has no target, or no handler is
/// registered for the backend's kind. Nothing was read or written. The message says why, with the plan's notes, the
/// backend's kind and id, and the kinds that are registered; never a setting, so never a secret.
/// </summary>
public sealed class AttachmentStoreException : InvalidOperationException
{
    private AttachmentStoreException(AttachmentStoreFailure failure, StorageTarget target, IReadOnlyList<string> registeredKinds, string message)
        : base(SecretMask.MaskText(message))
    {
        Failure = failure;
        Target = target;
        RegisteredKinds = registeredKinds;
    }

    /// <summary>Why the store could not serve the attachment.</summary>
    public AttachmentStoreFailure Failure { get; }

    /// <summary>The resolved plan (its <see cref="StorageTarget.Reason"/> and <see cref="StorageTarget.Notes"/> say more).</summary>
    public StorageTarget Target { get; }

    /// <summary>The kinds the store has handlers for.</summary>
    public IReadOnlyList<string> RegisteredKinds { get; }

    internal static AttachmentStoreException NoBackend(StorageTarget target, AttachmentLocation attachment, AttachmentHandlerSet handlers)
    {
        var text = new StringBuilder();
        if (target.Kind == StorageTargetKind.NoTarget)
        {
            text.Append("Kazoo finds no storage target for ").Append(What(attachment)).Append(": ").Append(target.Reason ?? "no usable plan").Append('.');
            return Create(AttachmentStoreFailure.NoTarget, target, handlers, text);
        }

        text.Append("The plan keeps ").Append(What(attachment)).Append(" in CouchDB");
        if (target.Connection is { } connection)
        {
            text.Append(" (connection '").Append(connection).Append("')");
        }

        text.Append(": no attachment handler applies, so there is no file in a backend to store, open or delete.");
        return Create(AttachmentStoreFailure.StoredInCouchDb, target, handlers, text);
    }

    internal static AttachmentStoreException NoHandler(StorageTarget target, AttachmentLocation attachment, AttachmentHandlerSet handlers)
    {
        var kind = target.AttachmentHandlerKind ?? "(none)";
        var text = new StringBuilder()
            .Append("The plan sends ").Append(What(attachment)).Append(" to backend ").Append(target.AttachmentHandlerId)
            .Append(" of kind '").Append(kind).Append("', but no handler for '").Append(kind).Append("' is registered (registered: ")
            .Append(handlers).Append("). Register that kind's handler (its package's AddKazoo…AttachmentHandler).");
        return Create(AttachmentStoreFailure.NoHandler, target, handlers, text);
    }

    private static AttachmentStoreException Create(AttachmentStoreFailure failure, StorageTarget target, AttachmentHandlerSet handlers, StringBuilder text)
    {
        foreach (var note in target.Notes)
        {
            text.Append(" Note: ").Append(note.TrimEnd('.')).Append('.');
        }

        return new AttachmentStoreException(failure, target, handlers.Kinds, text.ToString());
    }

    private static string What(AttachmentLocation attachment) =>
        (attachment.DocumentType is { Length: > 0 } type ? type + " attachments" : "attachments") + " of database " + attachment.Database;
}

/// <summary>Why <see cref="AttachmentStore"/> could not serve an attachment.</summary>
public enum AttachmentStoreFailure
{
    /// <summary>Kazoo finds no usable plan (<see cref="StorageTargetKind.NoTarget"/>): its own operation would fail.</summary>
    NoTarget,

    /// <summary>
    /// The plan uses no attachment handler (<see cref="StorageTargetKind.CouchDb"/>): no <c>handler</c> in the rule, or a
    /// database Kazoo always keeps on its local connection (<c>system_config</c>, <c>system_data</c>).
    /// </summary>
    StoredInCouchDb,

    /// <summary>The plan names a backend whose kind no registered handler serves.</summary>
    NoHandler,
}
