using System.Net.Http.Headers;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Base class for a handler of one generated backend case (e.g. <see cref="StorageAttachmentAws"/>). The public members are
/// template methods: they check every argument once, here, for all handlers, then call the protected <c>…Core</c> member a
/// handler implements, which may take its arguments as checked.
/// </summary>
/// <remarks>
/// <para><b>For handler authors.</b> Implement <see cref="Kind"/>, <see cref="PutCoreAsync"/>,
/// <see cref="OpenReadCoreAsync"/> and <see cref="DeleteCoreAsync"/>; override <see cref="LocateCore"/> only to add
/// something to what <see cref="Locate(TBackend, AttachmentLocation)"/> returns (the object name is always Kazoo's, from
/// <see cref="AttachmentObjectName"/>). Before a <c>…Core</c> member runs:</para>
/// <list type="bullet">
/// <item>the backend is not null and is a <typeparamref name="TBackend"/> (through <see cref="IAttachmentHandler"/>, an
/// entry of another case is an <see cref="ArgumentException"/> naming both);</item>
/// <item>a location is not null and its database, document id and attachment name are not empty;</item>
/// <item>content is not null and can be read; a content type is a MIME type (<c>type/subtype</c>, parameters allowed);</item>
/// <item>a stored attachment is not null, was stored by this kind (<see cref="StoredAttachment.HandlerKind"/>) and has an
/// object name.</item>
/// </list>
/// <para>And after <see cref="PutCoreAsync"/>, its answer is checked to carry this kind and the located object name, so
/// <see cref="Locate(TBackend, AttachmentLocation)"/> always says where a put went.</para>
/// <para>Every handler must meet <see cref="IAttachmentHandler"/>'s contract: what <see cref="Locate(TBackend, AttachmentLocation)"/>
/// returns (without <see cref="StoredAttachment.BackendId"/>) can be read and deleted, so <see cref="OpenReadCoreAsync"/>
/// and <see cref="DeleteCoreAsync"/> find the object by its name when they are given no backend id.</para>
/// <para>For the upload, <see cref="AttachmentUploadSource"/> counts and rewinds the caller's stream; for a download over
/// HTTP, <see cref="HttpResponseStream"/> hands the response body to the caller.</para>
/// </remarks>
/// <typeparam name="TBackend">The generated <c>attachments</c> case this handler serves.</typeparam>
public abstract class AttachmentHandler<TBackend> : IAttachmentHandler
    where TBackend : StorageAttachmentsEntry
{
    /// <inheritdoc/>
    public abstract string Kind { get; }

    /// <inheritdoc/>
    public bool CanHandle(StorageAttachmentsEntry backend) => backend is TBackend;

    /// <inheritdoc cref="IAttachmentHandler.Locate"/>
    public StoredAttachment Locate(TBackend backend, AttachmentLocation location)
    {
        CheckBackend(backend);
        CheckLocation(location);
        var kazoos = new StoredAttachment(Kind, AttachmentObjectName.Build(backend, location));
        var located = LocateCore(backend, location, kazoos);
        return located is not null && located.HandlerKind == Kind && located.ObjectName == kazoos.ObjectName && located.BackendId is null
            ? located
            : throw new InvalidOperationException($"The '{Kind}' handler's LocateCore must keep its kind and Kazoo's object name, without a backend id.");
    }

    /// <inheritdoc cref="IAttachmentHandler.PutAsync"/>
    public async Task<StoredAttachment> PutAsync(TBackend backend, AttachmentLocation location, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var located = Locate(backend, location);
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream cannot be read.", nameof(content));
        }

        ArgumentNullException.ThrowIfNull(contentType);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is null || !parsed.MediaType.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{contentType}' is not a MIME type (type/subtype).", nameof(contentType));
        }

        var stored = await PutCoreAsync(backend, location, located, content, contentType, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.HandlerKind != Kind || stored.ObjectName != located.ObjectName)
        {
            throw new InvalidOperationException($"The '{Kind}' handler's PutCoreAsync must answer with its kind and the located object name '{located.ObjectName}'.");
        }

        return stored;
    }

    /// <inheritdoc cref="IAttachmentHandler.OpenReadAsync"/>
    public Task<Stream> OpenReadAsync(TBackend backend, StoredAttachment stored, CancellationToken cancellationToken = default)
    {
        CheckStored(backend, stored);
        return OpenReadCoreAsync(backend, stored, cancellationToken);
    }

    /// <inheritdoc cref="IAttachmentHandler.DeleteAsync"/>
    public Task DeleteAsync(TBackend backend, StoredAttachment stored, CancellationToken cancellationToken = default)
    {
        CheckStored(backend, stored);
        return DeleteCoreAsync(backend, stored, cancellationToken);
    }

    StoredAttachment IAttachmentHandler.Locate(StorageAttachmentsEntry backend, AttachmentLocation location) =>
        Locate(Cast(backend), location);

    Task<StoredAttachment> IAttachmentHandler.PutAsync(StorageAttachmentsEntry backend, AttachmentLocation location, Stream content, string contentType, CancellationToken cancellationToken) =>
        PutAsync(Cast(backend), location, content, contentType, cancellationToken);

    Task<Stream> IAttachmentHandler.OpenReadAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken) =>
        OpenReadAsync(Cast(backend), stored, cancellationToken);

    Task IAttachmentHandler.DeleteAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken) =>
        DeleteAsync(Cast(backend), stored, cancellationToken);

    /// <summary>
    /// Where Kazoo would store the attachment, without I/O: by default <paramref name="located"/>, this kind and Kazoo's
    /// object name (<see cref="AttachmentObjectName.Build(StorageAttachmentsEntry, AttachmentLocation)"/>). Override to add
    /// <see cref="StoredAttachment.Metadata"/> (say, which credentials to read it with: <c>located with { Metadata = … }</c>);
    /// the kind and object name must stay, and there is no backend id before a put.
    /// </summary>
    /// <param name="backend">The backend entry with its effective settings (checked).</param>
    /// <param name="location">The attachment (checked).</param>
    /// <param name="located">This kind and Kazoo's object name.</param>
    protected virtual StoredAttachment LocateCore(TBackend backend, AttachmentLocation location, StoredAttachment located) => located;

    /// <summary>Stores the content under <paramref name="located"/>'s object name, streaming it.</summary>
    /// <param name="backend">The backend entry with its effective settings (checked).</param>
    /// <param name="location">The attachment (checked).</param>
    /// <param name="located">What <see cref="LocateCore"/> gave: the object name to store under. Answer with it, plus what the backend said.</param>
    /// <param name="content">The content (readable; read once to its end, not disposed).</param>
    /// <param name="contentType">A MIME type.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    protected abstract Task<StoredAttachment> PutCoreAsync(TBackend backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a stored attachment for reading. Without <see cref="StoredAttachment.BackendId"/> (an attachment only
    /// located), find it by <see cref="StoredAttachment.ObjectName"/>.
    /// </summary>
    /// <param name="backend">The backend entry with its effective settings (checked).</param>
    /// <param name="stored">The attachment (checked: this kind, an object name).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    protected abstract Task<Stream> OpenReadCoreAsync(TBackend backend, StoredAttachment stored, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a stored attachment. Without <see cref="StoredAttachment.BackendId"/> (an attachment only located), find it
    /// by <see cref="StoredAttachment.ObjectName"/>.
    /// </summary>
    /// <param name="backend">The backend entry with its effective settings (checked).</param>
    /// <param name="stored">The attachment (checked: this kind, an object name).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    protected abstract Task DeleteCoreAsync(TBackend backend, StoredAttachment stored, CancellationToken cancellationToken);

    /// <summary>The checks of <see cref="OpenReadAsync"/> and <see cref="DeleteAsync"/>, for a handler's own variants of them.</summary>
    /// <param name="backend">The backend entry.</param>
    /// <param name="stored">The attachment.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The attachment was stored by another kind, or has no object name.</exception>
    protected void CheckStored(TBackend backend, StoredAttachment stored)
    {
        CheckBackend(backend);
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.HandlerKind != Kind)
        {
            throw new ArgumentException($"This attachment was stored by the '{stored.HandlerKind}' handler, not '{Kind}'.", nameof(stored));
        }

        if (string.IsNullOrEmpty(stored.ObjectName))
        {
            throw new ArgumentException("The stored attachment has no object name.", nameof(stored));
        }
    }

    private static void CheckBackend(TBackend backend) => ArgumentNullException.ThrowIfNull(backend);

    private static void CheckLocation(AttachmentLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.IsNullOrEmpty(location.Database) || string.IsNullOrEmpty(location.DocumentId) || string.IsNullOrEmpty(location.AttachmentName))
        {
            throw new ArgumentException("An attachment location needs a database, a document id and an attachment name.", nameof(location));
        }
    }

    private TBackend Cast(StorageAttachmentsEntry backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend as TBackend
            ?? throw new ArgumentException(
                $"The '{Kind}' handler serves {typeof(TBackend).Name} entries; this entry has handler '{backend.Handler ?? "(none)"}' ({backend.GetType().Name}).",
                nameof(backend));
    }
}
