using Azure.Storage.Blobs;

namespace Kazoo.Storage.Azure;

/// <summary>
/// Options for <see cref="AzureAttachmentHandler"/>: where an account's blob endpoint is, the storage API version, how
/// uploads are cut into blocks, and how requests are retried. With dependency injection they come from
/// <c>services.AddKazooAzureAttachmentHandler(…)</c>; otherwise pass them to the constructor. The account, key and
/// container are not here: they come from each <c>attachments</c> entry's settings, exactly as Kazoo reads them.
/// </summary>
public sealed class AzureAttachmentHandlerOptions
{
    /// <summary>The placeholder in <see cref="BlobEndpointTemplate"/> that the entry's <c>account</c> replaces.</summary>
    public const string AccountPlaceholder = "{account}";

    /// <summary>Kazoo's endpoint (its Azure library hard-codes it): <c>https://{account}.blob.core.windows.net/</c>.</summary>
    public const string DefaultBlobEndpointTemplate = "https://" + AccountPlaceholder + ".blob.core.windows.net/";

    /// <summary>The default <see cref="ServiceVersion"/>: <c>2026-06-06</c>.</summary>
    public const BlobClientOptions.ServiceVersion DefaultServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>The smallest <see cref="BlockSize"/>: 64 KiB.</summary>
    public const int MinimumBlockSize = 64 * 1024;

    /// <summary>The largest <see cref="BlockSize"/> this handler allows: 256 MiB (blocks are held in memory while they are sent).</summary>
    public const int MaximumBlockSize = 256 * 1024 * 1024;

    /// <summary>The default <see cref="MaxConcurrency"/>: 3.</summary>
    public const int DefaultMaxConcurrency = 3;

    /// <summary>The default <see cref="BlockSize"/>: 4 MiB.</summary>
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    /// <summary>
    /// The account's blob service endpoint, with <c>{account}</c> where the entry's <c>account</c> goes; Kazoo's
    /// <c>https://{account}.blob.core.windows.net/</c> by default. Examples: <c>https://{account}.blob.core.usgovcloudapi.net/</c>
    /// (Azure Government), <c>https://{account}.blob.core.chinacloudapi.cn/</c> (Azure China), and path style for Azurite
    /// or another emulator, <c>http://127.0.0.1:10000/{account}</c> (the account is the first path segment).
    /// </summary>
    public string BlobEndpointTemplate { get; set; } = DefaultBlobEndpointTemplate;

    /// <summary>
    /// The storage REST API version sent with every request; <c>2026-06-06</c> by default, which Azure accepts and which is
    /// the newest Azurite 3.37 accepts (Azure.Storage.Blobs 12.30 would send <c>2026-10-06</c>, which Azurite 3.37 refuses
    /// with 400 <c>InvalidHeaderValue</c>). Set a newer one for a newer emulator or a feature that needs it.
    /// </summary>
    public BlobClientOptions.ServiceVersion ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>
    /// The upload threshold and block size, in bytes; 4 MiB by default, between 64 KiB and 256 MiB. An attachment shorter
    /// than this is stored with one <c>Put Blob</c>; a longer one (or one of exactly this size: a stream's end is only
    /// known when a read returns nothing) as blocks of this size (<c>Put Block</c>)
    /// committed at the end by one <c>Put Block List</c>, so an upload that fails or is cancelled commits nothing. Azure
    /// allows 50,000 blocks per blob, so the default reaches 195 GiB; raise it for larger attachments (it costs memory,
    /// see <see cref="MaxConcurrency"/>).
    /// </summary>
    public int BlockSize { get; set; } = DefaultBlockSize;

