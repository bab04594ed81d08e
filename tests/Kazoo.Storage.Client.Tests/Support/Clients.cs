using Kazoo.Storage.Crossbar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Client.Tests.Support;

internal static class Clients
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A client whose transport is the fake, with retries that wait 1 ms.</summary>
    public static KazooStorageClient Over(FakeCrossbar fake, CrossbarCredentials? credentials = null, Action<KazooStorageClientOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new KazooStorageClientOptions { Transport = fake, RetryDelay = TimeSpan.FromMilliseconds(1) };
        configure?.Invoke(options);
        return new KazooStorageClient(FakeCrossbar.Endpoint, credentials ?? CrossbarCredentials.FromApiKey(ApiKey), options, loggerFactory);
    }

    /// <summary>The two ways to make a client: <c>new</c> (the constructor) and <c>di</c> (<c>AddKazooStorage</c>).</summary>
    public static TheoryData<string> Kinds => new() { "new", "di" };

    /// <summary>
    /// A client of the given kind (<see cref="Kinds"/>) over the fake, with retries that wait 1 ms: the constructor's
    /// client runs its own resilience loop, the DI client Microsoft.Extensions.Http.Resilience's strategies, and the
    /// resilience tests hold both to the same behaviour.
    /// </summary>
    public static KazooStorageClient Over(string kind, FakeCrossbar fake, CrossbarCredentials? credentials = null, Action<KazooStorageClientOptions>? configure = null)
    {
        if (kind == "new")
        {
            return Over(fake, credentials, configure);
        }

        var provider = new ServiceCollection().AddKazooStorage(options =>
        {
            options.Endpoint = FakeCrossbar.Endpoint;
            options.Credentials = credentials ?? CrossbarCredentials.FromApiKey(ApiKey);
            options.Transport = fake;
            options.RetryDelay = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(options);
        }).BuildServiceProvider();
        return provider.GetRequiredService<KazooStorageClient>();
    }
}
