using System.Text.Json;

namespace Kazoo.Storage.Testing;

/// <summary>
/// Stands in for Kazoo's settings probe (spec §6) for one kind of backend: Kazoo writes a test file through the attachment
/// entry's handler, reads it back and compares. Return <see cref="ProbeResult.Ok"/> when the backend would accept the
/// settings, or a failure with what the backend answered.
/// </summary>
/// <param name="attachmentId">The key of the entry in <c>attachments</c>.</param>
/// <param name="entry">The entry as validated (schema defaults filled in), without its <c>_</c>- and <c>pvt_</c>-prefixed keys.</param>
/// <param name="cancellationToken">Cancelled when the client goes away or the emulator stops.</param>
public delegate Task<ProbeResult> SettingsProbe(string attachmentId, JsonElement entry, CancellationToken cancellationToken);
