namespace Kazoo.Storage.Plans;

/// <summary>
/// What Kazoo makes of a database name before it resolves a storage plan: the class (<see cref="Kind"/>), the
/// <c>plan</c> section that governs it, and whether the account's own storage documents are consulted. Made by
/// <see cref="Attachments.KazooDatabaseName.Classify"/>.
/// </summary>
public sealed record DatabaseClassification
{
    internal DatabaseClassification(string database, DatabaseKind kind, string? accountId, bool readsAccountStorage, string accountKey)
    {
        Database = database;
        Kind = kind;
        AccountId = accountId;
        ReadsAccountStorage = readsAccountStorage;
        AccountKey = accountKey;
    }

    /// <summary>The database name, as given.</summary>
    public string Database { get; }

    /// <summary>The class.</summary>
    public DatabaseKind Kind { get; }

    /// <summary>
    /// Kazoo's name for the class: <c>account</c>, <c>modb</c>, <c>yodb</c>, <c>resource_selectors</c>, <c>aggregate</c>,
    /// <c>numbers</c>, <c>system</c>, <c>ratedeck</c>, <c>provisioner</c>, <c>deprecated</c>, <c>external</c> or
    /// <c>unknown</c> (Kazoo's <c>undefined</c>).
    /// </summary>
    public string Name => NameOf(Kind);

    /// <summary>
    /// The 32-character account id written in the name (in any of its encodings, lowercase <c>%2f</c> included), or null
    /// when the name holds none.
    /// </summary>
    public string? AccountId { get; }

    /// <summary>
    /// Whether Kazoo finds the account's storage document (and its users' documents) for this database. True for account,
    /// MODB and YODB names written <c>account%2F…</c>, <c>account/…</c> or as the bare id; false for everything else,
    /// including (spec correction 7) <c>…-selectors</c> databases and names written with a lowercase <c>%2f</c>, which
    /// Kazoo cannot turn back into an account id and therefore resolves with the system plan.
    /// </summary>
    public bool ReadsAccountStorage { get; }

    /// <summary>
    /// The <c>plan</c> section that governs the database: <c>account</c> (account and resource selectors), <c>modb</c>,
    /// <c>yodb</c>, <c>aggregate</c> (which falls back to <c>system</c> when the plan has no <c>aggregate</c>), or
    /// <c>system</c> for every other class.
    /// </summary>
    public string PlanSection => Kind switch
    {
        DatabaseKind.Account or DatabaseKind.ResourceSelectors => "account",
        DatabaseKind.Modb => "modb",
        DatabaseKind.Yodb => "yodb",
        DatabaseKind.Aggregate => "aggregate",
        _ => "system",
    };

    /// <summary>Whether the class is one of those an owner (user) storage document can refine: account, MODB or YODB.</summary>
    public bool IsAccountScoped => Kind is DatabaseKind.Account or DatabaseKind.Modb or DatabaseKind.Yodb;

    /// <summary>
    /// The value Kazoo derives as the "account id" of the name, and compares with <c>database.names</c> in a database-level
    /// lookup: the id when <see cref="ReadsAccountStorage"/>, <c>{id}-selectors</c> for a selectors database, else the
    /// database name itself.
    /// </summary>
    internal string AccountKey { get; }

    /// <summary>Kazoo's name for a class (see <see cref="Name"/>).</summary>
    /// <param name="kind">The class.</param>
    public static string NameOf(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Account => "account",
        DatabaseKind.Modb => "modb",
        DatabaseKind.Yodb => "yodb",
        DatabaseKind.ResourceSelectors => "resource_selectors",
        DatabaseKind.Aggregate => "aggregate",
        DatabaseKind.Numbers => "numbers",
        DatabaseKind.System => "system",
        DatabaseKind.Ratedeck => "ratedeck",
        DatabaseKind.Provisioner => "provisioner",
        DatabaseKind.Deprecated => "deprecated",
        DatabaseKind.External => "external",
        _ => "unknown",
    };
}
