using Azure.Storage;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>An account name and its shared key, kept out of every cache key, message and <see cref="object.ToString"/>.</summary>
internal sealed class AzureCredentials
{
    private readonly string _key;

    public AzureCredentials(string account, string key)
    {
        Account = account;
        _key = key;
    }

    /// <summary>The storage account name (not a secret).</summary>
    public string Account { get; }

    /// <summary>The Azure SDK's shared-key credential.</summary>
    /// <exception cref="FormatException">The key is not base64.</exception>
    public StorageSharedKeyCredential ToShared() => new(Account, _key);

    /// <summary>Feeds the key to a keyed hash (for the client cache key).</summary>
    /// <param name="write">Receives the key.</param>
    public void WriteTo(Action<string> write) => write(_key);

    /// <summary>Whether the key appears in <paramref name="text"/>.</summary>
    /// <param name="text">Any text.</param>
    public bool AppearsIn(string? text) => !string.IsNullOrEmpty(text) && _key.Length > 0 && text.Contains(_key, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="text"/> with the key replaced by <c>***</c>, and URL secrets (a SAS signature, a password) masked
    /// by <see cref="SecretMask.MaskText"/>.
    /// </summary>
    /// <param name="text">Any text.</param>
    public string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = SecretMask.MaskText(text);
        return _key.Length > 0 ? text.Replace(_key, SecretMask.Masked, StringComparison.Ordinal) : text;
    }

    /// <inheritdoc/>
    public override string ToString() => $"AzureCredentials {{ Account = {Account}, Key = {SecretMask.Masked} }}";
}
