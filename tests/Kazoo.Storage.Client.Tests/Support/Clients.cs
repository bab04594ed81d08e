using Kazoo.Storage.Crossbar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Client.Tests.Support;

internal static class Clients
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>The two ways to make a client: <c>new</c> (the constructor) and <c>di</c> (<c>AddKazooStorage</c>).</summary>
    public static TheoryData<string> Kinds => new() { "new", "di" };

    /// <summary>A client whose transport is the fake, with retries that wait 1 ms.</summary>
    public static KazooStorageClient Over(FakeCrossbar fake, CrossbarCredentials? credentials = null, Action<KazooStorageClientOptions>? configure = null, ILoggerFactory? loggerFactory = null) =>
        Over("new", fake, credentials, configure, loggerFactory);

    /// <summary>
    /// A client of the given kind (<see cref="Kinds"/>) over the fake, with retries that wait 1 ms. Both kinds run the same
    /// resilience pipeline definition (the constructor's around Microsoft.Extensions.Http.Resilience's handler, the DI
    /// client's through <c>AddResilienceHandler</c>), and the resilience tests hold both to the same behaviour.
    /// </summary>
    public static KazooStorageClient Over(string kind, FakeCrossbar fake, CrossbarCredentials? credentials = null, Action<KazooStorageClientOptions>? configure = null, ILoggerFactory? loggerFactory = null) =>
        Make(kind, FakeCrossbar.Endpoint, credentials ?? CrossbarCredentials.FromApiKey(ApiKey), options =>
        {
            options.Transport = fake;
            options.RetryDelay = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(options);
        }, loggerFactory);

    /// <summary>A client of the given kind (<see cref="Kinds"/>) for <paramref name="endpoint"/>.</summary>
    public static KazooStorageClient Make(string kind, Uri endpoint, CrossbarCredentials credentials, Action<KazooStorageClientOptions> configure, ILoggerFactory? loggerFactory = null)
    {
        if (kind == "new")
        {
            var options = new KazooStorageClientOptions();
            configure(options);
            return new KazooStorageClient(endpoint, credentials, options, loggerFactory);
        }

        var services = new ServiceCollection();
        if (loggerFactory is not null)
        {
            services.AddSingleton(loggerFactory);
        }

        return services.AddKazooStorage(options =>
        {
            options.Endpoint = endpoint;
            options.Credentials = credentials;
            configure(options);
        }).BuildServiceProvider().GetRequiredService<KazooStorageClient>();
    }
}