    /// <summary>
    /// How many blocks of one upload are sent at the same time; 3 by default (as the S3 handler's parts), between 1 and 64. The content is read into
    /// at most this many pooled block buffers (a full buffer waits for a block in flight to finish), so one upload holds at
    /// most <see cref="BlockSize"/> × <see cref="MaxConcurrency"/> bytes (12 MiB with the defaults) and never the whole
    /// attachment; the buffers go back to the shared array pool at the end.
    /// </summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>
    /// How many times a failed request (throttling, 5xx, timeouts, dropped connections) is retried, with exponential
    /// back-off; 3 by default, 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest one try of a request may wait on the network (Azure's <c>NetworkTimeout</c>); 100 seconds by default.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The longest opening a connection may take; 30 seconds by default.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The blob endpoint of <paramref name="account"/>: <see cref="BlobEndpointTemplate"/> with <c>{account}</c> replaced,
    /// e.g. <c>https://kazooatt.blob.core.windows.net/</c>.
    /// </summary>
    /// <param name="account">The entry's <c>account</c>: 3 to 24 lowercase letters and digits, as Azure names accounts.</param>
    /// <exception cref="ArgumentException"><paramref name="account"/> is not an Azure account name.</exception>
    /// <exception cref="InvalidOperationException">The template does not make an absolute http or https URL.</exception>
    public Uri BlobEndpointFor(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!IsAccountName(account))
        {
            throw new ArgumentException("An Azure storage account name is 3 to 24 lowercase letters and digits.", nameof(account));
        }

        return Endpoint(BlobEndpointTemplate, account);
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BlobEndpointTemplate) || !BlobEndpointTemplate.Contains(AccountPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"AzureAttachmentHandlerOptions.BlobEndpointTemplate must contain {AccountPlaceholder}, e.g. {DefaultBlobEndpointTemplate}.");
        }

        _ = Endpoint(BlobEndpointTemplate, "account");

        if (!Enum.IsDefined(ServiceVersion))
        {
            throw new InvalidOperationException("AzureAttachmentHandlerOptions.ServiceVersion is not a version Azure.Storage.Blobs knows.");
        }

        if (BlockSize is < MinimumBlockSize or > MaximumBlockSize)
        {
            throw new InvalidOperationException($"AzureAttachmentHandlerOptions.BlockSize must be between {MinimumBlockSize} (64 KiB) and {MaximumBlockSize} (256 MiB) bytes.");
        }

        if (MaxConcurrency is < 1 or > 64)
        {
            throw new InvalidOperationException("AzureAttachmentHandlerOptions.MaxConcurrency must be between 1 and 64.");
        }

        if (MaxRetries is < 0 or > 100)
        {
            throw new InvalidOperationException("AzureAttachmentHandlerOptions.MaxRetries must be between 0 and 100.");
        }

        if (NetworkTimeout <= TimeSpan.Zero || NetworkTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("AzureAttachmentHandlerOptions.NetworkTimeout must be positive and under 24 days.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException("AzureAttachmentHandlerOptions.ConnectTimeout must be positive and under 24 days.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"AzureAttachmentHandlerOptions {{ BlobEndpointTemplate = {BlobEndpointTemplate}, ServiceVersion = {ServiceVersion}, BlockSize = {BlockSize}, MaxConcurrency = {MaxConcurrency}, MaxRetries = {MaxRetries} }}";

    /// <summary>Whether <paramref name="account"/> is an Azure storage account name: 3 to 24 lowercase letters and digits.</summary>
    /// <param name="account">A name.</param>
    public static bool IsAccountName(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Length is < 3 or > 24)
        {
            return false;
        }

        foreach (var c in account)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy, so later changes to these options do not reach a handler that already started.</summary>
    internal AzureAttachmentHandlerOptions Clone() => (AzureAttachmentHandlerOptions)MemberwiseClone();

    private static Uri Endpoint(string template, string account)
    {
        var text = template.Replace(AccountPlaceholder, account, StringComparison.Ordinal);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidOperationException(
                $"AzureAttachmentHandlerOptions.BlobEndpointTemplate must make an absolute http or https URL without user info, query or fragment; '{Serialization.SecretMask.MaskText(template)}' does not.");
        }

        return uri;
    }
}
