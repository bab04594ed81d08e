using System.Security.Cryptography;

namespace Kazoo.Storage.TestSupport.Dropbox;

/// <summary>
/// Dropbox's <c>content_hash</c> of stored bytes, computed here independently of the handler: SHA-256 of each 4 MiB block,
/// concatenated, hashed again with SHA-256, as lower-case hex.
/// </summary>
public static class DropboxContentHash
{
    public const int BlockSize = 4 * 1024 * 1024;

    public static string Of(ReadOnlySpan<byte> content)
    {
        using var blocks = new MemoryStream();
        for (var start = 0; start < content.Length; start += BlockSize)
        {
            blocks.Write(SHA256.HashData(content.Slice(start, Math.Min(BlockSize, content.Length - start))));
        }

        return Convert.ToHexStringLower(SHA256.HashData(blocks.ToArray()));
    }
}
