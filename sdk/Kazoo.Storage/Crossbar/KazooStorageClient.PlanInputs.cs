using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Crossbar;

/// <summary>The storage documents a plan is resolved from, read in one call.</summary>
public partial class KazooStorageClient
{
    /// <summary>
    /// Reads the storage documents Kazoo resolves an account's plan from (spec §8.3), for
    /// <see cref="StoragePlanResolver"/> and <see cref="Attachments.AttachmentStore"/>: the system document
    /// (<c>/v2/storage</c>), the account's, and the owner's (<c>…/users/{owner}/storage</c>). A scope without a document
    /// (Kazoo's 404 <c>bad_identifier</c>) is left out, as Kazoo resolves without it.
    /// </summary>
    /// <param name="accountId">The account of the database, or null for a database that belongs to none (then only the system document is read).</param>
    /// <param name="ownerId">The owner (a user of the account) whose document refines the plan, or null.</param>
    /// <param name="includeSystem">
    /// Whether to read the system document. Only the master account may (others get 403): without it, pass false and set
    /// <see cref="StoragePlanInputs.System"/> yourself if the system document matters, else Kazoo's built-in defaults stand
    /// in for it.
    /// </param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The documents, with <see cref="StoragePlanInputs.OwnerAccountId"/> set to <paramref name="accountId"/>.</returns>
    /// <exception cref="ArgumentException">An id is not a Kazoo id, or an owner is given without an account.</exception>
    /// <exception cref="CrossbarException">A document could not be read (for the system document, 403 without the master account's credentials).</exception>
    public virtual async Task<StoragePlanInputs> GetPlanInputsAsync(string? accountId, string? ownerId = null, bool includeSystem = true, CancellationToken cancellationToken = default)
    {
        if (ownerId is not null && accountId is null)
        {
            throw new ArgumentException("An owner's storage document belongs to an account: give the account id too.", nameof(ownerId));
        }

        // The scopes check the ids before anything is sent.
        var account = accountId is null ? null : StorageScope.Account(accountId);
        var owner = ownerId is null ? null : StorageScope.User(accountId!, ownerId);
        var system = includeSystem ? GetOrDefaultAsync(StorageScope.System, cancellationToken) : Task.FromResult<CrossbarResponse<Models.StorageDocument>?>(null);
        var accountDocument = account is null ? Task.FromResult<CrossbarResponse<Models.StorageDocument>?>(null) : GetOrDefaultAsync(account, cancellationToken);
        var ownerDocument = owner is null ? Task.FromResult<CrossbarResponse<Models.StorageDocument>?>(null) : GetOrDefaultAsync(owner, cancellationToken);
        await Task.WhenAll(system, accountDocument, ownerDocument).ConfigureAwait(false);
        return new StoragePlanInputs
        {
            System = (await system.ConfigureAwait(false))?.Value,
            Account = (await accountDocument.ConfigureAwait(false))?.Value,
            Owner = (await ownerDocument.ConfigureAwait(false))?.Value,
            OwnerAccountId = accountId,
        };
    }
}
