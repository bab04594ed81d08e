using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Stores, opens and deletes an attachment exactly where Kazoo would, in one call: resolves the storage plan for the
/// attachment's database, document type and owner (<see cref="StoragePlanResolver"/>), picks the registered handler for
/// the backend the plan names (<see cref="AttachmentHandlerSet"/>), and streams the file under Kazoo's object name
/// (<see cref="AttachmentObjectName"/>). <see cref="Locate(StoragePlanInputs, AttachmentLocation)"/> says where without I/O.
/// </summary>
/// <remarks>
/// <para>The storage documents come as <see cref="StoragePlanInputs"/> (system, account and owner documents, any may be
/// absent), or are read through a <see cref="KazooStorageClient"/> (<see cref="KazooStorageClient.GetPlanInputsAsync"/>:
/// the system document, the account's of the attachment's database, and the owner's when
/// <see cref="AttachmentLocation.OwnerId"/> is set).</para>
/// <para>When the plan gives no backend, or no handler is registered for its kind, nothing is read or written and an
/// <see cref="AttachmentStoreException"/> says why: the resolver's reason and notes, the backend's kind and id, and the
/// kinds that are registered.</para>
/// <para>A <c>stub</c> rule (<see cref="StorageTargetKind.Stub"/>) uploads to the backend as Kazoo does; Kazoo also keeps
/// such a file in CouchDB and reads it from there, while the store reads it from the backend.</para>
/// <para>With dependency injection, <c>services.AddKazooAttachmentStore()</c> registers the store with every
/// <see cref="IAttachmentHandler"/> the container has.</para>
/// </remarks>
public sealed class AttachmentStore
{
    /// <summary>Creates a store that picks among <paramref name="handlers"/>.</summary>
    /// <param name="handlers">The handlers; for each kind the last one registered wins.</param>
    /// <exception cref="ArgumentException">A handler is null.</exception>
    public AttachmentStore(IEnumerable<IAttachmentHandler> handlers) => Handlers = new AttachmentHandlerSet(handlers);

    /// <summary>The handlers this store picks from.</summary>
    public AttachmentHandlerSet Handlers { get; }

    /// <summary>Where Kazoo stores <paramref name="attachment"/>, without touching the backend.</summary>
    /// <param name="documents">The storage documents the plan is resolved from.</param>
    /// <param name="attachment">The attachment: database, document id, attachment name, and the document type and owner that pick the plan's rule.</param>
    /// <returns>The object name, the backend and the handler that serves it.</returns>
    /// <exception cref="AttachmentStoreException">The plan stores it in CouchDB or nowhere, or no handler serves the backend's kind.</exception>
    public AttachmentPlacement Locate(StoragePlanInputs documents, AttachmentLocation attachment)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(attachment);
        var target = StoragePlanResolver.Resolve(documents, attachment.ToQuery());
        if (!target.UsesAttachmentHandler || target.Backend is not { } backend)
        {
            throw AttachmentStoreException.NoBackend(target, attachment, Handlers);
        }

