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
        if (accountId.Length != 32 || !accountId.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)))
        {
            throw new ArgumentException("A Kazoo account id is 32 lowercase letters and digits.", nameof(accountId));
        }

        return $"account%2F{accountId[..2]}%2F{accountId[2..4]}%2F{accountId[4..]}";
    }

    /// <summary>The account's monthly database (MODB): <c>account%2Fab%2Fcd%2Fefgh…-YYYYMM</c>.</summary>
    /// <param name="accountId">A 32-character Kazoo id.</param>
    /// <param name="year">The year.</param>
    /// <param name="month">The month, 1 to 12.</param>
    public static string Modb(string accountId, int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        return Account(accountId) + "-" + year.ToString("D4", CultureInfo.InvariantCulture) + month.ToString("D2", CultureInfo.InvariantCulture);
    }
}
