using System.Buffers;
using System.Collections;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Kazoo's settings probe (spec §6) over a whole storage document, run from the SDK before the document is sent: every
/// backend in <c>attachments</c> gets a test file written, read back and compared (<see cref="AttachmentProbe"/>) through the
/// registered <see cref="IAttachmentHandler"/> for its kind (picked by <see cref="AttachmentHandlerSet"/>, as
/// <see cref="AttachmentStore"/> picks it), several backends at a time. The report says, per backend, whether
/// it passed, how it failed, or why it was not probed, and gives the failures as the 400 Crossbar would answer
/// (<see cref="StorageDocumentProbeReport.ToValidationErrors"/>).
/// </summary>
/// <example>
/// <code>
/// var probe = new StorageDocumentProbe(services.GetServices&lt;IAttachmentHandler&gt;());
/// var report = await probe.ProbeAsync(document, accountId, cancellationToken);
/// if (!report.ToValidationErrors().IsValid) { /* show the errors; do not send the document */ }
/// </code>
/// </example>
public sealed class StorageDocumentProbe
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly AttachmentHandlerSet _handlers;
    private readonly StorageDocumentProbeOptions _options;

    /// <summary>Creates the probe.</summary>
    /// <param name="handlers">
    /// The handlers, picked per entry as <see cref="AttachmentHandlerSet"/> picks them: the last one registered for the
    /// entry's <c>handler</c> kind that can serve it (as dependency injection resolves a single service).
    /// </param>
    /// <param name="options">How the probe runs; the defaults when null.</param>
    public StorageDocumentProbe(IEnumerable<IAttachmentHandler> handlers, StorageDocumentProbeOptions? options = null)
    {
        _handlers = new AttachmentHandlerSet(handlers);
        _options = options ?? new StorageDocumentProbeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrency, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(_options.TimeProvider, nameof(options));
        if (_options.Timeout != Timeout.InfiniteTimeSpan && _options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The probe's timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>Probes every backend of <paramref name="document"/>.</summary>
    /// <param name="document">The storage document.</param>
    /// <param name="accountId">
    /// The account the document belongs to (an account's or a user's document: the test file goes where Kazoo would put it
    /// for the account's current-month MODB), or null for the system document (<c>system_data</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the probes still running.</param>
    /// <returns>One result per entry of <c>attachments</c>, in the document's order; backend failures are reported, not thrown.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountId"/> is not a Kazoo account id (32 lowercase letters and digits).</exception>
    public async Task<StorageDocumentProbeReport> ProbeAsync(StorageDocument document, string? accountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (accountId is not null)
        {
            // Once, as the caller's mistake; inside each backend's probe it would look like that backend's failure.
            KazooDatabaseName.Account(accountId);
        }

        var entries = document.Attachments?.ToArray() ?? [];
        var results = new AttachmentBackendProbeResult[entries.Length];
        using var gate = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);

        async Task RunAsync(int index)
        {
            var (id, entry) = entries[index];
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                results[index] = await ProbeEntryAsync(id, entry, accountId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, entries.Length).Select(RunAsync)).ConfigureAwait(false);
        return new StorageDocumentProbeReport(results);
    }

    /// <summary>
    /// The <c>_sig</c> Kazoo writes into an attachment entry after a successful probe (spec §6.3): the lowercase hex MD5 of
    /// the entry's public members as compact UTF-8 JSON, in their order. Public members leave out every <c>_*</c> and
    /// <c>pvt_*</c> key and <c>id</c>: Kazoo's <c>kz_doc:public_fields/1</c> sets <c>id</c> to null, which deletes the key.
    /// An entry whose <c>_sig</c> equals this value is not probed again by Kazoo.
    /// </summary>
    /// <param name="entry">The entry, as read (its member order counts).</param>
    public static string ComputeSignature(StorageAttachmentsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeSignature(JsonSerializer.SerializeToElement(entry, KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>()));
    }

    /// <inheritdoc cref="ComputeSignature(StorageAttachmentsEntry)"/>
    /// <param name="entry">The entry's JSON object, as stored (its member order counts).</param>
    /// <exception cref="ArgumentException"><paramref name="entry"/> is not a JSON object.</exception>
    public static string ComputeSignature(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("An attachment entry is a JSON object, not " + entry.ValueKind + ".", nameof(entry));
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            foreach (var member in entry.EnumerateObject())
            {
                if (member.Name != "id" && !member.Name.StartsWith('_') && !member.Name.StartsWith("pvt_", StringComparison.Ordinal))
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(MD5.HashData(buffer.WrittenSpan));
    }

    private static string Describe(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private async Task<AttachmentBackendProbeResult> ProbeEntryAsync(string id, StorageAttachmentsEntry? entry, string? accountId, CancellationToken cancellationToken)
    {
        var kind = entry?.Handler ?? string.Empty;
        if (entry is null)
        {
            return new AttachmentBackendProbeResult(id, kind, AttachmentBackendProbeOutcome.Unsupported, TimeSpan.Zero);
        }

        if (_options.SkipSignedEntries
            && entry.ExtensionData.TryGetValue("_sig", out var sig)
            && sig.ValueKind == JsonValueKind.String
            && sig.GetString() == ComputeSignature(entry))
        {
            return new AttachmentBackendProbeResult(id, kind, AttachmentBackendProbeOutcome.Skipped, TimeSpan.Zero);
        }

        var handler = _handlers.Find(entry);
        if (handler is null)
        {
            var outcome = entry is UnknownStorageAttachmentsEntry ? AttachmentBackendProbeOutcome.Unsupported : AttachmentBackendProbeOutcome.NoHandler;
            return new AttachmentBackendProbeResult(id, kind, outcome, TimeSpan.Zero);
        }

        var clock = _options.TimeProvider;
        var started = clock.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_options.Timeout);
        }

        try
        {
            var result = await AttachmentProbe.ProbeAsync(handler, entry, accountId, clock, timeout.Token).ConfigureAwait(false);
            return new AttachmentBackendProbeResult(
                id,
                kind,
                result.Success ? AttachmentBackendProbeOutcome.Passed : AttachmentBackendProbeOutcome.Failed,
                clock.GetElapsedTime(started))
            {
                Failure = result.Failure,
                TestFile = result.TestFile,
            };
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Kazoo's words for a backend that does not answer, and how long it was given.
            return new AttachmentBackendProbeResult(id, kind, AttachmentBackendProbeOutcome.Failed, clock.GetElapsedTime(started))
            {
                Failure = new AttachmentHandlerException(kind, 500, "Socket error: timeout (no answer within " + Describe(_options.Timeout) + ")", null, ex),
            };
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A handler that fails in an unexpected way (bad settings, a bug) fails its backend, as Kazoo's probe would, with
            // Kazoo's default code; the other backends are still probed.
            return new AttachmentBackendProbeResult(id, kind, AttachmentBackendProbeOutcome.Failed, clock.GetElapsedTime(started))
            {
                Failure = new AttachmentHandlerException(kind, 500, ex.Message, null, ex),
            };
        }
    }
}

