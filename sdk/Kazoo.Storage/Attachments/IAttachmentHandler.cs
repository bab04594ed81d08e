using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Reads and writes attachments in one kind of backend exactly where Kazoo puts them (spec §7): the object name comes from
/// <see cref="AttachmentObjectName"/> over the backend entry's effective settings (the entry's <c>settings</c> with the
/// plan's <c>params</c> merged over them, as <c>StoragePlanResolver</c> returns it). Content is streamed both ways, never
/// buffered whole. Backend failures throw <see cref="AttachmentHandlerException"/>, which carries Kazoo's <c>invalid</c>
/// shape.
/// </summary>
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
