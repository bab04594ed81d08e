using System.Collections.Concurrent;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Testing;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Client.Tests.Support;

/// <summary>
/// Integration tests run the real client over real HTTP against the loopback Crossbar emulator. Each test starts its own
/// emulator (in-process Kestrel on a free 127.0.0.1 port, a few milliseconds), so fault queues and request counts are
/// the test's alone.
/// </summary>
internal static class Emulator
{
    public static Task<CrossbarEmulator> StartAsync(CrossbarEmulatorOptions? options = null) =>
        CrossbarEmulator.StartAsync(options, TestContext.Current.CancellationToken);

    /// <summary>
    /// A client with short retry delays, made with <c>new</c> unless <paramref name="kind"/> says <c>di</c>
    /// (<see cref="Clients.Kinds"/>); credentials default to the master account's API key (super-duper admin).
    /// </summary>
    public static KazooStorageClient Client(CrossbarEmulator crossbar, CrossbarCredentials? credentials = null, Action<KazooStorageClientOptions>? configure = null, ILoggerFactory? loggerFactory = null, string kind = "new") =>
        Clients.Make(kind, crossbar.BaseAddress, credentials ?? CrossbarCredentials.FromApiKey(crossbar.MasterApiKey), options =>
        {
            options.RetryDelay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(options);
        }, loggerFactory);

    /// <summary>Registers a probe for <c>http</c> backends that accepts everything and counts its calls per attachment id.</summary>
    public static ConcurrentDictionary<string, int> CountHttpProbes(CrossbarEmulator crossbar)
    {
        var calls = new ConcurrentDictionary<string, int>();
        crossbar.RegisterProbe("http", (id, _, _) =>
        {
            calls.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Task.FromResult(ProbeResult.Ok);
        });
        return calls;
    }
}
