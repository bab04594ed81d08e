using System.Security.Cryptography;
using System.Text;
using Kazoo.Storage.Crossbar.Protocol;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// A user's name and password, for <c>PUT /v2/user_auth</c>, and the account they belong to (by name, SIP realm or
/// phone number). Only the hash Kazoo asks for is kept: the lowercase hex MD5 of <c>lowercase(username):password</c>.
/// <see cref="ToString"/> prints the user name and account, never the password or hash.
/// </summary>
public sealed class UserCredentials : CrossbarCredentials
{
    private UserCredentials(string username, string password, string? accountName, string? accountRealm, string? phoneNumber)
        : base("user", canRenew: true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Username = username;
        AccountName = accountName;
        AccountRealm = accountRealm;
        PhoneNumber = phoneNumber;
        // Kazoo stores user names lowercased (kzd_users), so the hash is over the lowercased name.
        CredentialsHash = HashOf(username, password);
    }

    /// <summary>The user name as given.</summary>
    public string Username { get; }

    /// <summary>The account's name, when the account is named that way.</summary>
    public string? AccountName { get; }

    /// <summary>The account's SIP realm, when the account is named that way.</summary>
    public string? AccountRealm { get; }

    /// <summary>One of the account's phone numbers, when the account is named that way.</summary>
    public string? PhoneNumber { get; }

    internal string CredentialsHash { get; }

    /// <summary>A user of the account with this name.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="accountName">The account's name.</param>
    public static UserCredentials ForAccountName(string username, string password, string accountName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        return new(username, password, accountName, null, null);
    }

    /// <summary>A user of the account with this SIP realm.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="accountRealm">The account's SIP realm.</param>
    public static UserCredentials ForAccountRealm(string username, string password, string accountRealm)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountRealm);
        return new(username, password, null, accountRealm, null);
    }

    /// <summary>A user of the account that has this phone number.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="phoneNumber">One of the account's phone numbers.</param>
    public static UserCredentials ForPhoneNumber(string username, string password, string phoneNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumber);
        return new(username, password, null, null, phoneNumber);
    }

    /// <summary>The lowercase hex MD5 of <c>lowercase(username):password</c>, as <c>PUT /v2/user_auth</c> wants it.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    public static string HashOf(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        // Kazoo's user_auth protocol asks for MD5; it is a protocol requirement, not a choice of strength.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(username.ToLowerInvariant() + ":" + password)));
    }

    internal UserAuthRequest ToRequest() => new()
    {
        Credentials = CredentialsHash,
        AccountName = AccountName,
        AccountRealm = AccountRealm,
        PhoneNumber = PhoneNumber,
    };

    /// <summary>The user name and account; the password is masked.</summary>
    public override string ToString()
    {
        var account = AccountName is not null ? "AccountName = " + AccountName
            : AccountRealm is not null ? "AccountRealm = " + AccountRealm
            : "PhoneNumber = " + PhoneNumber;
        return "UserCredentials { Username = " + Username + ", " + account + ", Password = " + SecretMask.Masked + " }";
    }
}
