using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary><c>AddKazooOneDriveAttachmentHandler</c>: the handler among the <see cref="IAttachmentHandler"/>s, its HttpClient, its options.</summary>
public sealed class DependencyInjectionTests : OneDriveTestContext
{
    [Fact]
    public async Task The_registered_handler_serves_onedrive_entries_through_the_named_client_and_follows_the_download_redirect_itself()
    {
        var services = Services();
        services.AddKazooOAuthTokens(AddRefreshToken);
        var throughNamedClient = new CountingHandler();
        services.AddKazooOneDriveAttachmentHandler(options => options.GraphBaseUri = Microsoft.GraphBaseUri)
            .AddHttpMessageHandler(() => throughNamedClient);
        await using var provider = services.BuildServiceProvider();

        var handler = AttachmentHandlerRegistration.Single<OneDriveAttachmentHandler>(provider);
        Assert.Equal("onedrive", handler.Kind);
        Assert.True(handler.CanHandle(Backend()));

        using var content = Bytes(2000);
        var stored = await handler.PutAsync(Backend(path: "kazoo"), Voicemail(), content, "audio/mpeg", Cancel);
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored, handler));

        // The upload, the request at Graph and the download URL: the redirect was followed by the handler, not under it.
        Assert.Equal(3, throughNamedClient.Count);
        var token = Assert.Single(Microsoft.Identity.IssuedTokens);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task Registering_twice_keeps_one_handler()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooOneDriveAttachmentHandler();
        services.AddKazooOneDriveAttachmentHandler(options => options.ChunkSize = 4 * OneDriveAttachmentHandlerOptions.ChunkGranularity);
        await using var provider = services.BuildServiceProvider();

        AttachmentHandlerRegistration.Single<OneDriveAttachmentHandler>(provider);
        Assert.Equal(4 * OneDriveAttachmentHandlerOptions.ChunkGranularity, provider.GetRequiredService<IOptions<OneDriveAttachmentHandlerOptions>>().Value.ChunkSize);
    }

    [Fact]
    public async Task Invalid_options_are_refused_when_the_handler_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooOneDriveAttachmentHandler(options => options.ChunkSize = 1_000_000);
        await using var provider = services.BuildServiceProvider();

        Assert.Contains("ChunkSize", AttachmentHandlerRegistration.Refusal<OneDriveAttachmentHandler>(provider), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_are_Graphs_and_valid()
    {
        var options = new OneDriveAttachmentHandlerOptions();

        options.Validate();
        Assert.Equal(new Uri("https://graph.microsoft.com/v1.0/"), options.GraphBaseUri);
        Assert.Equal(250_000_000, options.SimpleUploadThreshold);
        Assert.Equal(10 * MiB, options.ChunkSize);
        Assert.Equal(0, options.ChunkSize % (320 * KiB));
        Assert.True(OneDriveAttachmentHandlerOptions.MaximumChunkSize < 60 * MiB);
        Assert.True(OneDriveAttachmentHandlerOptions.MaximumChunkSize + OneDriveAttachmentHandlerOptions.ChunkGranularity >= 60 * MiB);
    }

    public static TheoryData<string, Action<OneDriveAttachmentHandlerOptions>> InvalidOptions() => new()
    {
        { "GraphBaseUri", o => o.GraphBaseUri = new Uri("/v1.0/", UriKind.Relative) },
        { "GraphBaseUri", o => o.GraphBaseUri = new Uri("ftp://graph.example/v1.0/") },
        { "SimpleUploadThreshold", o => o.SimpleUploadThreshold = -1 },
        { "SimpleUploadThreshold", o => o.SimpleUploadThreshold = OneDriveAttachmentHandlerOptions.GraphSimpleUploadLimit + 1 },
        { "ChunkSize", o => o.ChunkSize = 0 },
        { "ChunkSize", o => o.ChunkSize = 256 * KiB },
        { "ChunkSize", o => o.ChunkSize = OneDriveAttachmentHandlerOptions.MaximumChunkSize + OneDriveAttachmentHandlerOptions.ChunkGranularity },
        { "MaxResumeAttempts", o => o.MaxResumeAttempts = -1 },
        { "ResumeDelay", o => o.ResumeDelay = TimeSpan.FromSeconds(-1) },
        { "RequestTimeout", o => o.RequestTimeout = TimeSpan.Zero },
        { "ConnectTimeout", o => o.ConnectTimeout = TimeSpan.Zero },
        { "TemporaryDirectory", o => o.TemporaryDirectory = " " },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_option_out_of_range_is_named_by_the_failure(string option, Action<OneDriveAttachmentHandlerOptions> change)
    {
        var options = new OneDriveAttachmentHandlerOptions();
        change(options);

        var failure = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("OneDriveAttachmentHandlerOptions." + option, failure.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => CreateHandler(options));
    }

    [Fact]
    public async Task Options_changed_after_the_handler_was_made_do_not_reach_it()
    {
        var options = new OneDriveAttachmentHandlerOptions { GraphBaseUri = Microsoft.GraphBaseUri };
        var handler = CreateHandler(options);
        options.GraphBaseUri = new Uri("http://127.0.0.1:1/v1.0/");

        await handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.Single(Graph.Files);
    }
}
