using System.Collections.Frozen;
using System.Text;

namespace Kazoo.Storage.Plans;

/// <summary>
/// Classifies a CouchDB database name the way Kazoo does before it resolves a storage plan (spec §8.2,
/// <c>kzs_util:db_classification</c>).
/// </summary>
/// <remarks>
/// <para>The rules are tried in Kazoo's order; lengths are UTF-8 bytes, and, as in Kazoo, most account patterns check only
/// the length and the fixed parts, not that the id is hexadecimal:</para>
/// <list type="number">
/// <item>Fixed names. External: <c>_users</c>, <c>_dbs</c>, <c>users</c>, <c>dbs</c>, <c>_metadata</c>, <c>_nodes</c>,
/// <c>nodes</c>, <c>_replicator</c>, <c>_global_changes</c>. Deprecated: <c>ts</c>, <c>crossbar_schemas</c>,
/// <c>registrations</c>, <c>crossbar%2Fsessions</c>, <c>sms</c>. System: <c>cccps</c>, <c>alerts</c>, <c>offnet</c>,
/// <c>anonymous_cdrs</c>, <c>dedicated_ips</c>, <c>system_config</c>, <c>system_media</c>, <c>system_schemas</c>,
/// <c>oauth</c>, <c>system_auth</c>, <c>system_data</c>, <c>tasks</c>, <c>pending_notifications</c>. Aggregate:
/// <c>accounts</c>, <c>token_auth</c>, <c>sip_auth</c>, <c>faxes</c>, <c>acdc</c>, <c>services</c>, <c>port_requests</c>,
/// <c>webhooks</c>, <c>functions</c>.</item>
/// <item>Rate decks: <c>ratedeck</c>, and <c>ratedeck/…</c>, <c>ratedeck%2F…</c>, <c>ratedeck%2f…</c>.</item>
/// <item>Numbers: <c>numbers/…</c>, <c>numbers%2F…</c>, <c>numbers%2f…</c>.</item>
/// <item>Resource selectors: <c>{account}-selectors</c> in each account encoding.</item>
/// <item>MODB: <c>account/ab/cd/{28}-YYYYMM</c>, <c>account%2Fab%2Fcd%2F{28}-YYYYMM</c> (also lowercase <c>%2f</c>), or
/// <c>{32}-YYYYMM</c>.</item>
/// <item>YODB: the same shapes with <c>-YYYY</c>.</item>
/// <item>Account: <c>account/</c> + 34 bytes, <c>account%2F</c> or <c>account%2f</c> + 38 bytes, or any 32-byte name.</item>
/// <item>Provisioner: <c>{account}-provisioner</c> in the <c>account/</c>, <c>account%2F</c> and <c>account%2f</c> forms.</item>
/// <item>Anything else is <see cref="DatabaseKind.Unknown"/>.</item>
/// </list>
/// <para>Kazoo recovers the account id only from <c>account/</c>, upper-case <c>account%2F</c> and bare-id names (MODB and YODB
/// included); a <c>…-selectors</c> name or a lowercase <c>%2f</c> name keeps its class but is resolved with the system plan
/// (spec correction 7): see <see cref="DatabaseClassification.ReadsAccountStorage"/>.</para>
/// </remarks>
public static class DatabaseClassifier
{
    private static readonly FrozenDictionary<string, DatabaseKind> Fixed = new Dictionary<string, DatabaseKind>(StringComparer.Ordinal)
    {
        ["_users"] = DatabaseKind.External,
        ["_dbs"] = DatabaseKind.External,
        ["users"] = DatabaseKind.External,
        ["dbs"] = DatabaseKind.External,
        ["_metadata"] = DatabaseKind.External,
        ["_nodes"] = DatabaseKind.External,
        ["nodes"] = DatabaseKind.External,
        ["_replicator"] = DatabaseKind.External,
        ["_global_changes"] = DatabaseKind.External,
        ["ts"] = DatabaseKind.Deprecated,
        ["crossbar_schemas"] = DatabaseKind.Deprecated,
        ["registrations"] = DatabaseKind.Deprecated,
        ["crossbar%2Fsessions"] = DatabaseKind.Deprecated,
        ["sms"] = DatabaseKind.Deprecated,
        ["cccps"] = DatabaseKind.System,
        ["ratedeck"] = DatabaseKind.Ratedeck,
        ["alerts"] = DatabaseKind.System,
        ["offnet"] = DatabaseKind.System,
        ["anonymous_cdrs"] = DatabaseKind.System,
        ["dedicated_ips"] = DatabaseKind.System,
        ["system_config"] = DatabaseKind.System,
        ["system_media"] = DatabaseKind.System,
        ["system_schemas"] = DatabaseKind.System,
        ["oauth"] = DatabaseKind.System,
        ["system_auth"] = DatabaseKind.System,
        ["system_data"] = DatabaseKind.System,
        ["tasks"] = DatabaseKind.System,
        ["pending_notifications"] = DatabaseKind.System,
        ["accounts"] = DatabaseKind.Aggregate,
        ["token_auth"] = DatabaseKind.Aggregate,
        ["sip_auth"] = DatabaseKind.Aggregate,
        ["faxes"] = DatabaseKind.Aggregate,
        ["acdc"] = DatabaseKind.Aggregate,
        ["services"] = DatabaseKind.Aggregate,
        ["port_requests"] = DatabaseKind.Aggregate,
        ["webhooks"] = DatabaseKind.Aggregate,
        ["functions"] = DatabaseKind.Aggregate,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // How an account is written in a database name; the "account" prefix and the separator between id parts.
    private enum Form
    {
        Raw,         // abcd…            (32)
        Unencoded,   // account/ab/cd/…  (8 + 34)
        Encoded,     // account%2Fab%2F… (10 + 38)
        LowerEncoded // account%2fab%2f… (10 + 38): Kazoo classifies it but cannot recover the id
    }

    /// <summary>Classifies <paramref name="database"/> (see the remarks on <see cref="DatabaseClassifier"/>).</summary>
    /// <param name="database">The database name as Kazoo has it, e.g. <c>account%2Fab%2Fcd%2Fefgh…-202401</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public static DatabaseClassification Classify(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Fixed.TryGetValue(database, out var fixedKind))
        {
            return Other(database, fixedKind);
        }

        var name = Encoding.UTF8.GetBytes(database).AsSpan();
        if (name.StartsWith("ratedeck/"u8) || name.StartsWith("ratedeck%2F"u8) || name.StartsWith("ratedeck%2f"u8))
        {
            return Other(database, DatabaseKind.Ratedeck);
        }

        if (name.StartsWith("numbers/"u8) || name.StartsWith("numbers%2F"u8) || name.StartsWith("numbers%2f"u8))
        {
            return Other(database, DatabaseKind.Numbers);
        }

        if (MatchSuffix(name, "-selectors"u8, allowRaw: true) is { } selectors)
        {
            var id = AccountIdOf(name[..^10], selectors);
            // Kazoo's raw_account_id turns a selectors name into "{id}-selectors", which no storage document has.
            var key = id is not null && selectors != Form.LowerEncoded ? id + "-selectors" : database;
            return new DatabaseClassification(database, DatabaseKind.ResourceSelectors, id, readsAccountStorage: false, key);
        }

        if (MatchDated(name, 6) is { } modb)
        {
            return Account(database, DatabaseKind.Modb, AccountIdOf(name[..^7], modb), modb);
        }

        if (MatchDated(name, 4) is { } yodb)
        {
            return Account(database, DatabaseKind.Yodb, AccountIdOf(name[..^5], yodb), yodb);
        }

        if (FormOf(name, allowRaw: true) is { } account)
        {
            return Account(database, DatabaseKind.Account, AccountIdOf(name, account), account);
        }

        if (MatchSuffix(name, "-provisioner"u8, allowRaw: false) is not null)
        {
            return Other(database, DatabaseKind.Provisioner);
        }

        return Other(database, DatabaseKind.Unknown);
    }

