using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary><c>AddKazooGoogleDrive</c>: the handler among the <see cref="IAttachmentHandler"/>s, its HttpClient, its options.</summary>
public sealed class DependencyInjectionTests : DriveTestContext
{
    [Fact]
    public async Task The_registered_handler_serves_google_drive_entries_through_the_named_client()
    {
        var services = Services();
        services.AddKazooOAuthTokens(AddRefreshToken);
        services.AddKazooGoogleDriveAttachmentHandler(
            options =>
            {
                options.DriveBaseUri = Google.BaseUri;
                options.UploadBaseUri = Google.BaseUri;
            });
        var throughNamedClient = new CountingHandler();
        services.AddHttpClient(GoogleDriveAttachmentHandler.HttpClientName).AddHttpMessageHandler(() => throughNamedClient);
        await using var provider = services.BuildServiceProvider();

        var handler = AttachmentHandlerRegistration.Single<GoogleDriveAttachmentHandler>(provider);
        Assert.Equal("google_drive", handler.Kind);
        Assert.True(handler.CanHandle(Backend()));

        using var content = Bytes(2000);
        var stored = await handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(), content, "audio/mpeg", Cancel);
        await using var read = await handler.OpenReadAsync(Backend(), stored, Cancel);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Cancel);

        Assert.Equal(content.ToArray(), copy.ToArray());
        Assert.True(throughNamedClient.Count > 0);
        var token = Assert.Single(Google.OAuth.IssuedTokens);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task Registering_twice_keeps_one_handler()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooGoogleDriveAttachmentHandler();
        services.AddKazooGoogleDriveAttachmentHandler();
        await using var provider = services.BuildServiceProvider();

        AttachmentHandlerRegistration.Single<GoogleDriveAttachmentHandler>(provider);
    }

    [Fact]
    public async Task A_chunk_size_that_is_not_a_multiple_of_256_KiB_is_refused()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooGoogleDriveAttachmentHandler(options => options.ChunkSize = 1_000_000);
        await using var provider = services.BuildServiceProvider();

        Assert.Contains("ChunkSize", AttachmentHandlerRegistration.Refusal<GoogleDriveAttachmentHandler>(provider), StringComparison.Ordinal);
        var direct = Assert.Throws<InvalidOperationException>(() => CreateHandler(new GoogleDriveAttachmentHandlerOptions { ChunkSize = 300 * 1024 }));
        Assert.Contains("ChunkSize", direct.Message, StringComparison.Ordinal);
    }
}
