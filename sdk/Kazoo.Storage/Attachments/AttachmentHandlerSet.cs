using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// The handlers one application has, by backend kind: the one place that maps an <c>attachments</c> entry to the
/// <see cref="IAttachmentHandler"/> that serves it. <see cref="AttachmentStore"/>, <see cref="StorageDocumentProbe"/>, the
/// Crossbar emulator's settings probe and the <c>kazoo-storage</c> tool all pick handlers through it, so a handler
/// registered once is used everywhere.
/// </summary>
/// <remarks>
/// For an entry, the handler is the <b>last</b> one whose <see cref="IAttachmentHandler.Kind"/> is the entry's
/// <c>handler</c> and that can serve it (<see cref="IAttachmentHandler.CanHandle"/>): the one registered last wins, as
/// dependency injection resolves a single service.
/// </remarks>
public sealed class AttachmentHandlerSet
{
    private readonly IAttachmentHandler[] _handlers;

    /// <summary>Collects the handlers, e.g. <c>provider.GetServices&lt;IAttachmentHandler&gt;()</c>.</summary>
    /// <param name="handlers">The handlers, in registration order.</param>
    /// <exception cref="ArgumentException">A handler is null.</exception>
    public AttachmentHandlerSet(IEnumerable<IAttachmentHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = handlers.ToArray();
        if (Array.Exists(_handlers, h => h is null))
        {
            throw new ArgumentException("A handler is null.", nameof(handlers));
        }

        Kinds = _handlers.Select(h => h.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The kinds served, sorted (<c>http</c>, <c>s3</c>, …).</summary>
    public IReadOnlyList<string> Kinds { get; }

    /// <summary>The handler for <paramref name="backend"/>, or null when none is registered for its kind.</summary>
    /// <param name="backend">An <c>attachments</c> entry.</param>
    public IAttachmentHandler? Find(StorageAttachmentsEntry backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var kind = backend.Handler ?? string.Empty;
        return Array.FindLast(_handlers, h => string.Equals(h.Kind, kind, StringComparison.Ordinal) && h.CanHandle(backend));
    }

    /// <summary>The kinds served, e.g. <c>http, s3</c>, or <c>(none)</c>.</summary>
    public override string ToString() => Kinds.Count == 0 ? "(none)" : string.Join(", ", Kinds);
}
