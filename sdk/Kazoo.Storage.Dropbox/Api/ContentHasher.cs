using System.Security.Cryptography;

namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// Dropbox's <c>content_hash</c>, computed as the bytes go by: the content is cut into 4 MiB blocks, each block is hashed
/// with SHA-256, and the hex of the SHA-256 of those block hashes (concatenated as bytes) is the content hash. Dropbox
/// answers every upload with the hash of what it stored, so comparing the two proves the bytes arrived intact.
/// </summary>
internal sealed class ContentHasher : IDisposable
{
    private readonly IncrementalHash _block = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _overall = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _inBlock;
    private string? _hex;

    /// <summary>How many bytes were hashed.</summary>
    public long Length { get; private set; }

    /// <summary>Adds the next bytes of the content.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_hex is not null)
        {
            throw new InvalidOperationException("The content hash was already computed.");
        }

        Length += data.Length;
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, DropboxAttachmentHandlerOptions.BlockSize - _inBlock);
            _block.AppendData(data[..take]);
            _inBlock += take;
            data = data[take..];
            if (_inBlock == DropboxAttachmentHandlerOptions.BlockSize)
            {
                CloseBlock();
            }
        }
    }

    /// <summary>Forgets everything hashed so far (the upload starts over from the beginning of the content).</summary>
    public void Reset()
    {
        _block.GetHashAndReset();
        _overall.GetHashAndReset();
        _inBlock = 0;
        Length = 0;
        _hex = null;
    }

    /// <summary>The content hash of everything appended, as lower-case hex; no bytes may be added afterwards.</summary>
    public string ToHex()
    {
        if (_hex is null)
        {
            if (_inBlock > 0)
            {
                CloseBlock();
            }

            _hex = Convert.ToHexStringLower(_overall.GetHashAndReset());
        }

        return _hex;
    }

    public void Dispose()
    {
        _block.Dispose();
        _overall.Dispose();
    }

    private void CloseBlock()
    {
        Span<byte> digest = stackalloc byte[32];
        _block.GetHashAndReset(digest);
        _overall.AppendData(digest);
        _inBlock = 0;
    }
}
