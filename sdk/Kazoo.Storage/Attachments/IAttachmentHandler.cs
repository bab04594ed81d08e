using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Reads and writes attachments in one kind of backend exactly where Kazoo puts them (spec §7): the object name comes from
/// <see cref="AttachmentObjectName"/> over the backend entry's effective settings (the entry's <c>settings</c> with the
/// plan's <c>params</c> merged over them, as <c>StoragePlanResolver</c> returns it). Content is streamed both ways, never
/// buffered whole. Backend failures throw <see cref="AttachmentHandlerException"/>, which carries Kazoo's <c>invalid</c>
/// shape.
/// </summary>
/// <remarks>
/// <para><b>The contract every handler meets</b> (<see cref="AttachmentStore"/> and the CLI rely on it):</para>
/// <list type="number">
/// <item><see cref="Locate"/> does no I/O and returns this <see cref="Kind"/> and Kazoo's object name, without
/// <see cref="StoredAttachment.BackendId"/>; <see cref="PutAsync"/> answers with the same kind and object name.</item>
/// <item>What <see cref="Locate"/> returns can be read (<see cref="OpenReadAsync"/>) and deleted (<see cref="DeleteAsync"/>)
/// like what <see cref="PutAsync"/> returned: the handler finds the object by its name (a path, a key, a file name in its
/// folder) when it has no backend id, so an attachment stored by one process (or by Kazoo) can be read by another that
/// only knows where Kazoo puts it.</item>
/// <item>Reading a missing object fails with <see cref="AttachmentHandlerException"/>, never an empty stream.</item>
/// <item>Arguments are checked before any I/O: null arguments, an entry of another kind, a location with an empty
/// database, document id or attachment name, content that cannot be read, a content type that is not a MIME type, an
/// attachment stored by another kind.</item>
/// <item>The caller's content stream is never disposed; a failure of that stream surfaces as its own exception, not as a
/// backend failure. Credentials never appear in messages, <c>ToString()</c> or logs.</item>
/// </list>
/// <para>Derive from <see cref="AttachmentHandler{TBackend}"/>, which checks the arguments and the answers once for all
/// handlers, and register the handler as an <see cref="IAttachmentHandler"/> singleton (an
/// <c>AddKazoo&lt;Kind&gt;AttachmentHandler</c> extension with <c>&lt;Kind&gt;AttachmentHandlerOptions</c>), so that
/// <see cref="AttachmentStore"/>, <see cref="StorageDocumentProbe"/> and the emulator's settings probe find it by its kind
/// (<see cref="AttachmentHandlerSet"/>).</para>
/// </remarks>
public interface IAttachmentHandler
{
    /// <summary>The backend kind this handler serves: the <c>handler</c> value of an <c>attachments</c> entry, e.g. <c>s3</c>.</summary>
    string Kind { get; }

    /// <summary>Whether this handler can serve <paramref name="backend"/> (its kind and its settings record type).</summary>
    /// <param name="backend">An <c>attachments</c> entry.</param>
    bool CanHandle(StorageAttachmentsEntry backend);

    /// <summary>Where Kazoo would store this attachment in <paramref name="backend"/>, without touching the backend.</summary>
    /// <param name="backend">The backend entry with its effective settings.</param>
    /// <param name="location">The attachment.</param>
    /// <returns>The object reference; <see cref="StoredAttachment.BackendId"/> is null until the backend assigns one.</returns>
    StoredAttachment Locate(StorageAttachmentsEntry backend, AttachmentLocation location);

    /// <summary>Stores <paramref name="content"/> where Kazoo would, streaming it.</summary>
    /// <param name="backend">The backend entry with its effective settings.</param>
    /// <param name="location">The attachment.</param>
    /// <param name="content">The bytes, read once to the end; not disposed.</param>
    /// <param name="contentType">The attachment's content type, e.g. <c>audio/mpeg</c>.</param>
    /// <param name="cancellationToken">Cancels the upload; a partial upload is cleaned up where the backend allows it.</param>
    /// <returns>Where it was stored.</returns>
    /// <exception cref="AttachmentHandlerException">The backend refused or failed.</exception>
    Task<StoredAttachment> PutAsync(StorageAttachmentsEntry backend, AttachmentLocation location, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored attachment for reading; the caller disposes the stream.</summary>
    /// <param name="backend">The backend entry with its effective settings (its credentials are used).</param>
    /// <param name="stored">What <see cref="PutAsync"/> or <see cref="Locate"/> returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AttachmentHandlerException">The backend refused, failed, or has no such object.</exception>
    Task<Stream> OpenReadAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored attachment (Kazoo itself never deletes from a backend).</summary>
    /// <param name="backend">The backend entry with its effective settings.</param>
    /// <param name="stored">What <see cref="PutAsync"/> or <see cref="Locate"/> returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AttachmentHandlerException">The backend refused or failed.</exception>
    Task DeleteAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken = default);
}
