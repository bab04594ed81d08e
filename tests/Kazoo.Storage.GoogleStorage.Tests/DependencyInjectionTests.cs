using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary><c>AddKazooGoogleStorageAttachmentHandler</c>: the handler among the <see cref="IAttachmentHandler"/>s, its named client, its options.</summary>
public sealed class DependencyInjectionTests : GcsTestContext
{
    [Fact]
    public async Task The_registered_handler_serves_google_storage_entries_through_the_named_client_with_the_registered_tokens()
    {
        var services = Services();
        services.AddKazooOAuthTokens(AddRefreshToken);
        var throughNamedClient = new CountingHandler();
        services.AddKazooGoogleStorageAttachmentHandler(options => options.BaseUri = Google.StorageUri)
            .AddHttpMessageHandler(() => throughNamedClient);
        await using var provider = services.BuildServiceProvider();

        var handler = AttachmentHandlerRegistration.Single<GoogleStorageAttachmentHandler>(provider);
        Assert.Equal("google_storage", handler.Kind);
        Assert.True(handler.CanHandle(Backend()));

        using var content = Bytes(2000);
        var stored = await handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);
        var large = await handler.PutAsync(Backend(), Voicemail(name: "b.wav"), new GeneratedStream(6 * MiB), "audio/wav", Cancel);

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored, handler));
        Assert.Equal(6 * MiB, (await ReadAllAsync(Backend(), large, handler)).Length);
        Assert.Equal("resumable", large.Metadata["upload"]);
        Assert.Equal(Storage.Requests.Count, throughNamedClient.Count);
        var token = Assert.Single(Google.OAuth.IssuedTokens);
        Assert.NotEmpty(Logs.Lines);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(RefreshToken, StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task Registering_twice_keeps_one_handler_and_adds_the_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooGoogleStorageAttachmentHandler(options => options.ChunkSize = 2 * MiB);
        services.AddKazooGoogleStorageAttachmentHandler(options => options.BaseUri = Google.StorageUri);
        await using var provider = services.BuildServiceProvider();

        AttachmentHandlerRegistration.Single<GoogleStorageAttachmentHandler>(provider);
        var options = provider.GetRequiredService<IOptions<GoogleStorageAttachmentHandlerOptions>>().Value;
        Assert.Equal(2 * MiB, options.ChunkSize);
        Assert.Equal(Google.StorageUri, options.BaseUri);
    }

    [Fact]
    public async Task Without_a_token_provider_resolving_the_handler_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddKazooGoogleStorageAttachmentHandler();
        await using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAttachmentHandler>());
        Assert.Contains("AddKazooOAuthTokens", failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<GoogleStorageAttachmentHandlerOptions>> InvalidOptions() => new()
    {
        { "ChunkSize", o => o.ChunkSize = 1_000_000 },
        { "ChunkSize", o => o.ChunkSize = 0 },
        { "ChunkSize", o => o.ChunkSize = GoogleStorageAttachmentHandlerOptions.MaximumChunkSize + GoogleStorageAttachmentHandlerOptions.ChunkGranularity },
        { "BaseUri", o => o.BaseUri = new Uri("/relative", UriKind.Relative) },
        { "BaseUri", o => o.BaseUri = new Uri("ftp://storage.example/") },
        { "BaseUri", o => o.BaseUri = new Uri("https://storage.example/?x=1") },
        { "ResumableThreshold", o => o.ResumableThreshold = -1 },
        { "MaxResumeAttempts", o => o.MaxResumeAttempts = -1 },
        { "ResumeDelay", o => o.ResumeDelay = TimeSpan.FromSeconds(-1) },
        { "RequestTimeout", o => o.RequestTimeout = TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Invalid_options_are_refused_by_the_constructor_and_when_the_registered_handler_is_resolved(string option, Action<GoogleStorageAttachmentHandlerOptions> change)
    {
        var options = NewOptions();
        change(options);
        var direct = Assert.Throws<InvalidOperationException>(() => CreateHandler(options));
        Assert.Contains("GoogleStorageAttachmentHandlerOptions." + option, direct.Message, StringComparison.Ordinal);

        var services = new ServiceCollection();
        services.AddSingleton<IOAuthTokenProvider>(Tokens);
        services.AddKazooGoogleStorageAttachmentHandler(change);
        await using var provider = services.BuildServiceProvider();
        Assert.Contains(option, AttachmentHandlerRegistration.Refusal<GoogleStorageAttachmentHandler>(provider), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_are_valid_and_point_at_Googles_host()
    {
        var options = new GoogleStorageAttachmentHandlerOptions();
        options.Validate();

        Assert.Equal(new Uri("https://storage.googleapis.com/"), options.BaseUri);
        Assert.Equal(8 * MiB, options.ChunkSize);
        Assert.Equal(5 * MiB, options.ResumableThreshold);
    }

    [Fact]
    public async Task The_handler_keeps_a_copy_of_its_options()
    {
        var options = NewOptions();
        var handler = CreateHandler(options);
        options.BaseUri = Loopback.ClosedUrl();

        var stored = await handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.NotNull(Storage.Find(Bucket, stored.ObjectName));
    }
}
