using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Azure.Tests.Support;

/// <summary>
/// The real Azure Blob service the integration tests use: Azurite on loopback, started by
/// <c>tests/servers/azurite/start.sh</c> (CI's <c>.ci/run</c> does that) and found through the environment variables it
/// prints. Each test class gets its own container, removed at the end.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    /// <summary>The endpoint variable, path style: <c>http://127.0.0.1:PORT/ACCOUNT</c>.</summary>
    public const string EndpointVariable = "KAZOO_AZURE_ENDPOINT";

    /// <summary>The account variable.</summary>
    public const string AccountVariable = "KAZOO_AZURE_ACCOUNT";

    /// <summary>The shared key variable (base64).</summary>
    public const string KeyVariable = "KAZOO_AZURE_KEY";

    private BlobContainerClient? _container;

    /// <summary>Why the server cannot be used, or null when it can.</summary>
    public string? Missing { get; private set; }

    /// <summary>The account's blob endpoint, e.g. <c>http://127.0.0.1:43993/kazooatt</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The account name.</summary>
    public string Account { get; private set; } = "";

    /// <summary>The account's shared key.</summary>
    public string Key { get; private set; } = "";

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
    public void Require()
    {
        if (Missing is { } reason)
        {
            var message = "NO AZURE BLOB SERVER: " + reason + " Start Azurite with tests/servers/azurite/start.sh (after npm ci --prefix tests/servers/azurite) "
                + $"and export the variables it prints ({EndpointVariable}, {AccountVariable}, {KeyVariable}); CI does this in .ci/run.";
            if (Environment.GetEnvironmentVariable("KAZOO_REQUIRE_ALL_TESTS") == "1")
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }
    }

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

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            Missing = $"{EndpointVariable} is not set (or not an absolute URL).";
            return;
        }

        Endpoint = uri;
        Account = Environment.GetEnvironmentVariable(AccountVariable) ?? "";
        Key = Environment.GetEnvironmentVariable(KeyVariable) ?? "";
        if (Account.Length == 0 || Key.Length == 0)
        {
            Missing = $"{AccountVariable} or {KeyVariable} is not set.";
            return;
        }

        var service = new BlobServiceClient(uri, new StorageSharedKeyCredential(Account, Key), RawOptions());
        _container = service.GetBlobContainerClient(Container);
        await _container.CreateAsync();
    }

    /// <summary>Client options for the plain Azure SDK against Azurite 3.37: its newest API version, no retries.</summary>
    public static BlobClientOptions RawOptions()
    {
        var options = new BlobClientOptions(AzureAttachmentHandlerOptions.DefaultServiceVersion);
        options.Retry.MaxRetries = 0;
        return options;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
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
