using System.Security.Cryptography;
using System.Text;

namespace Kazoo.Storage.Testing.Identity;

/// <summary>The accounts and users the emulator knows, with the account tree and the users' credential hashes. Thread-safe.</summary>
internal sealed class AccountDirectory
{
    private readonly object _gate = new();
    private readonly Dictionary<string, AccountEntry> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserEntry> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _phoneNumbers = new(StringComparer.Ordinal);

    public AccountDirectory(string masterName)
    {
        var master = new EmulatedAccount(NewId(), masterName, NewApiKey(), null, IsReseller: true);
        _accounts[master.Id] = new AccountEntry(master, []);
        Master = master;
    }

    /// <summary>The super-duper admin account (<c>pvt_superduper_admin</c>), root of the tree.</summary>
    public EmulatedAccount Master { get; }

    public EmulatedAccount AddAccount(string name, string? parentId, bool isReseller)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            var parent = _accounts.GetValueOrDefault(parentId ?? Master.Id)
                ?? throw new ArgumentException("No account has the id '" + parentId + "'.", nameof(parentId));
            var account = new EmulatedAccount(NewId(), name, NewApiKey(), parent.Account.Id, isReseller);
            _accounts[account.Id] = new AccountEntry(account, [.. parent.Tree, parent.Account.Id]);
            return account;
        }
    }

    public EmulatedUser AddUser(string accountId, string username, string password, bool isAdmin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentNullException.ThrowIfNull(password);
        var lowered = username.ToLowerInvariant();
        lock (_gate)
        {
            if (!_accounts.ContainsKey(accountId))
            {
                throw new ArgumentException("No account has the id '" + accountId + "'.", nameof(accountId));
            }

            if (_users.Values.Any(u => u.User.AccountId == accountId && u.User.Username == lowered))
            {
                throw new InvalidOperationException("The account already has a user named '" + lowered + "'.");
            }

            var user = new EmulatedUser(NewId(), accountId, lowered, isAdmin);
            // Kazoo stores the hashes of "username:password" with the username lowercased (spec §9.1).
            var secret = Encoding.UTF8.GetBytes(lowered + ":" + password);
            _users[user.Id] = new UserEntry(user, Convert.ToHexStringLower(MD5.HashData(secret)), Convert.ToHexStringLower(SHA1.HashData(secret)));
            return user;
        }
    }

    public void AddPhoneNumber(string accountId, string phoneNumber)
    {
        lock (_gate)
        {
            if (!_accounts.ContainsKey(accountId))
            {
                throw new ArgumentException("No account has the id '" + accountId + "'.", nameof(accountId));
            }

            _phoneNumbers[NormalizeNumber(phoneNumber)] = accountId;
        }
    }

    public EmulatedAccount? FindAccount(string accountId)
    {
        lock (_gate)
        {
            return _accounts.GetValueOrDefault(accountId)?.Account;
        }
    }

    public EmulatedUser? FindUser(string userId)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(userId)?.User;
        }
    }

    public EmulatedAccount? FindByApiKey(string apiKey)
    {
        lock (_gate)
        {
            return _accounts.Values.Select(a => a.Account).FirstOrDefault(a => a.ApiKey == apiKey);
        }
    }

    /// <summary>Accounts whose name matches as Kazoo compares names (lowercase letters and digits only).</summary>
    public IReadOnlyList<EmulatedAccount> FindByName(string name)
    {
        var wanted = NormalizeName(name);
        lock (_gate)
        {
            return _accounts.Values.Select(a => a.Account).Where(a => NormalizeName(a.Name) == wanted).ToList();
        }
    }

    public IReadOnlyList<EmulatedAccount> FindByRealm(string realm)
    {
        lock (_gate)
        {
            return _accounts.Values.Select(a => a.Account).Where(a => string.Equals(a.Realm, realm, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }

    public IReadOnlyList<EmulatedAccount> FindByPhoneNumber(string number)
    {
        lock (_gate)
        {
            return _phoneNumbers.TryGetValue(NormalizeNumber(number), out var id) ? [_accounts[id].Account] : [];
        }
    }

    /// <summary>The user of one of the accounts whose stored hash (MD5, or SHA-1 for <c>sha</c>) equals the credentials.</summary>
    public EmulatedUser? FindByCredentials(IEnumerable<EmulatedAccount> accounts, string credentials, bool sha1)
    {
        var ids = accounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return _users.Values
                .Where(u => ids.Contains(u.User.AccountId) && string.Equals(sha1 ? u.Sha1 : u.Md5, credentials, StringComparison.Ordinal))
                .Select(u => u.User)
                .FirstOrDefault();
        }
    }

    /// <summary>Whether <paramref name="callerAccountId"/> is the account itself or one of its ancestors (its <c>pvt_tree</c>).</summary>
    public bool IsSelfOrAncestor(string callerAccountId, string accountId)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(accountId, out var entry)
                   && (accountId == callerAccountId || entry.Tree.Contains(callerAccountId));
        }
    }

    /// <summary>The account's reseller: the nearest reseller among the account and its ancestors, else the master account.</summary>
    public string ResellerIdOf(string accountId)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var entry))
            {
                return Master.Id;
            }

            if (entry.Account.IsReseller)
            {
                return accountId;
            }

            for (var i = entry.Tree.Count - 1; i >= 0; i--)
            {
                if (_accounts[entry.Tree[i]].Account.IsReseller)
                {
                    return entry.Tree[i];
                }
            }

            return Master.Id;
        }
    }

    private static string NormalizeName(string name) =>
        new(name.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')).ToArray());

    private static string NormalizeNumber(string number) => new(number.Where(char.IsAsciiDigit).ToArray());

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static string NewApiKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private sealed record AccountEntry(EmulatedAccount Account, IReadOnlyList<string> Tree);

    private sealed record UserEntry(EmulatedUser User, string Md5, string Sha1);
}
