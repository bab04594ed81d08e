using Kazoo.Storage.Crossbar.Pipeline;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Crossbar;

/// <summary>Read-modify-write and create-or-replace, built on the single calls.</summary>
public partial class KazooStorageClient
{
    /// <summary>
    /// Changes a storage document safely: reads it, applies <paramref name="change"/>, and replaces it with POST. The
    /// document keeps what the read gave it — the attachments' <c>_sig</c>s (so unchanged backends are not probed again),
    /// unknown keys and key order. A 409 starts the round again, up to
    /// <see cref="KazooStorageClientOptions.MaxUpdateAttempts"/> times. Updates of one scope through this client run one
    /// at a time, so concurrent callers never overwrite each other's changes.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="change">Returns the wanted document from the current one; may run more than once. Returning an equal document writes nothing.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The saved document (or the current one when nothing changed).</returns>
    /// <exception cref="CrossbarException">404 when there is no document, 400 for validation errors, 409 after the last attempt, or another failure.</exception>
    /// <remarks>
    /// Kazoo's POST does not check the revision that was read (it saves over whatever is stored), so writers in other
    /// processes can still interleave with this one; within one client, updates are serialized per scope.
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
                if (changed.Equals(current.Value))
                {
                    return current;
                }

                try
                {
                    return await ReplaceAsync(scope, changed, cancellationToken).ConfigureAwait(false);
                }
                catch (CrossbarException conflict) when (conflict.IsConflict && attempt < _options.MaxUpdateAttempts)
                {
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
        var create = "PUT " + scope.Path;
        var replace = "POST " + scope.Path;
        var body = Body(scope, document, create);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CreateCoreAsync(scope, body, create, cancellationToken).ConfigureAwait(false);
            }
            catch (CrossbarException exists) when (exists.IsConflict)
            {
                CrossbarLog.CreateConflictReplacing(_logger, scope);
            }

            try
            {
                return await ReplaceCoreAsync(scope, body, replace, cancellationToken).ConfigureAwait(false);
            }
            catch (CrossbarException vanished) when (vanished.IsNotFound && vanished.CrossbarMessage == "bad_identifier" && attempt < 3)
            {
                // Deleted between the PUT and the POST: create it again.
            }
        }
    }
}
