using System.Security.Cryptography;

namespace Kazoo.Storage.Benchmarks;

/// <summary>
/// A round trip's download read back: to its end, checked against the source's length and, when asked, its SHA-256, so a
/// contender that loses or corrupts data fails before anything is measured.
/// </summary>
internal static class ReadBack
{
    /// <summary>Reads <paramref name="read"/> to its end through <paramref name="buffer"/> and checks it; returns the bytes read.</summary>
    /// <param name="read">The download.</param>
    /// <param name="buffer">Where each read goes (the round trip's own, so a drain allocates nothing).</param>
    /// <param name="length">The source's length.</param>
    /// <param name="hash">The source's SHA-256 to compare what was read with; null to count only.</param>
    /// <exception cref="InvalidOperationException">Other bytes came back.</exception>
    public static async Task<long> DrainAsync(Stream read, byte[] buffer, long length, byte[]? hash)
    {
        using var sha = hash is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        int n;
        while ((n = await read.ReadAsync(buffer)) > 0)
        {
            sha?.AppendData(buffer, 0, n);
            total += n;
        }

        Check(total, length, sha?.GetHashAndReset(), hash);
        return total;
    }

    /// <summary>Checks what was read: <paramref name="total"/> bytes whose SHA-256 is <paramref name="actualHash"/> (null when not hashed).</summary>
    /// <exception cref="InvalidOperationException">Other bytes came back.</exception>
    public static void Check(long total, long length, byte[]? actualHash, byte[]? hash)
    {
        if (total != length)
        {
            throw new InvalidOperationException($"Read back {total} bytes instead of {length}.");
        }

        if (actualHash is not null && !actualHash.AsSpan().SequenceEqual(hash))
        {
            throw new InvalidOperationException("What was read back differs from the source that was uploaded.");
        }
    }
}