/// <summary>How a <see cref="StorageDocumentProbe"/> runs.</summary>
public sealed record StorageDocumentProbeOptions
{
    /// <summary>How many backends are probed at the same time; 4 by default.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>
    /// How long one backend's probe may take, its test file written, read back and deleted; 30 s by default (the test file
    /// is a few dozen bytes). A backend that has not finished by then fails with <c>Socket error: timeout</c>.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> leaves it to the handlers' own timeouts.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether an entry whose <c>_sig</c> equals its current signature is skipped, as Kazoo skips it. Off by default: the SDK
    /// probes every backend, since a backend that passed once may have changed since.
    /// </summary>
    public bool SkipSignedEntries { get; init; }

    /// <summary>The clock for the elapsed times and for the MODB month the test file is named after.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>What happened to one backend in a <see cref="StorageDocumentProbe"/>.</summary>
public enum AttachmentBackendProbeOutcome
{
    /// <summary>The test file was stored and read back unchanged.</summary>
    Passed,

    /// <summary>The backend refused, failed, or gave different bytes back (<c>invalid_data</c>).</summary>
    Failed,

    /// <summary>No registered handler serves this kind; Kazoo will probe it when the document is sent.</summary>
    NoHandler,

    /// <summary>A kind these schemas do not know (<see cref="UnknownStorageAttachmentsEntry"/>); Kazoo's validation refuses it.</summary>
    Unsupported,

