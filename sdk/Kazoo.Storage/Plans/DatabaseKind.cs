namespace Kazoo.Storage.Plans;

/// <summary>
/// The class Kazoo puts a database in before it resolves a storage plan (spec §8.2, <c>kzs_util:db_classification</c>). See
/// <see cref="Attachments.KazooDatabaseName.Classify"/> for the names that fall in each class.
/// </summary>
public enum DatabaseKind
{
    /// <summary>
    /// A name Kazoo does not know (its <c>undefined</c> class). Resolved like <see cref="System"/>: <c>plan.system</c> with
    /// the database name as the type key.
    /// </summary>
    Unknown = 0,

    /// <summary>An account database, <c>account%2Fab%2Fcd%2F…</c>, <c>account/ab/cd/…</c> or the bare 32-character id.</summary>
    Account,

    /// <summary>An account's monthly database (MODB), <c>account%2Fab%2Fcd%2F…-YYYYMM</c>.</summary>
    Modb,

    /// <summary>An account's yearly database (YODB), <c>account%2Fab%2Fcd%2F…-YYYY</c>; it has its own <c>plan.yodb</c> section.</summary>
    Yodb,

    /// <summary>An account's resource selectors database, <c>account%2Fab%2Fcd%2F…-selectors</c>; resolved like an account.</summary>
    ResourceSelectors,

    /// <summary>A database shared by all accounts: <c>accounts</c>, <c>token_auth</c>, <c>sip_auth</c>, <c>faxes</c>, <c>acdc</c>, <c>services</c>, <c>port_requests</c>, <c>webhooks</c>, <c>functions</c>.</summary>
    Aggregate,

    /// <summary>A phone numbers database, <c>numbers%2F…</c>; resolved with <c>plan.system</c> and the type key <c>numbers</c>.</summary>
    Numbers,

    /// <summary>A system database such as <c>system_config</c>, <c>system_data</c>, <c>system_media</c> or <c>system_auth</c>.</summary>
    System,

    /// <summary>A rate deck database, <c>ratedeck</c> or <c>ratedeck%2F…</c>.</summary>
    Ratedeck,

    /// <summary>An account's provisioner database, <c>account%2Fab%2Fcd%2F…-provisioner</c>.</summary>
    Provisioner,

    /// <summary>A database Kazoo no longer uses (<c>ts</c>, <c>sms</c>, <c>registrations</c>, …).</summary>
    Deprecated,

    /// <summary>A CouchDB-owned database (<c>_users</c>, <c>_replicator</c>, <c>_global_changes</c>, …).</summary>
    External,
}