    private static DatabaseClassification Other(string database, DatabaseKind kind) =>
        new(database, kind, accountId: null, readsAccountStorage: false, database);

    private static DatabaseClassification Account(string database, DatabaseKind kind, string? accountId, Form form)
    {
        var reads = accountId is not null && form != Form.LowerEncoded;
        return new DatabaseClassification(database, kind, accountId, reads, reads ? accountId! : database);
    }

    // "{account}{suffix}" in any account form.
    private static Form? MatchSuffix(ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, bool allowRaw) =>
        name.EndsWith(suffix) ? FormOf(name[..^suffix.Length], allowRaw) : null;

    // "{account}-{digits}" with a date part of the given length; Kazoo checks only the length of the date part. The
    // encoded and unencoded forms must have their separators in place (Kazoo's MODB patterns spell them out).
    private static Form? MatchDated(ReadOnlySpan<byte> name, int dateLength)
    {
        if (name.Length <= dateLength + 1 || name[^(dateLength + 1)] != (byte)'-')
        {
            return null;
        }

        var account = name[..^(dateLength + 1)];
        return FormOf(account, allowRaw: true) is { } form && (form == Form.Raw || SplitId(account, form) is not null) ? form : null;
    }

    // Which account form the bytes have, by prefix and length alone.
    private static Form? FormOf(ReadOnlySpan<byte> account, bool allowRaw)
    {
        if (account.Length == 8 + 34 && account.StartsWith("account/"u8))
        {
            return Form.Unencoded;
        }

        if (account.Length == 10 + 38 && account.StartsWith("account%2F"u8))
        {
            return Form.Encoded;
        }

        if (account.Length == 10 + 38 && account.StartsWith("account%2f"u8))
        {
            return Form.LowerEncoded;
        }

        return allowRaw && account.Length == 32 ? Form.Raw : null;
    }

    private static string? AccountIdOf(ReadOnlySpan<byte> account, Form form) =>
        form == Form.Raw ? Encoding.UTF8.GetString(account) : SplitId(account, form);

    // "account/ab/cd/{28}" or "account%2Fab%2Fcd%2F{28}" (either case) → "abcd{28}".
    private static string? SplitId(ReadOnlySpan<byte> account, Form form)
    {
        ReadOnlySpan<byte> separator = form switch
        {
            Form.Unencoded => "/"u8,
            Form.Encoded => "%2F"u8,
            _ => "%2f"u8,
        };
        var rest = account[(form == Form.Unencoded ? 8 : 10)..];
        var s = separator.Length;
        if (rest.Length != 2 + s + 2 + s + 28
            || !rest.Slice(2, s).SequenceEqual(separator)
            || !rest.Slice(4 + s, s).SequenceEqual(separator))
        {
            return null;
        }

        return Encoding.UTF8.GetString(rest[..2]) + Encoding.UTF8.GetString(rest.Slice(2 + s, 2)) + Encoding.UTF8.GetString(rest[(4 + 2 * s)..]);
    }
}
