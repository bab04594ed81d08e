using System.Security.Cryptography;
using System.Text;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// How a token appears in logs: <c>sha256:</c> and the first 8 hex digits of its SHA-256. Enough to tell two tokens apart
/// or match a log line to a token you hold; useless for calling Crossbar.
/// </summary>
internal static class TokenFingerprint
{
    public static string Of(string token) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 4));
}
