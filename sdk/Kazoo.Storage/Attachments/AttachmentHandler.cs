using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Base class for a handler of one generated backend case (e.g. <see cref="StorageAttachmentAws"/>): implement the typed
/// members; the untyped <see cref="IAttachmentHandler"/> members check the case and forward.
/// </summary>
/// <typeparam name="TBackend">The generated <c>attachments</c> case this handler serves.</typeparam>
public abstract class AttachmentHandler<TBackend> : IAttachmentHandler
    where TBackend : StorageAttachmentsEntry
{
    /// <inheritdoc/>
    public abstract string Kind { get; }

    /// <inheritdoc/>
    public bool CanHandle(StorageAttachmentsEntry backend) => backend is TBackend;

    /// <inheritdoc cref="IAttachmentHandler.Locate"/>
    public abstract StoredAttachment Locate(TBackend backend, AttachmentLocation location);

    /// <inheritdoc cref="IAttachmentHandler.PutAsync"/>
    public abstract Task<StoredAttachment> PutAsync(TBackend backend, AttachmentLocation location, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IAttachmentHandler.OpenReadAsync"/>
    public abstract Task<Stream> OpenReadAsync(TBackend backend, StoredAttachment stored, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IAttachmentHandler.DeleteAsync"/>
    public abstract Task DeleteAsync(TBackend backend, StoredAttachment stored, CancellationToken cancellationToken = default);

    StoredAttachment IAttachmentHandler.Locate(StorageAttachmentsEntry backend, AttachmentLocation location) =>
        Locate(Cast(backend), location);

    Task<StoredAttachment> IAttachmentHandler.PutAsync(StorageAttachmentsEntry backend, AttachmentLocation location, Stream content, string contentType, CancellationToken cancellationToken) =>
        PutAsync(Cast(backend), location, content, contentType, cancellationToken);

    Task<Stream> IAttachmentHandler.OpenReadAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken) =>
        OpenReadAsync(Cast(backend), stored, cancellationToken);

    Task IAttachmentHandler.DeleteAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken) =>
        DeleteAsync(Cast(backend), stored, cancellationToken);

    private TBackend Cast(StorageAttachmentsEntry backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend as TBackend
            ?? throw new ArgumentException(
                $"The '{Kind}' handler serves {typeof(TBackend).Name} entries; this entry has handler '{backend.Handler ?? "(none)"}' ({backend.GetType().Name}).",
                nameof(backend));
    }
}
