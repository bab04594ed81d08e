using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Testing;

/// <summary>
/// Runs a real <see cref="IAttachmentHandler"/> as the emulator's settings probe: the entry Crossbar validated is read into
/// its generated record and probed with <see cref="AttachmentProbe"/> (write a test file, read it back, compare), so the
/// emulator answers what Kazoo would for a reachable backend. A handler failure becomes the probe's <c>invalid</c> error
/// with the backend's status, body and reason; a read-back mismatch has the message <c>invalid_data</c>.
/// </summary>
/// <example>
/// <code>
/// crossbar.RegisterProbe(new HttpAttachmentHandler(httpClient));   // probes http backends for real
/// crossbar.RegisterProbe("http", AttachmentHandlerProbe.Create(handler, accountId)); // the same, as a delegate
/// </code>
/// </example>
public static class AttachmentHandlerProbe
{
    /// <summary>A <see cref="SettingsProbe"/> that probes through <paramref name="handler"/>.</summary>
    /// <param name="handler">The handler for the entries' kind.</param>
    /// <param name="accountId">
    /// The account whose MODB names the test file, or null for <c>system_data</c>. (The emulator's
    /// <see cref="CrossbarEmulator.RegisterProbe(IAttachmentHandler)"/> uses the request's account instead.)
    /// </param>
    /// <param name="timeProvider">The clock that picks the MODB month; the system clock when null.</param>
    public static SettingsProbe Create(IAttachmentHandler handler, string? accountId = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return (_, entry, cancellationToken) => RunAsync(handler, entry, accountId, timeProvider, cancellationToken);
    }

    /// <summary>Probes one entry through <paramref name="handler"/>.</summary>
    /// <param name="handler">The handler for the entry's kind.</param>
    /// <param name="entry">The attachment entry's JSON (<c>handler</c>, <c>settings</c>, …).</param>
    /// <param name="accountId">The account whose MODB names the test file, or null for <c>system_data</c>.</param>
    /// <param name="timeProvider">The clock that picks the MODB month; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns><see cref="ProbeResult.Ok"/>, or the backend's failure.</returns>
    /// <exception cref="JsonException">The entry does not read as an attachment entry.</exception>
    /// <exception cref="ArgumentException">The handler does not serve the entry's kind.</exception>
    public static async Task<ProbeResult> RunAsync(
        IAttachmentHandler handler,
        JsonElement entry,
        string? accountId = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var backend = ReadEntry(entry);
        if (!handler.CanHandle(backend))
        {
            throw new ArgumentException(
                "The '" + handler.Kind + "' handler does not serve entries with handler '" + (backend.Handler ?? "(none)") + "'.",
                nameof(entry));
        }

        return ProbeResult.Of(await AttachmentProbe.ProbeAsync(handler, backend, accountId, timeProvider, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>An attachment entry's JSON as its generated record, as the SDK's store reads it.</summary>
    /// <exception cref="JsonException">The entry does not read as an attachment entry.</exception>
    internal static StorageAttachmentsEntry ReadEntry(JsonElement entry) =>
        entry.Deserialize(KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>()) ?? throw new JsonException("The attachment entry is null.");
}
