using Kazoo.Storage.Testing.Http;

namespace Kazoo.Storage.Testing.Identity;

/// <summary>
/// Who may use a storage route (spec §2.1). Crossbar asks every authoriser and lets the request through when any says yes,
/// so the answer is cb_simple_authz's rule OR cb_storage's own rule:
/// <list type="bullet">
/// <item>super-duper admin (any token of the master account): everything;</item>
/// <item>cb_simple_authz: a route under <c>/v2/accounts/{A}</c> when the caller's account is A or an ancestor of A, whatever
/// the caller's user level (so also non-admin users, and also the plans of an account that is not a reseller);
/// nothing without an account in the path;</item>
/// <item>cb_storage: account storage for A itself or A's reseller; user storage for A's reseller, an admin of A or that user;
/// plans of A for any caller when A is a reseller (Kazoo checks nothing else);</item>
/// <item>system storage and system plans: only the super-duper admin.</item>
/// </list>
/// </summary>
internal static class Authorizer
{
    public static bool IsAllowed(Session caller, Route route, AccountDirectory directory)
    {
        if (caller.AccountId == directory.Master.Id)
        {
            return true;
        }

        if (route.AccountId is not { } accountId)
        {
            return false;
        }

        return directory.IsSelfOrAncestor(caller.AccountId, accountId) || StorageRule(caller, route, accountId, directory);
    }

    private static bool StorageRule(Session caller, Route route, string accountId, AccountDirectory directory)
    {
        var isOwnAccount = caller.AccountId == accountId;
        var isReseller = directory.ResellerIdOf(accountId) == caller.AccountId;
        return route.Kind switch
        {
            RouteKind.AccountStorage => isReseller || isOwnAccount,
            RouteKind.AccountPlans or RouteKind.AccountPlan => directory.FindAccount(accountId)?.IsReseller == true,
            RouteKind.UserStorage => isReseller
                                     || (isOwnAccount && caller.OwnerId is { } owner && (directory.FindUser(owner)?.IsAdmin == true || owner == route.UserId)),
            _ => false,
        };
    }
}
