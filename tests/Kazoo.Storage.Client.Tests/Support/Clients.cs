using Kazoo.Storage.Crossbar;
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
}
