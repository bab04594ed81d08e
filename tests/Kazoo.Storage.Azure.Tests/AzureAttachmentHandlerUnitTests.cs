using Azure.Storage.Blobs;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Azure.Tests;

/// <summary>What needs no server: the endpoint rule, options, naming, the client cache, disposal and DI.</summary>
public sealed class AzureAttachmentHandlerUnitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly AttachmentLocation Location = new("system_data", "1f2e3d4c5b6a79808f7e6d5c4b3a2910", "probe.txt");

    [Fact]
    public void The_endpoint_is_kazoos_by_default_derived_from_the_account()
    {
        var options = new AzureAttachmentHandlerOptions();
        Assert.Equal(new Uri("https://kazooatt.blob.core.windows.net/"), options.BlobEndpointFor("kazooatt"));
        Assert.Equal("https://{account}.blob.core.windows.net/", AzureAttachmentHandlerOptions.DefaultBlobEndpointTemplate);
    }

    [Theory]
    [InlineData("https://{account}.blob.core.usgovcloudapi.net/", "kazoo2024", "https://kazoo2024.blob.core.usgovcloudapi.net/")]
    [InlineData("https://{account}.blob.core.chinacloudapi.cn/", "abc", "https://abc.blob.core.chinacloudapi.cn/")]
    [InlineData("http://127.0.0.1:10000/{account}", "devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("http://127.0.0.1:43993/{account}/", "kazooatt", "http://127.0.0.1:43993/kazooatt/")]
    public void The_endpoint_template_serves_sovereign_clouds_and_path_style_emulators(string template, string account, string expected)
    {
        var options = new AzureAttachmentHandlerOptions { BlobEndpointTemplate = template };
        options.Validate();
        Assert.Equal(new Uri(expected), options.BlobEndpointFor(account));
    }

    [Theory]
    [InlineData("kazooatt", true)]
    [InlineData("abc", true)]
    [InlineData("a23456789012345678901234", true)]
    [InlineData("a234567890123456789012345", false)]
    [InlineData("ab", false)]
    [InlineData("Kazoo", false)]
    [InlineData("kazoo-att", false)]
    [InlineData("evil.example.com", false)]
    [InlineData("x@y", false)]
    public void Account_names_are_azures_3_to_24_lowercase_letters_and_digits(string account, bool valid)
    {
        Assert.Equal(valid, AzureAttachmentHandlerOptions.IsAccountName(account));
        if (!valid)
        {
            // An account name must not be able to steer the request to another host.
            Assert.Throws<ArgumentException>(() => new AzureAttachmentHandlerOptions().BlobEndpointFor(account));
        }
    }

    public static TheoryData<string, Action<AzureAttachmentHandlerOptions>> InvalidOptions() => new()
    {
        { "no placeholder", o => o.BlobEndpointTemplate = "https://kazooatt.blob.core.windows.net/" },
        { "empty template", o => o.BlobEndpointTemplate = "" },
        { "not http", o => o.BlobEndpointTemplate = "ftp://{account}.example.com/" },
        { "relative", o => o.BlobEndpointTemplate = "/{account}" },
        { "query", o => o.BlobEndpointTemplate = "https://{account}.blob.core.windows.net/?sv=1" },
        { "user info", o => o.BlobEndpointTemplate = "https://user:pw@{account}.blob.core.windows.net/" },
        { "block too small", o => o.BlockSize = 64 * 1024 - 1 },
        { "block too large", o => o.BlockSize = 256 * 1024 * 1024 + 1 },
        { "no concurrency", o => o.MaxConcurrency = 0 },
        { "too much concurrency", o => o.MaxConcurrency = 65 },
        { "negative retries", o => o.MaxRetries = -1 },
        { "zero network timeout", o => o.NetworkTimeout = TimeSpan.Zero },
        { "negative connect timeout", o => o.ConnectTimeout = TimeSpan.FromSeconds(-1) },
        { "unknown service version", o => o.ServiceVersion = (BlobClientOptions.ServiceVersion)12345 },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Options_out_of_range_are_refused_by_Validate_and_the_constructor(string why, Action<AzureAttachmentHandlerOptions> change)
    {
        var options = new AzureAttachmentHandlerOptions();
        change(options);
        var failure = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.StartsWith("AzureAttachmentHandlerOptions.", failure.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new AzureAttachmentHandler(options));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void The_default_options_are_valid_and_pin_an_api_version_azurite_accepts()
    {
        var options = new AzureAttachmentHandlerOptions();
        options.Validate();
        Assert.Equal(BlobClientOptions.ServiceVersion.V2026_06_06, options.ServiceVersion);
        Assert.Equal(4 * 1024 * 1024, options.BlockSize);
        Assert.Equal(3, options.MaxConcurrency);
        Assert.Equal(3, options.MaxRetries);
    }

    [Fact]
    public void Locate_gives_kazoos_default_azure_name_without_touching_the_backend()
    {
        using var handler = new AzureAttachmentHandler();
        var stored = handler.Locate(AzureErrorTests.UnreachableEntry(), new AttachmentLocation(KazooDatabaseName.Modb("67c6d3eb0a1b2c3d4e5f6a7b8c9d0e1f", 2018, 3), "aeda82", "c669 (1)_test+file.txt"));
        Assert.Equal("azure", stored.HandlerKind);
        Assert.Equal("aeda82_c669%20(1)_test%2Bfile.txt", stored.ObjectName);
        Assert.Equal("aeda82_c669 (1)_test+file.txt", AzureAttachmentHandler.BlobNameFor(stored.ObjectName));
    }

    [Theory]
    [InlineData("doc_name.mp3", "doc_name.mp3")]
    [InlineData("doc_my%20file%20%2B1.mp3", "doc_my file +1.mp3")]
    [InlineData("account%2Fab%2Fcd-202401/doc_x.mp3", "account/ab/cd-202401/doc_x.mp3")]
    [InlineData("doc_%25%3B%C3%A9.txt", "doc_%;é.txt")]
    [InlineData("doc_a+b.txt", "doc_a+b.txt")]
    public void The_blob_name_is_the_object_name_as_azure_decodes_a_request_path(string objectName, string blobName) =>
        Assert.Equal(blobName, AzureAttachmentHandler.BlobNameFor(objectName));

    [Fact]
    public async Task One_client_is_kept_per_distinct_endpoint_account_and_key()
    {
        var port = Loopback.ClosedPort();
        using var handler = new AzureAttachmentHandler(new AzureAttachmentHandlerOptions { BlobEndpointTemplate = $"http://127.0.0.1:{port}/{{account}}", MaxRetries = 0 });
        var stored = new StoredAttachment("azure", "x_probe.txt");

        async Task Touch(StorageAttachmentAzure entry) =>
            await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(entry, stored, Cancel));

        await Touch(AzureErrorTests.UnreachableEntry());
        await Touch(AzureErrorTests.UnreachableEntry() with { Settings = AzureErrorTests.UnreachableEntry().Settings with { Container = "another-container" } });
        Assert.Equal(1, handler.CachedClientCount);

        var otherKey = Convert.ToBase64String(new byte[64]);
        await Touch(AzureErrorTests.UnreachableEntry(key: otherKey));
        Assert.Equal(2, handler.CachedClientCount);

        await Touch(AzureErrorTests.UnreachableEntry(account: "otheraccount"));
        Assert.Equal(3, handler.CachedClientCount);
        Assert.DoesNotContain(otherKey, handler.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AzureErrorTests.UnreachableKey, handler.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_handler_refuses_work()
    {
        var handler = new AzureAttachmentHandler();
        handler.Dispose();
        handler.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => handler.PutAsync(AzureErrorTests.UnreachableEntry(), Location, Stream.Null, "text/plain", Cancel));
    }

    [Fact]
    public async Task An_attachment_stored_by_another_handler_is_refused()
    {
        using var handler = new AzureAttachmentHandler();
        await Assert.ThrowsAsync<ArgumentException>(() => handler.OpenReadAsync(AzureErrorTests.UnreachableEntry(), new StoredAttachment("s3", "x"), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.DeleteAsync(AzureErrorTests.UnreachableEntry(), new StoredAttachment("azure", ""), Cancel));
    }

    [Fact]
    public void The_untyped_interface_serves_azure_entries_only()
    {
        IAttachmentHandler handler = new AzureAttachmentHandler();
        var http = new StorageAttachmentHttp { Settings = new StorageAttachmentHttpSettings { Url = "https://example.com/kazoo" } };
        Assert.Equal("azure", handler.Kind);
        Assert.False(handler.CanHandle(http));
        Assert.True(handler.CanHandle(AzureErrorTests.UnreachableEntry()));
        Assert.Throws<ArgumentException>(() => handler.Locate(http, Location));
        ((IDisposable)handler).Dispose();
    }

    [Fact]
    public void The_key_is_masked_in_the_entry_the_handler_and_the_options()
    {
        var entry = AzureErrorTests.UnreachableEntry();
        var options = new AzureAttachmentHandlerOptions();
        using var handler = new AzureAttachmentHandler(options);
        Assert.DoesNotContain(AzureErrorTests.UnreachableKey, entry.ToString(), StringComparison.Ordinal);
        Assert.Contains("kazooatt", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AzureErrorTests.UnreachableKey, handler.ToString(), StringComparison.Ordinal);
        Assert.Contains("BlockSize = 4194304", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_di_extension_registers_one_handler_as_an_attachment_handler_with_its_options()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKazooAzureAttachmentHandler(options => options.BlockSize = 2 * 1024 * 1024);
        services.AddKazooAzureAttachmentHandler(options => options.BlobEndpointTemplate = "https://{account}.blob.core.usgovcloudapi.net/");

        AzureAttachmentHandler handler;
        using (var provider = services.BuildServiceProvider())
        {
            handler = AttachmentHandlerRegistration.Single<AzureAttachmentHandler>(provider);
            Assert.Equal("azure", handler.Kind);
            var options = provider.GetRequiredService<IOptions<AzureAttachmentHandlerOptions>>().Value;
            Assert.Equal(2 * 1024 * 1024, options.BlockSize);
            Assert.Equal(new Uri("https://kazooatt.blob.core.usgovcloudapi.net/"), options.BlobEndpointFor("kazooatt"));
            Assert.Contains("BlockSize = 2097152", handler.ToString(), StringComparison.Ordinal);
            Assert.Contains("usgovcloudapi", handler.ToString(), StringComparison.Ordinal);
        }

        // The container disposed it.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => handler.PutAsync(AzureErrorTests.UnreachableEntry(), Location, Stream.Null, "text/plain", Cancel));
    }

    [Fact]
    public void The_di_extension_validates_the_options()
    {
        var services = new ServiceCollection();
        services.AddKazooAzureAttachmentHandler(options => options.MaxConcurrency = 0);
        using var provider = services.BuildServiceProvider();
        Assert.Contains("MaxConcurrency", AttachmentHandlerRegistration.Refusal<AzureAttachmentHandler>(provider), StringComparison.Ordinal);
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetServices<IAttachmentHandler>().ToList());
    }

    [Fact]
    public async Task The_handler_logs_its_failures_without_the_key()
    {
        using var capture = new LogCapture();
        using var loggers = capture.CreateFactory();
        var port = Loopback.ClosedPort();
        using var handler = new AzureAttachmentHandler(
            new AzureAttachmentHandlerOptions { BlobEndpointTemplate = $"http://127.0.0.1:{port}/{{account}}", MaxRetries = 0 },
            loggers.CreateLogger<AzureAttachmentHandler>());

        await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(AzureErrorTests.UnreachableEntry(), Location, new MemoryStream([1, 2]), "text/plain", Cancel));

        Assert.Contains(capture.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("failed_to_connect", StringComparison.Ordinal));
        Assert.Contains("kazooatt", capture.All, StringComparison.Ordinal);
        Assert.DoesNotContain(AzureErrorTests.UnreachableKey, capture.All, StringComparison.Ordinal);
    }
}
