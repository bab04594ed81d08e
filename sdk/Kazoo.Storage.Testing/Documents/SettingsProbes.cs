using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// The emulator's settings probes, per backend kind: a delegate (<see cref="CrossbarEmulator.RegisterProbe(string, SettingsProbe)"/>)
/// or a real handler (<see cref="CrossbarEmulator.RegisterProbe(IAttachmentHandler)"/>), the one registered last for a kind
/// winning. Handlers are picked by <see cref="AttachmentHandlerSet"/>, as the SDK's store and document probe pick them.
/// </summary>
internal sealed class SettingsProbes
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ScopedSettingsProbe> _delegates = new(StringComparer.Ordinal);
    private readonly List<IAttachmentHandler> _handlers = [];
    private AttachmentHandlerSet _set = new([]);

    public void Register(string kind, ScopedSettingsProbe probe)
    {
        lock (_gate)
        {
            _handlers.RemoveAll(h => h.Kind == kind);
            _set = new AttachmentHandlerSet(_handlers);
            _delegates[kind] = probe;
        }
    }

    public void Register(IAttachmentHandler handler)
    {
        lock (_gate)
        {
            _delegates.Remove(handler.Kind);
            _handlers.Add(handler);
            _set = new AttachmentHandlerSet(_handlers);
        }
    }

    /// <summary>The delegate registered for <paramref name="kind"/>, if the last registration for it was one.</summary>
    public ScopedSettingsProbe? DelegateFor(string kind)
    {
        lock (_gate)
        {
            return _delegates.GetValueOrDefault(kind);
        }
    }

    /// <summary>The handler that serves <paramref name="backend"/>, if one is registered.</summary>
    public IAttachmentHandler? HandlerFor(StorageAttachmentsEntry backend)
    {
        AttachmentHandlerSet set;
        lock (_gate)
        {
            set = _set;
        }

        return set.Find(backend);
    }

    /// <summary>Whether any handler is registered for <paramref name="kind"/>.</summary>
    public bool HasHandler(string kind)
    {
        lock (_gate)
        {
            return _set.Kinds.Contains(kind, StringComparer.Ordinal);
        }
    }
}
