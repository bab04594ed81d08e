using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.TestSupport.Dropbox;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary><c>AddKazooDropboxAttachmentHandler</c>: the handler among the <see cref="IAttachmentHandler"/>s, its named HttpClient, its options.</summary>
public sealed class DependencyInjectionTests : DropboxTestContext
{
    [Fact]
    public async Task The_registered_handler_serves_dropbox_entries_through_the_named_client_with_tokens_from_AddKazooOAuthTokens()
    {
        var services = Services();
        services.AddKazooOAuthTokens(AddRefreshToken);
        var throughNamedClient = new CountingHandler();
        services.AddKazooDropboxAttachmentHandler(options =>
            {
                options.ContentBaseUri = Dropbox.ContentUri;
                options.ApiBaseUri = Dropbox.ApiUri;
            })
            .AddHttpMessageHandler(() => throughNamedClient);
        await using var provider = services.BuildServiceProvider();

        var handler = AttachmentHandlerRegistration.Single<DropboxAttachmentHandler>(provider);
        Assert.Equal("dropbox", handler.Kind);
        Assert.True(handler.CanHandle(Backend()));
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<IHttpClientFactory>().CreateClient(DropboxAttachmentHandlerServiceCollectionExtensions.HttpClientName).Timeout);

        using var content = Bytes(2000);
        var stored = await handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored, handler));
        await handler.DeleteAsync(Backend(), stored, Cancel);

        Assert.Equal(3, throughNamedClient.Count);
        Assert.Empty(Dropbox.Files);
        Assert.Equal(1, Dropbox.Grants);
        var token = Assert.Single(Dropbox.IssuedTokens);
        Assert.NotEmpty(Logs.Lines);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(RefreshToken, StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task Registering_twice_keeps_one_handler_and_both_configurations()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooDropboxAttachmentHandler(options => options.ChunkSize = 4 * MiB);
        services.AddKazooDropboxAttachmentHandler(options => options.OverwriteExisting = false);
        await using var provider = services.BuildServiceProvider();

        AttachmentHandlerRegistration.Single<DropboxAttachmentHandler>(provider);
        var options = provider.GetRequiredService<IOptions<DropboxAttachmentHandlerOptions>>().Value;
        Assert.Equal((4 * MiB, false), (options.ChunkSize, options.OverwriteExisting));
    }

    [Fact]
    public async Task Invalid_options_are_refused_when_the_handler_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooDropboxAttachmentHandler(options => options.ChunkSize = 0);
        await using var provider = services.BuildServiceProvider();

        Assert.Contains("ChunkSize", AttachmentHandlerRegistration.Refusal<DropboxAttachmentHandler>(provider), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ChunkSize", 0)]
    [InlineData("ChunkSize", 150 * 1024 * 1024 + 1)]
    [InlineData("SessionThreshold", -1)]
    [InlineData("SessionThreshold", 150 * 1024 * 1024 + 1)]
    [InlineData("MaxRetries", -1)]
    [InlineData("RequestTimeout", 0)]
    [InlineData("RetryDelay", -1)]
    [InlineData("MaxRetryAfter", -1)]
    [InlineData("ContentBaseUri", 0)]
    [InlineData("ApiBaseUri", 0)]
    public void Each_option_out_of_range_is_named_when_refused(string option, int value)
    {
        var options = new DropboxAttachmentHandlerOptions();
        switch (option)
        {
            case "ChunkSize": options.ChunkSize = value; break;
            case "SessionThreshold": options.SessionThreshold = value; break;
            case "MaxRetries": options.MaxRetries = value; break;
            case "RequestTimeout": options.RequestTimeout = TimeSpan.FromSeconds(value); break;
            case "RetryDelay": options.RetryDelay = TimeSpan.FromSeconds(value); break;
            case "MaxRetryAfter": options.MaxRetryAfter = TimeSpan.FromSeconds(value); break;
            case "ContentBaseUri": options.ContentBaseUri = new Uri("relative/", UriKind.Relative); break;
            case "ApiBaseUri": options.ApiBaseUri = new Uri("relative/", UriKind.Relative); break;
        }

        var refused = Assert.Throws<InvalidOperationException>(() => new DropboxAttachmentHandler(Http, Tokens, options));

        Assert.Contains("DropboxAttachmentHandlerOptions." + option, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_Dropboxs_hosts_and_limits_and_the_handler_copies_its_options()
    {
        var options = new DropboxAttachmentHandlerOptions();
        options.Validate();

        Assert.Equal(new Uri("https://content.dropboxapi.com/"), options.ContentBaseUri);
        Assert.Equal(new Uri("https://api.dropboxapi.com/"), options.ApiBaseUri);
        Assert.Equal(new Uri("https://api.dropboxapi.com/oauth2/token"), DropboxAttachmentHandlerOptions.DropboxTokenEndpoint);
        Assert.Equal(157_286_400, options.SessionThreshold);
        Assert.True(options.OverwriteExisting);

        var handler = new DropboxAttachmentHandler(Http, Tokens, options);
        options.ChunkSize = 0;
        Assert.Equal("dropbox", handler.Kind);
    }
}
