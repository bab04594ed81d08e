using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Azure.Tests.Support;

/// <summary>
/// The real Azure Blob service the integration tests use (see <see cref="TestServerFixture"/>): Azurite on loopback,
/// started by <c>tests/servers/azurite/start.sh</c>. Each test class gets its own container, removed at the end.
/// </summary>
public sealed class Azurite()
    : TestServerFixture(
        "AZURE BLOB",
        "Start Azurite with tests/servers/azurite/start.sh (after npm ci --prefix tests/servers/azurite)",
        "KAZOO_AZURE_ENDPOINT", // path style: http://127.0.0.1:PORT/ACCOUNT
        "KAZOO_AZURE_ACCOUNT",
        "KAZOO_AZURE_KEY"), // base64
    IAsyncLifetime
{
    private BlobContainerClient? _container;

    /// <summary>The account name.</summary>
    public string Account => User;

    /// <summary>The account's shared key.</summary>
    public string Key => Secret;

    /// <summary>This class's container.</summary>
    public string Container { get; } = "kazoo-azure-tests-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>A plain Azure SDK client for this class's container.</summary>
    public BlobContainerClient Raw => _container ?? throw new InvalidOperationException(Missing);

    /// <summary>
    /// The handler options for this server: the endpoint as a path-style template (the account replaced by
    /// <c>{account}</c>), no retries (a test's failure should show at once).
    /// </summary>
    public AzureAttachmentHandlerOptions Options(Action<AzureAttachmentHandlerOptions>? change = null)
    {
        var options = new AzureAttachmentHandlerOptions
        {
            BlobEndpointTemplate = Endpoint.GetLeftPart(UriPartial.Authority) + "/" + AzureAttachmentHandlerOptions.AccountPlaceholder,
            MaxRetries = 0,
        };
        change?.Invoke(options);
        return options;
    }

    /// <summary>Skips the calling test with a loud reason when no server is configured (CI fails skips).</summary>
    public void Require() => Require(Assert.Fail, Assert.Skip);

    /// <summary>An <c>azure</c> attachments entry for this server and container, as a user would write it in a storage document.</summary>
    /// <param name="key">Overrides the key.</param>
    /// <param name="container">Overrides the container.</param>
    /// <param name="account">Overrides the account.</param>
    public StorageAttachmentAzure Entry(string? key = null, string? container = null, string? account = null) => new()
    {
        Name = "azurite",
        Settings = new StorageAttachmentAzureSettings
        {
            Account = account ?? Account,
            Key = key ?? Key,
            Container = container ?? Container,
        },
    };

    /// <summary>Whether a committed blob named <paramref name="blobName"/> exists in this class's container.</summary>
    /// <param name="blobName">The exact blob name.</param>
    public async Task<bool> ExistsAsync(string blobName) =>
        (await Raw.GetBlobClient(blobName).ExistsAsync(TestContext.Current.CancellationToken)).Value;

    /// <summary>The names of the committed blobs in this class's container that start with <paramref name="prefix"/>.</summary>
    /// <param name="prefix">A name prefix.</param>
    public async Task<List<string>> NamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var item in Raw.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, TestContext.Current.CancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>Client options for the plain Azure SDK against Azurite 3.37: its newest API version, no retries.</summary>
    public static BlobClientOptions RawOptions()
    {
        var options = new BlobClientOptions(AzureAttachmentHandlerOptions.DefaultServiceVersion);
        options.Retry.MaxRetries = 0;
        return options;
    }

    /// <inheritdoc/>
    protected override async Task ConnectAsync()
    {
        var service = new BlobServiceClient(Endpoint, new StorageSharedKeyCredential(Account, Key), RawOptions());
        _container = service.GetBlobContainerClient(Container);
        await _container.CreateAsync();
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (_container is null)
        {
            return;
        }

        try
        {
            await _container.DeleteIfExistsAsync();
        }
        catch (RequestFailedException)
        {
            // The server goes away with the run; a container left behind does not matter.
        }
    }
}
