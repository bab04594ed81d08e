using System.Security.Cryptography;
using System.Text;

namespace Kazoo.Storage.Testing.Identity;

/// <summary>
/// Issues and checks tokens. Like Kazoo's JWTs (spec §9.3) a token's expiry is fixed when it is issued (now + the lifetime,
/// on the emulator's clock) and use does not extend it. Tokens are JWT-shaped (<c>header.claims.signature</c>, base64url)
/// but only this issuer can tell a valid one: clients must treat them as opaque.
/// </summary>
internal sealed class TokenIssuer
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public TokenIssuer(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public Session Issue(string accountId, string? ownerId, string method)
    {
        var now = _time.GetUtcNow();
        var expires = now + _lifetime;
        var header = Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        var claims = Base64Url(
            "{\"account_id\":\"" + accountId + "\""
            + (ownerId is null ? string.Empty : ",\"owner_id\":\"" + ownerId + "\"")
            + ",\"method\":\"" + method + "\""
            + ",\"iat\":" + now.ToUnixTimeSeconds()
            + ",\"exp\":" + expires.ToUnixTimeSeconds()
            + ",\"jti\":\"" + Guid.NewGuid().ToString("N") + "\"}");
        var signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var session = new Session(header + "." + claims + "." + signature, accountId, ownerId, method, expires);
        lock (_gate)
        {
            _sessions[session.Token] = session;
        }

        return session;
    }

    /// <summary>The token's session, or null when the token is unknown, revoked or expired.</summary>
    public Session? Validate(string token)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(token, out var session))
            {
                return null;
            }

            if (_time.GetUtcNow() >= session.ExpiresAt)
            {
                _sessions.Remove(token);
                return null;
            }

            return session;
        }
    }

    public void Revoke(string token)
    {
        lock (_gate)
        {
            _sessions.Remove(token);
        }
    }

    public void RevokeAll()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
