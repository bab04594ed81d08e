using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.S3.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.S3.Tests;

/// <summary>The handler's plumbing that needs no server: client cache, disposal, options, DI, naming.</summary>
public sealed class S3AttachmentHandlerUnitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly AttachmentLocation Location = new("system_data", "1f2e3d4c5b6a79808f7e6d5c4b3a2910", "probe.txt");

    [Fact]
    public async Task One_client_is_kept_per_distinct_endpoint_and_credentials()
    {
        var port = Loopback.ClosedPort();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { MaxErrorRetry = 0 });
        var stored = new StoredAttachment("s3", "system_data/x_probe.txt");

        async Task Touch(StorageAttachmentAws entry) =>
            await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(entry, stored, Cancel));

        await Touch(S3ErrorTests.Entry("127.0.0.1", port));
        await Touch(S3ErrorTests.Entry("127.0.0.1", port));
        Assert.Equal(1, handler.CachedClientCount);

        await Touch(S3ErrorTests.Entry("127.0.0.1", port, secret: "another-secret"));
        Assert.Equal(2, handler.CachedClientCount);

        await Touch(S3ErrorTests.Entry("127.0.0.1", port + 1 == 65536 ? port - 1 : port + 1));
        Assert.Equal(3, handler.CachedClientCount);
        Assert.DoesNotContain("another-secret", handler.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_handler_refuses_work()
    {
        var handler = new S3AttachmentHandler();
        handler.Dispose();
        handler.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => handler.PutAsync(S3ErrorTests.Entry("127.0.0.1", 9), Location, Stream.Null, "text/plain", Cancel));
    }

    [Fact]
    public void Locate_gives_kazoos_default_s3_name_without_touching_the_backend()
    {
        using var handler = new S3AttachmentHandler();
        var stored = handler.Locate(S3ErrorTests.Entry("127.0.0.1", 9), new AttachmentLocation(KazooDatabaseName.Modb("67c6d3eb0a1b2c3d4e5f6a7b8c9d0e1f", 2018, 3), "aeda82", "c669_test_credentials_file.txt"));
        Assert.Equal("s3", stored.HandlerKind);
        Assert.Equal("account%2F67%2Fc6%2Fd3eb0a1b2c3d4e5f6a7b8c9d0e1f-201803/aeda82_c669_test_credentials_file.txt", stored.ObjectName);
    }

    [Fact]
    public async Task An_attachment_stored_by_another_handler_is_refused()
    {
        using var handler = new S3AttachmentHandler();
        await Assert.ThrowsAsync<ArgumentException>(() => handler.OpenReadAsync(S3ErrorTests.Entry("127.0.0.1", 9), new StoredAttachment("google_drive", "x"), Cancel));
    }

    [Fact]
    public void The_untyped_interface_refuses_another_backend_kind()
    {
        IAttachmentHandler handler = new S3AttachmentHandler();
        var http = new StorageAttachmentHttp { Settings = new StorageAttachmentHttpSettings { Url = "https://example.com/kazoo" } };
        Assert.False(handler.CanHandle(http));
        Assert.True(handler.CanHandle(S3ErrorTests.Entry("127.0.0.1", 9)));
        Assert.Throws<ArgumentException>(() => handler.Locate(http, Location));
        ((IDisposable)handler).Dispose();
    }

    [Theory]
    [InlineData(1024 * 1024, 2)]
    [InlineData(2 * 1024 * 1024 * 1024L - 1, 2)]
    [InlineData(16 * 1024 * 1024, 0)]
    [InlineData(16 * 1024 * 1024, 65)]
    public void Options_out_of_range_are_refused(long partSize, int parallel)
    {
        var options = new S3AttachmentHandlerOptions { PartSize = (int)Math.Min(partSize, int.MaxValue), MaxConcurrentParts = parallel };
        Assert.Throws<InvalidOperationException>(() => new S3AttachmentHandler(options));
    }

    [Fact]
    public async Task The_di_extension_registers_one_handler_as_an_attachment_handler_with_its_options()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKazooS3AttachmentHandler(options => options.PartSize = 8 * 1024 * 1024);
        services.AddKazooS3AttachmentHandler();

        S3AttachmentHandler handler;
        using (var provider = services.BuildServiceProvider())
        {
            handler = AttachmentHandlerRegistration.Single<S3AttachmentHandler>(provider);
            Assert.Equal("s3", handler.Kind);
            Assert.Equal(8 * 1024 * 1024, provider.GetRequiredService<IOptions<S3AttachmentHandlerOptions>>().Value.PartSize);
            Assert.Contains("PartSize = 8388608", handler.ToString(), StringComparison.Ordinal);
        }

        // The container disposed it.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => handler.PutAsync(S3ErrorTests.Entry("127.0.0.1", 9), Location, Stream.Null, "text/plain", Cancel));
    }

    [Fact]
    public void The_di_extension_validates_the_options()
    {
        var services = new ServiceCollection();
        services.AddKazooS3AttachmentHandler(options => options.MaxConcurrentParts = 0);
        services.AddKazooS3AttachmentHandler(); // registering twice checks once
        using var provider = services.BuildServiceProvider();
        Assert.Contains("MaxConcurrentParts", AttachmentHandlerRegistration.Refusal<S3AttachmentHandler>(provider), StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_source_gives_the_same_bytes_whatever_the_read_sizes()
    {
        const int size = 1_000_003;
        var whole = new byte[size];
        new GeneratedStream(size, 42).ReadExactly(whole);

        using var chunks = new GeneratedStream(size, 42);
        var pieces = new MemoryStream();
        var buffer = new byte[4099];
        var sizes = new[] { 1, 7, 8, 9, 4099, 13, 3 };
        var i = 0;
        int read;
        while ((read = chunks.Read(buffer, 0, sizes[i++ % sizes.Length])) > 0)
        {
            pieces.Write(buffer, 0, read);
        }

        Assert.Equal(whole, pieces.ToArray());
        Assert.Equal(SHA256.HashData(whole), GeneratedStream.Sha256(size, 42));
        Assert.NotEqual(GeneratedStream.Sha256(size, 42), GeneratedStream.Sha256(size, 43));
    }
}
