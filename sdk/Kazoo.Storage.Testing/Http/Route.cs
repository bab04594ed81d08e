namespace Kazoo.Storage.Testing.Http;

/// <summary>The Crossbar routes the emulator answers (spec §2.1 and §9).</summary>
internal enum RouteKind
{
    /// <summary><c>/v2/storage</c>: the system document <c>system</c>.</summary>
    SystemStorage,

    /// <summary><c>/v2/storage/plans</c>.</summary>
    SystemPlans,

    /// <summary><c>/v2/storage/plans/{PLAN_ID}</c>.</summary>
    SystemPlan,

    /// <summary><c>/v2/accounts/{ACCOUNT_ID}/storage</c>: the account's document, id = account id.</summary>
    AccountStorage,

    /// <summary><c>/v2/accounts/{ACCOUNT_ID}/storage/plans</c>: the reseller's plans.</summary>
    AccountPlans,

    /// <summary><c>/v2/accounts/{ACCOUNT_ID}/storage/plans/{PLAN_ID}</c>.</summary>
    AccountPlan,

    /// <summary><c>/v2/accounts/{ACCOUNT_ID}/users/{USER_ID}/storage</c>: the user's document, id = user id.</summary>
    UserStorage,

    /// <summary><c>/v2/api_auth</c>.</summary>
    ApiAuth,

    /// <summary><c>/v2/user_auth</c>.</summary>
    UserAuth,

    /// <summary><c>/v2/token_auth</c>.</summary>
    TokenAuth,

    /// <summary><c>/v2/auth</c> (token refresh).</summary>
    Auth,
}

/// <summary>A parsed request path.</summary>
/// <param name="Kind">Which route.</param>
/// <param name="AccountId">The account in the path, if any.</param>
/// <param name="UserId">The user in the path, if any.</param>
/// <param name="PlanId">The plan in the path, if any.</param>
internal sealed record Route(RouteKind Kind, string? AccountId = null, string? UserId = null, string? PlanId = null)
{
    private static readonly string[] s_documentMethods = ["GET", "PUT", "POST", "PATCH", "DELETE"];
    private static readonly string[] s_listMethods = ["GET", "PUT"];
    private static readonly string[] s_planMethods = ["GET", "POST", "PATCH", "DELETE"];
    private static readonly string[] s_put = ["PUT"];
    private static readonly string[] s_tokenMethods = ["GET", "DELETE"];

    /// <summary>The methods the route answers (cb_storage's <c>allowed_methods</c>).</summary>
    public IReadOnlyList<string> Methods => Kind switch
    {
        RouteKind.SystemStorage or RouteKind.AccountStorage or RouteKind.UserStorage => s_documentMethods,
        RouteKind.SystemPlans or RouteKind.AccountPlans => s_listMethods,
        RouteKind.SystemPlan or RouteKind.AccountPlan => s_planMethods,
        RouteKind.TokenAuth => s_tokenMethods,
        _ => s_put,
    };

    /// <summary>Whether the route is one of the plan routes.</summary>
    public bool IsPlan => Kind is RouteKind.SystemPlans or RouteKind.SystemPlan or RouteKind.AccountPlans or RouteKind.AccountPlan;

    /// <summary>The route for a path such as <c>/v2/accounts/{id}/storage</c>, or null when no loaded module answers it.</summary>
    public static Route? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments[0] != "v2")
        {
            return null;
        }

        return segments[1..] switch
        {
            ["storage"] => new Route(RouteKind.SystemStorage),
            ["storage", "plans"] => new Route(RouteKind.SystemPlans),
            ["storage", "plans", var plan] => new Route(RouteKind.SystemPlan, PlanId: plan),
            ["accounts", var account, "storage"] => new Route(RouteKind.AccountStorage, account),
            ["accounts", var account, "storage", "plans"] => new Route(RouteKind.AccountPlans, account),
            ["accounts", var account, "storage", "plans", var plan] => new Route(RouteKind.AccountPlan, account, PlanId: plan),
            ["accounts", var account, "users", var user, "storage"] => new Route(RouteKind.UserStorage, account, user),
            ["api_auth"] => new Route(RouteKind.ApiAuth),
            ["user_auth"] => new Route(RouteKind.UserAuth),
            ["token_auth"] => new Route(RouteKind.TokenAuth),
            ["auth"] => new Route(RouteKind.Auth),
            _ => null,
        };
    }
}
