using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Kazoo's database names, built and read in one place: the names of an account's databases (in the encoded form Kazoo
/// uses in URLs and object names, or unencoded), and the class Kazoo puts any database name in before it resolves a
/// storage plan (<see cref="Classify"/>).
/// </summary>
/// <remarks>
/// <para><see cref="Classify"/> tries the rules in Kazoo's order; lengths are UTF-8 bytes, and, as in Kazoo, most account
/// patterns check only the length and the fixed parts, not that the id is hexadecimal:</para>
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
public static class KazooDatabaseName
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

    // How an account is written in a database name: "account", a separator, two characters of the id, a separator, two
    // more, a separator and the last 28; or the bare 32-character id. The builders write Encoded and Unencoded; the
    // classifier reads all four.
    private enum Form
    {
        Raw,         // abcd…            (32)
        Unencoded,   // account/ab/cd/…  (8 + 34)
        Encoded,     // account%2Fab%2F… (10 + 38)
        LowerEncoded // account%2fab%2f… (10 + 38): Kazoo classifies it but cannot recover the id
    }

    /// <summary>The account database: <c>account%2Fab%2Fcd%2Fefgh…</c> for account id <c>abcdefgh…</c>.</summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    public static string Account(string accountId) => Write(accountId, Form.Encoded);

    /// <summary>
    /// The account database written unencoded, <c>account/ab/cd/efgh…</c>, as some Kazoo code paths (and CouchDB itself)
    /// spell it.
    /// </summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    public static string AccountUnencoded(string accountId) => Write(accountId, Form.Unencoded);

    /// <summary>The account's monthly database (MODB): <c>account%2Fab%2Fcd%2Fefgh…-YYYYMM</c>.</summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    /// <param name="year">The year, 1 to 9999 (Kazoo's name has room for four digits).</param>
    /// <param name="month">The month, 1 to 12.</param>
    public static string Modb(string accountId, int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return Yodb(accountId, year) + month.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>The account's yearly database (YODB): <c>account%2Fab%2Fcd%2Fefgh…-YYYY</c>.</summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    /// <param name="year">The year, 1 to 9999.</param>
    public static string Yodb(string accountId, int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        return Account(accountId) + "-" + year.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>The account's resource selectors database: <c>account%2Fab%2Fcd%2Fefgh…-selectors</c>.</summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    public static string ResourceSelectors(string accountId) => Account(accountId) + "-selectors";

    /// <summary>
    /// Classifies <paramref name="database"/> the way Kazoo does before it resolves a storage plan (spec §8.2,
    /// <c>kzs_util:db_classification</c>; the rules are in the remarks on <see cref="KazooDatabaseName"/>).
    /// </summary>
    /// <param name="database">The database name as Kazoo has it, e.g. <c>account%2Fab%2Fcd%2Fefgh…-202401</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public static DatabaseClassification Classify(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Fixed.TryGetValue(database, out var fixedKind))
        {
            return NotInAccount(database, fixedKind);
        }

        var name = Encoding.UTF8.GetBytes(database).AsSpan();
        if (name.StartsWith("ratedeck/"u8) || name.StartsWith("ratedeck%2F"u8) || name.StartsWith("ratedeck%2f"u8))
        {
            return NotInAccount(database, DatabaseKind.Ratedeck);
        }

        if (name.StartsWith("numbers/"u8) || name.StartsWith("numbers%2F"u8) || name.StartsWith("numbers%2f"u8))
        {
            return NotInAccount(database, DatabaseKind.Numbers);
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
            return InAccount(database, DatabaseKind.Modb, AccountIdOf(name[..^7], modb), modb);
        }

        if (MatchDated(name, 4) is { } yodb)
        {
            return InAccount(database, DatabaseKind.Yodb, AccountIdOf(name[..^5], yodb), yodb);
        }

        if (FormOf(name, allowRaw: true) is { } account)
        {
            return InAccount(database, DatabaseKind.Account, AccountIdOf(name, account), account);
        }

        if (MatchSuffix(name, "-provisioner"u8, allowRaw: false) is not null)
        {
            return NotInAccount(database, DatabaseKind.Provisioner);
        }

        return NotInAccount(database, DatabaseKind.Unknown);
    }

    private static DatabaseClassification NotInAccount(string database, DatabaseKind kind) =>
        new(database, kind, accountId: null, readsAccountStorage: false, database);

    private static DatabaseClassification InAccount(string database, DatabaseKind kind, string? accountId, Form form)
    {
        var reads = accountId is not null && form != Form.LowerEncoded;
        return new DatabaseClassification(database, kind, accountId, reads, reads ? accountId! : database);
    }

    // The builders' one check of an account id (the classifier, as Kazoo, checks lengths and separators only).
    private static bool IsAccountId(string id) => Crossbar.KazooId.IsValid(id);

    private static string Write(string accountId, Form form)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (!IsAccountId(accountId))
        {
            throw new ArgumentException("A Kazoo account id is 32 lowercase letters and digits.", nameof(accountId));
        }

        var separator = Separator(form);
        return "account" + separator + accountId[..2] + separator + accountId[2..4] + separator + accountId[4..];
    }

    private static string Separator(Form form) => form switch
    {
        Form.Unencoded => "/",
        Form.Encoded => "%2F",
        Form.LowerEncoded => "%2f",
        _ => string.Empty,
    };

    // "account" and three separators around the id's 2 + 2 + 28 characters.
    private static int LengthOf(Form form) => "account".Length + 3 * Separator(form).Length + 32;

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

    // Which account form the bytes have, by the "account" prefix with its first separator and the length alone.
    private static Form? FormOf(ReadOnlySpan<byte> account, bool allowRaw)
    {
        foreach (var form in (ReadOnlySpan<Form>)[Form.Unencoded, Form.Encoded, Form.LowerEncoded])
        {
            if (account.Length == LengthOf(form) && Is(account[..7], "account") && Is(account.Slice(7, Separator(form).Length), Separator(form)))
            {
                return form;
            }
        }

        return allowRaw && account.Length == 32 ? Form.Raw : null;
    }

    private static string? AccountIdOf(ReadOnlySpan<byte> account, Form form) =>
        form == Form.Raw ? Encoding.UTF8.GetString(account) : SplitId(account, form);

    // "account/ab/cd/{28}" or "account%2Fab%2Fcd%2F{28}" (either case) → "abcd{28}": the id, when every separator is in place.
    private static string? SplitId(ReadOnlySpan<byte> account, Form form)
    {
        var separator = Separator(form);
        var s = separator.Length;
        var rest = account[("account".Length + s)..];
        if (rest.Length != 2 + s + 2 + s + 28 || !Is(rest.Slice(2, s), separator) || !Is(rest.Slice(4 + s, s), separator))
        {
            return null;
        }

        return Encoding.UTF8.GetString(rest[..2]) + Encoding.UTF8.GetString(rest.Slice(2 + s, 2)) + Encoding.UTF8.GetString(rest[(4 + 2 * s)..]);
    }

    // Whether UTF-8 bytes spell an ASCII text exactly.
    private static bool Is(ReadOnlySpan<byte> bytes, string ascii) => Ascii.Equals(bytes, ascii);
}
