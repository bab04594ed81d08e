using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Attachments.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>The handler from dependency injection: one instance, also an IAttachmentHandler, on a non-redirecting client.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public void The_handler_is_registered_once_also_as_an_attachment_handler()
    {
        var services = new ServiceCollection();
        services.AddKazooHttpAttachmentHandler();
        services.AddKazooHttpAttachmentHandler();
        using var provider = services.BuildServiceProvider();

        var handler = provider.GetRequiredService<HttpAttachmentHandler>();

        Assert.Same(handler, Assert.Single(provider.GetServices<IAttachmentHandler>()));
        Assert.Equal("http", handler.Kind);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        var services = new ServiceCollection();
        services.AddKazooHttpAttachmentHandler(options => options.MaxRedirects = -1);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<HttpAttachmentHandler>());
    }

    [Fact]
    public async Task The_registered_client_leaves_redirects_to_the_handler_and_its_options_apply()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Intercept = (context, _) =>
        {
            var path = context.Request.Path.Value!;
            if (path.StartsWith("/a/", StringComparison.Ordinal) || path.StartsWith("/b/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = (path[1] == 'a' ? "/b" : "/c") + path[2..];
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        var services = new ServiceCollection();
        services.AddKazooHttpAttachmentHandler(options => options.MaxRedirects = 1);
        using var provider = services.BuildServiceProvider();
        var handler = provider.GetRequiredService<HttpAttachmentHandler>();

        var oneHop = await handler.PutAsync(HttpBackend(receiver.Url("b").ToString()), Voicemail(), new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel);
        var twoHops = await Assert.ThrowsAsync<AttachmentHandlerException>(() =>
            handler.PutAsync(HttpBackend(receiver.Url("a").ToString()), Voicemail(), new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel));

        Assert.StartsWith(receiver.Url("c/").AbsoluteUri, oneHop.BackendId, StringComparison.Ordinal);
        Assert.Equal("too many redirects", twoHops.Reason);
        Assert.Equal(2 + 2, receiver.Requests.Count);
    }
}
