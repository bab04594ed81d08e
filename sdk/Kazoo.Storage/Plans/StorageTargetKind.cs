namespace Kazoo.Storage.Plans;

/// <summary>Where Kazoo puts an attachment for a resolved plan (spec §8.4, §8.5).</summary>
public enum StorageTargetKind
{
    /// <summary>
    /// Kazoo finds no usable plan (a missing section, an unknown handler id, a <c>database.names</c> miss, …) and the
    /// operation fails; <see cref="StorageTarget.Reason"/> says why.
    /// </summary>
    NoTarget = 0,

    /// <summary>No attachment handler applies: attachments stay in CouchDB, on <see cref="StorageTarget.Connection"/>.</summary>
    CouchDb,

    /// <summary>
    /// The attachment is stored in the backend only, and the metadata document keeps a pointer to it (Kazoo's
    /// <c>external</c> post-handler, the default).
    /// </summary>
    External,

    /// <summary>
    /// <c>"stub": true</c>: the attachment is uploaded to the backend and also kept in CouchDB, which serves reads; no
    /// pointer is recorded.
    /// </summary>
    Stub,
}