    /// <summary>The entry's <c>_sig</c> matches (only with <see cref="StorageDocumentProbeOptions.SkipSignedEntries"/>).</summary>
    Skipped,
}

/// <summary>The outcome for one backend of a storage document.</summary>
/// <param name="AttachmentId">The entry's key in <c>attachments</c>.</param>
/// <param name="Kind">The entry's <c>handler</c> (<c>s3</c>, <c>http</c>, …).</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Elapsed">How long the probe took; zero when it did not run.</param>
public sealed record AttachmentBackendProbeResult(string AttachmentId, string Kind, AttachmentBackendProbeOutcome Outcome, TimeSpan Elapsed)
{
    /// <summary>Why the backend failed (<see cref="AttachmentBackendProbeOutcome.Failed"/>), in Kazoo's <c>invalid</c> shape.</summary>
    public AttachmentHandlerException? Failure { get; init; }

    /// <summary>Where the test file was (or would have been) written, when the probe ran.</summary>
    public StoredAttachment? TestFile { get; init; }

    /// <summary>A one-line description of the outcome (never a secret).</summary>
    public string Message => Outcome switch
    {
        AttachmentBackendProbeOutcome.Passed => "passed",
        AttachmentBackendProbeOutcome.Failed => Failure?.Reason ?? "failed",
        AttachmentBackendProbeOutcome.NoHandler => "no handler registered for kind " + Kind,
        AttachmentBackendProbeOutcome.Unsupported => "kind " + (Kind.Length == 0 ? "(none)" : Kind) + " is not supported",
        _ => "skipped: _sig matches",
    };

    /// <summary>The id, kind and outcome.</summary>
    public override string ToString() => AttachmentId + " (" + Kind + "): " + Message;
}

/// <summary>The outcome of a <see cref="StorageDocumentProbe"/>: one result per backend, in the document's order.</summary>
public sealed class StorageDocumentProbeReport : IReadOnlyList<AttachmentBackendProbeResult>
{
    private readonly AttachmentBackendProbeResult[] _results;

    internal StorageDocumentProbeReport(AttachmentBackendProbeResult[] results) => _results = results;

    /// <inheritdoc/>
    public int Count => _results.Length;

    /// <inheritdoc/>
    public AttachmentBackendProbeResult this[int index] => _results[index];

    /// <summary>Whether no backend failed (backends that were not probed do not count as failures).</summary>
    public bool Succeeded => _results.All(r => r.Outcome != AttachmentBackendProbeOutcome.Failed);

    /// <summary>The result for one entry, or null.</summary>
    /// <param name="attachmentId">The entry's key in <c>attachments</c>.</param>
    public AttachmentBackendProbeResult? this[string attachmentId] =>
        Array.Find(_results, r => string.Equals(r.AttachmentId, attachmentId, StringComparison.Ordinal));

    /// <summary>
    /// The failures as Kazoo's <c>validate_settings</c> reports them in its 400: path <c>attachments.{id}</c>, code
    /// <c>invalid</c>, detail <c>{error_code, error_body, message}</c> (a read-back mismatch has message
    /// <c>invalid_data</c>). Backends that were not probed give no error: Kazoo probes those itself (or, for an unknown kind,
    /// its schema validation refuses the entry).
    /// </summary>
    public ValidationErrors ToValidationErrors()
    {
        var errors = _results
            .Where(r => r.Outcome == AttachmentBackendProbeOutcome.Failed && r.Failure is not null)
            .Select(r => r.Failure!.ToValidationError(r.AttachmentId))
            .ToArray();
        return errors.Length == 0 ? ValidationErrors.None : new ValidationErrors(errors);
    }

    /// <inheritdoc/>
    public IEnumerator<AttachmentBackendProbeResult> GetEnumerator() => ((IEnumerable<AttachmentBackendProbeResult>)_results).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