        var handler = Handlers.Find(backend) ?? throw AttachmentStoreException.NoHandler(target, attachment, Handlers);
        var located = handler.Locate(backend, attachment);
        return new AttachmentPlacement(target, handler, backend, located);
    }

    /// <inheritdoc cref="Locate(StoragePlanInputs, AttachmentLocation)"/>
    /// <param name="client">Reads the storage documents (<see cref="KazooStorageClient.GetPlanInputsAsync"/>).</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="cancellationToken">Cancels reading the documents.</param>
    /// <exception cref="CrossbarException">A document could not be read (a 403 for the system document needs the master account's credentials).</exception>
    public async Task<AttachmentPlacement> LocateAsync(KazooStorageClient client, AttachmentLocation attachment, CancellationToken cancellationToken = default) =>
        Locate(await ReadAsync(client, attachment, cancellationToken).ConfigureAwait(false), attachment);

    /// <summary>Stores <paramref name="content"/> where Kazoo would put <paramref name="attachment"/>, streaming it.</summary>
    /// <param name="documents">The storage documents the plan is resolved from.</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="content">The bytes, read once to the end; not disposed.</param>
    /// <param name="contentType">The attachment's MIME type, e.g. <c>audio/mpeg</c>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Where it went, with the bytes stored and what the handler answered.</returns>
    /// <exception cref="AttachmentStoreException">No backend or no handler (nothing was sent).</exception>
    /// <exception cref="AttachmentHandlerException">The backend refused or failed.</exception>
    public async Task<AttachmentPlacement> PutAsync(StoragePlanInputs documents, AttachmentLocation attachment, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var placement = Locate(documents, attachment);
        var stored = await placement.Handler.PutAsync(placement.Backend, attachment, content, contentType, cancellationToken).ConfigureAwait(false);
        return new AttachmentPlacement(placement.Target, placement.Handler, placement.Backend, stored);
    }

    /// <inheritdoc cref="PutAsync(StoragePlanInputs, AttachmentLocation, Stream, string, CancellationToken)"/>
    /// <param name="client">Reads the storage documents (<see cref="KazooStorageClient.GetPlanInputsAsync"/>).</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="content">The bytes, read once to the end; not disposed.</param>
    /// <param name="contentType">The attachment's MIME type.</param>
    /// <param name="cancellationToken">Cancels reading the documents and the upload.</param>
    public async Task<AttachmentPlacement> PutAsync(KazooStorageClient client, AttachmentLocation attachment, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        await PutAsync(await ReadAsync(client, attachment, cancellationToken).ConfigureAwait(false), attachment, content, contentType, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens the attachment where Kazoo stores it, found by its object name (as every handler can, see
    /// <see cref="IAttachmentHandler"/>); dispose the result to close the stream.
    /// </summary>
    /// <param name="documents">The storage documents the plan is resolved from.</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The content, streamed from the backend, and where it came from.</returns>
    /// <exception cref="AttachmentStoreException">No backend or no handler (nothing was asked).</exception>
    /// <exception cref="AttachmentHandlerException">The backend refused, failed, or has no such object.</exception>
    public async Task<AttachmentReadResult> OpenReadAsync(StoragePlanInputs documents, AttachmentLocation attachment, CancellationToken cancellationToken = default)
    {
        var placement = Locate(documents, attachment);
        var content = await placement.Handler.OpenReadAsync(placement.Backend, placement.Attachment, cancellationToken).ConfigureAwait(false);
        return new AttachmentReadResult(placement, content);
    }

    /// <inheritdoc cref="OpenReadAsync(StoragePlanInputs, AttachmentLocation, CancellationToken)"/>
    /// <param name="client">Reads the storage documents (<see cref="KazooStorageClient.GetPlanInputsAsync"/>).</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="cancellationToken">Cancels reading the documents and the request.</param>
    public async Task<AttachmentReadResult> OpenReadAsync(KazooStorageClient client, AttachmentLocation attachment, CancellationToken cancellationToken = default) =>
        await OpenReadAsync(await ReadAsync(client, attachment, cancellationToken).ConfigureAwait(false), attachment, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes the attachment where Kazoo stores it, found by its object name (Kazoo itself never deletes from a backend).</summary>
    /// <param name="documents">The storage documents the plan is resolved from.</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Where it was.</returns>
    /// <exception cref="AttachmentStoreException">No backend or no handler (nothing was asked).</exception>
    /// <exception cref="AttachmentHandlerException">The backend refused or failed.</exception>
    public async Task<AttachmentPlacement> DeleteAsync(StoragePlanInputs documents, AttachmentLocation attachment, CancellationToken cancellationToken = default)
    {
        var placement = Locate(documents, attachment);
        await placement.Handler.DeleteAsync(placement.Backend, placement.Attachment, cancellationToken).ConfigureAwait(false);
        return placement;
    }

    /// <inheritdoc cref="DeleteAsync(StoragePlanInputs, AttachmentLocation, CancellationToken)"/>
    /// <param name="client">Reads the storage documents (<see cref="KazooStorageClient.GetPlanInputsAsync"/>).</param>
    /// <param name="attachment">The attachment.</param>
    /// <param name="cancellationToken">Cancels reading the documents and the request.</param>
    public async Task<AttachmentPlacement> DeleteAsync(KazooStorageClient client, AttachmentLocation attachment, CancellationToken cancellationToken = default) =>
        await DeleteAsync(await ReadAsync(client, attachment, cancellationToken).ConfigureAwait(false), attachment, cancellationToken).ConfigureAwait(false);

    /// <summary>The documents Kazoo would resolve the attachment's plan from: its database's account, and its owner.</summary>
    private static Task<StoragePlanInputs> ReadAsync(KazooStorageClient client, AttachmentLocation attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(attachment);
        var accountId = KazooDatabaseName.Classify(attachment.Database).AccountId;
        return client.GetPlanInputsAsync(accountId, accountId is null ? null : attachment.OwnerId, cancellationToken: cancellationToken);
    }
}

/// <summary>Where an attachment is: the plan's target, the backend and handler that serve it, and the object name.</summary>
/// <remarks>Never holds secrets in its text: <see cref="ToString"/> names the kind, backend id and object name only.</remarks>
public sealed class AttachmentPlacement
{
    internal AttachmentPlacement(StorageTarget target, IAttachmentHandler handler, StorageAttachmentsEntry backend, StoredAttachment attachment)
    {
        Target = target;
        Handler = handler;
        Backend = backend;
        Attachment = attachment;
    }

    /// <summary>The resolved plan for the attachment (<see cref="StoragePlanResolver.Resolve"/>).</summary>
    public StorageTarget Target { get; }

    /// <summary>The handler that served it.</summary>
    public IAttachmentHandler Handler { get; }

    /// <summary>The effective backend entry: the <c>attachments</c> entry with the plan's <c>params</c> merged over its settings (holds credentials).</summary>
    public StorageAttachmentsEntry Backend { get; }

    /// <summary>
    /// What the handler answered: after a put, the backend's id, the bytes, the content type and metadata (e.g. S3's
    /// <c>etag</c>); otherwise where the handler locates it (no backend id).
    /// </summary>
    public StoredAttachment Attachment { get; }

    /// <summary>The backend's id: the key of the <c>attachments</c> entry the plan names.</summary>
    public string HandlerId => Target.AttachmentHandlerId!;

    /// <summary>The backend's kind (<c>s3</c>, <c>google_drive</c>, <c>http</c>, …).</summary>
    public string HandlerKind => Attachment.HandlerKind;

    /// <summary>Kazoo's object name: the S3 key, the Drive path, the segment after an HTTP backend's URL.</summary>
    public string ObjectName => Attachment.ObjectName;

    /// <summary>The bytes stored, after a put; null otherwise.</summary>
    public long? Bytes => Attachment.Length;

    /// <summary>The kind, backend id and object name (no settings, so no secrets).</summary>
    public override string ToString() => $"{HandlerKind} {HandlerId}: {ObjectName}";
}

/// <summary>An attachment opened for reading by <see cref="AttachmentStore"/>: its content and where it came from. Dispose it to close the stream.</summary>
public sealed class AttachmentReadResult : IDisposable, IAsyncDisposable
{
    internal AttachmentReadResult(AttachmentPlacement placement, Stream content)
    {
        Placement = placement;
        Content = content;
    }

    /// <summary>Where the attachment is.</summary>
    public AttachmentPlacement Placement { get; }

    /// <summary>The content, streamed from the backend.</summary>
    public Stream Content { get; }

    /// <summary>Closes <see cref="Content"/> (and the backend's response).</summary>
    public void Dispose() => Content.Dispose();

    /// <summary>Closes <see cref="Content"/> (and the backend's response).</summary>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
