using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// The SDK clients a handler keeps, one per distinct endpoint, settings and credentials, each made once. A client's key is a
/// salted HMAC of what makes it differ, so no secret is ever kept as a plain dictionary key. Compiled from one source file
/// into each package that caches clients.
/// </summary>
/// <typeparam name="TClient">The client type.</typeparam>
internal sealed class ClientCache<TClient>
    where TClient : class
{
    private readonly ConcurrentDictionary<string, Lazy<TClient>> _clients = new(StringComparer.Ordinal);
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);

    /// <summary>How many distinct clients are kept.</summary>
    public int Count => _clients.Count;

    /// <summary>The client for the values <paramref name="identify"/> writes, in order; made by <paramref name="create"/> the first time.</summary>
    public TClient GetOrAdd(Action<Action<string>> identify, Func<TClient> create)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _salt);
        identify(value =>
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            hmac.AppendData(BitConverter.GetBytes(bytes.Length));
            hmac.AppendData(bytes);
        });
        return _clients.GetOrAdd(Convert.ToBase64String(hmac.GetHashAndReset()), _ => new Lazy<TClient>(create)).Value;
    }

    /// <summary>Forgets every client; answers those that were made, to be disposed.</summary>
    public IReadOnlyList<TClient> Clear()
    {
        var made = _clients.Values.Where(client => client.IsValueCreated).Select(client => client.Value).ToArray();
        _clients.Clear();
        return made;
    }
}
