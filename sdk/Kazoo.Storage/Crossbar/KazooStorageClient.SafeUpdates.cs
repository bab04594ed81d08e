using Kazoo.Storage.Crossbar.Pipeline;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Crossbar;

/// <summary>Read-modify-write and create-or-replace, built on the single calls.</summary>
public partial class KazooStorageClient
{
    /// <summary>
    /// Changes a storage document without losing what other writers change meanwhile: reads it, applies
    /// <paramref name="change"/>, and sends only the difference as a PATCH (<see cref="StoragePatch.Between"/>), which Kazoo
    /// deep-merges into the document as it is stored when the PATCH arrives. Keys the change removed go as <c>null</c>, which
    /// Kazoo applies as a deletion. Attachment entries the change left alone are not sent, so they keep their <c>_sig</c>s
    /// and key order and Kazoo does not probe their backends again. A 409 starts the round again (read, change, patch), up
    /// to <see cref="KazooStorageClientOptions.MaxUpdateAttempts"/> times.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="change">Returns the wanted document from the current one; may run more than once. Returning an equal document writes nothing.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The saved document (or the current one when nothing changed).</returns>
    /// <exception cref="CrossbarException">404 when there is no document, 400 for validation errors, 409 after the last attempt, or another failure.</exception>
    /// <remarks>
    /// <para><b>Safe:</b> writers that change different keys all keep their changes, whether they share this client or run in
    /// other processes: each adding its own backend, one removing an entry while others add theirs, one editing the plan
    /// while another edits a backend.</para>
    /// <para><b>Still a race:</b> Kazoo's PATCH checks no revision. Two writers that change the same key — the same value, the
    /// same array (arrays are sent whole), or the same attachment entry — are applied in the order Kazoo saves them: the last
    /// wins and the other change is lost without an error. A change worked out from several keys (say, "point the plan at
    /// the backend nobody uses yet") is worked out from the document as read, not as it is when the patch lands. Within
    /// one client, updates of one scope run one at a time, so between callers sharing a client even same-key changes
    /// (a counter, say) are exact.</para>
    /// <para><b>How to tell:</b> read again and apply the same change: <c>StoragePatch.Between(now, change(now)).IsEmpty</c> is
    /// true while your change holds (calling <see cref="UpdateAsync"/> again writes only when it does not). An edit of an
    /// attachment entry that another writer removed meanwhile is not lost quietly: it would recreate the entry in part, and
    /// Kazoo refuses the merged document with 400.</para>
    /// <para>The first PATCH after a create or replace probes the untouched backends once more: Kazoo writes the merged
    /// document with its keys sorted, which changes their signatures (spec Corrections #1). Later PATCHes keep them.</para>
    /// </remarks>
    public virtual async Task<CrossbarResponse<StorageDocument>> UpdateAsync(StorageScope scope, Func<StorageDocument, StorageDocument> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(change);
        var gate = _updateLocks.GetOrAdd(scope, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = await GetAsync(scope, cancellationToken).ConfigureAwait(false);
                var changed = change(current.Value) ?? throw new InvalidOperationException("The change returned no document.");
                var patch = StoragePatch.Between(current.Value, changed);
                if (patch.IsEmpty)
                {
                    return current;
                }

                try
                {
                    return await PatchAsync(scope, patch, cancellationToken).ConfigureAwait(false);
                }
                catch (CrossbarException conflict) when (conflict.IsConflict && attempt < _options.MaxUpdateAttempts)
                {
                    // CouchDB refused Kazoo's save: another write landed between Kazoo's load and save of this PATCH.
                    CrossbarLog.UpdateConflict(_logger, scope, attempt, _options.MaxUpdateAttempts);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * attempt)), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Creates a storage document, or replaces it when it exists: PUT, and on 409 POST (and PUT again should the document
    /// vanish in between). The document is validated once.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="document">The whole document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved document: 201 when created, 200 when replaced.</returns>
    /// <exception cref="CrossbarException">400 for validation errors, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> CreateOrReplaceAsync(StorageScope scope, StorageDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(document);
        var create = new Call(HttpMethod.Put, scope.Route);
        var replace = create with { Method = HttpMethod.Post };
        var json = Serialize(document);
        Validate(scope, json, create);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendAsync(create, json, ValidateSettingsQuery, null, cancellationToken).ConfigureAwait(false);
            }
            catch (CrossbarException exists) when (exists.IsConflict)
            {
                CrossbarLog.CreateConflictReplacing(_logger, scope);
            }

            try
            {
                return await SendAsync(replace, json, ValidateSettingsQuery, null, cancellationToken).ConfigureAwait(false);
            }
            catch (CrossbarException vanished) when (vanished.IsNotFound && vanished.CrossbarMessage == "bad_identifier" && attempt < 3)
            {
                // Deleted between the PUT and the POST: create it again.
            }
        }
    }
}
