using System.Security.Cryptography;
using System.Text;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Kazoo's settings probe for one backend (spec §6.1), run from the SDK before a document is sent: write
/// <c>{R}_test_credentials_file.txt</c> with the text <c>some random content: {R}</c> (R = 32 random hex digits) through the
/// handler, where Kazoo would put it for the account's current-month MODB (or <c>system_data</c>), read it back and compare.
/// Unlike Kazoo, the probe then deletes its test file, unless the probe was cancelled (or timed out) before it got there.
/// </summary>
public static class AttachmentProbe
{
    /// <summary>Probes <paramref name="backend"/> through <paramref name="handler"/>.</summary>
    /// <param name="handler">The handler for the backend's kind.</param>
    /// <param name="backend">The <c>attachments</c> entry to test.</param>
    /// <param name="accountId">The account the document belongs to, or null for the system document.</param>
    /// <param name="timeProvider">The clock that picks the MODB month; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The outcome; a backend failure is reported, not thrown.</returns>
    public static async Task<AttachmentProbeResult> ProbeAsync(
        IAttachmentHandler handler,
        StorageAttachmentsEntry backend,
        string? accountId = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(backend);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var database = accountId is null ? "system_data" : KazooDatabaseName.Modb(accountId, now.Year, now.Month);
        var location = new AttachmentLocation(database, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), random + "_test_credentials_file.txt")
        {
            AccountId = accountId ?? "system_data",
        };
        var expected = Encoding.UTF8.GetBytes("some random content: " + random);
        StoredAttachment? stored = null;
        try
        {
            using (var content = new MemoryStream(expected, writable: false))
            {
                stored = await handler.PutAsync(backend, location, content, "text/plain", cancellationToken).ConfigureAwait(false);
            }

            byte[] actual;
            var read = await handler.OpenReadAsync(backend, stored, cancellationToken).ConfigureAwait(false);
            await using (read.ConfigureAwait(false))
            {
                using var copy = new MemoryStream();
                await read.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                actual = copy.ToArray();
            }

            if (!actual.AsSpan().SequenceEqual(expected))
            {
                return new AttachmentProbeResult(stored, new AttachmentHandlerException(handler.Kind, 500, "invalid_data"));
            }

            return new AttachmentProbeResult(stored, null);
        }
        catch (AttachmentHandlerException failure)
        {
            return new AttachmentProbeResult(stored ?? handler.Locate(backend, location), failure);
        }
        finally
        {
            if (stored is not null)
            {
                try
                {
                    // Bounded by the caller's token: a backend that stopped answering must not hold the probe up for ever.
                    await handler.DeleteAsync(backend, stored, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AttachmentHandlerException or OperationCanceledException)
                {
                    // Kazoo leaves the test file behind anyway; a backend that refuses deletes must still pass the probe.
                }
            }
        }
    }
}

/// <summary>The outcome of <see cref="AttachmentProbe.ProbeAsync"/>.</summary>
/// <param name="TestFile">Where the test file was (or would have been) written.</param>
/// <param name="Failure">Why the backend failed, or null when it passed.</param>
public sealed record AttachmentProbeResult(StoredAttachment TestFile, AttachmentHandlerException? Failure)
{
    /// <summary>Whether the backend stored the test file and gave the same bytes back.</summary>
    public bool Success => Failure is null;
}
