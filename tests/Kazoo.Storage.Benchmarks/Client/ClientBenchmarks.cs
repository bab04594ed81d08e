using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// The client benchmarks' contenders (<see cref="ClientContenders"/>) as BenchmarkDotNet benchmarks, grouped by category
/// (<c>Get</c>, <c>Post</c>), each ratio against the hand-written <c>HttpClient</c> call. Subclasses set up the transport:
/// a loopback emulator (<see cref="KazooStorageClientBenchmarks"/>) or recorded answers
/// (<see cref="KazooStorageClientReplayBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public abstract class ClientBenchmarks
{
    /// <summary>
    /// Each invocation awaits this many calls one after another and counts as as many operations: BenchmarkDotNet blocks
    /// its thread on every invocation, and on a small VM that wake-up alone varies by tens of µs; a run of awaited calls is
    /// also how an application makes them.
    /// </summary>
    internal const int Calls = 16;

    private const string Get = "Get";
    private const string Post = "Post";

    /// <summary>The contenders, set up by the subclass's <c>[GlobalSetup]</c>.</summary>
    internal ClientContenders Contenders { get; set; } = null!;

    [Benchmark(Description = "HttpClient", Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetHttpClient() => Repeat(Contenders.GetHttpClient);

    [Benchmark(Description = "HttpClient, data only", OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetHttpClientDataOnly() => Repeat(Contenders.GetHttpClientDataOnly);

    [Benchmark(Description = "KazooStorageClient", OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetKazooStorageClient() => Repeat(Contenders.GetKazooStorageClient);

    [Benchmark(Description = "KazooStorageClient, no retries", OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetKazooStorageClientNoRetries() => Repeat(Contenders.GetKazooStorageClientNoRetries);

    [Benchmark(Description = "HttpClient", Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory(Post)]
    public Task<StorageDocument> PostHttpClient() => Repeat(Contenders.PostHttpClient);

    [Benchmark(Description = "HttpClient, data only", OperationsPerInvoke = Calls), BenchmarkCategory(Post)]
    public Task<StorageDocument> PostHttpClientDataOnly() => Repeat(Contenders.PostHttpClientDataOnly);

    [Benchmark(Description = "KazooStorageClient", OperationsPerInvoke = Calls), BenchmarkCategory(Post)]
    public Task<StorageDocument> PostKazooStorageClient() => Repeat(Contenders.PostKazooStorageClient);

    [Benchmark(Description = "KazooStorageClient, no validation", OperationsPerInvoke = Calls), BenchmarkCategory(Post)]
    public Task<StorageDocument> PostKazooStorageClientNoValidation() => Repeat(Contenders.PostKazooStorageClientNoValidation);

    private static async Task<StorageDocument> Repeat(Func<Task<StorageDocument>> call)
    {
        var last = await call();
        for (var i = 1; i < Calls; i++)
        {
            last = await call();
        }

        return last;
    }
}
