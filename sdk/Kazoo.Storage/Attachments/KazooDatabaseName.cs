using System.Globalization;

namespace Kazoo.Storage.Attachments;

/// <summary>Kazoo's database names for an account, in the encoded form Kazoo uses in URLs and object names.</summary>
public static class KazooDatabaseName
{
    /// <summary>The account database: <c>account%2Fab%2Fcd%2Fefgh…</c> for account id <c>abcdefgh…</c>.</summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    public static string Account(string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (!Crossbar.KazooId.IsValid(accountId))
        {
            throw new ArgumentException("A Kazoo account id is 32 lowercase letters and digits.", nameof(accountId));
        }

        return $"account%2F{accountId[..2]}%2F{accountId[2..4]}%2F{accountId[4..]}";
    }

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
    /// The account database written unencoded, <c>account/ab/cd/efgh…</c>, as some Kazoo code paths (and CouchDB itself)
    /// spell it.
    /// </summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    public static string AccountUnencoded(string accountId) => Account(accountId).Replace("%2F", "/", StringComparison.Ordinal);
}
