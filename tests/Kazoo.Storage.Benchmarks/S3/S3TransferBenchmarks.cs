using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Kazoo.Storage.Benchmarks.S3;

/// <summary>
/// The time of a 1 GiB attachment's round trip through a real S3 server (<see cref="S3RoundTrip"/>): the AWS SDK's
/// <c>TransferUtility</c> (the baseline) against <c>S3AttachmentHandler</c>, each in its own process, one warm-up and
/// three measured round trips (each is seconds long, so one invocation per iteration). Throughput is 2 GiB moved per
/// operation over the mean. Memory is measured apart, in processes that do nothing else (<see cref="S3PeakMemory"/>):
/// BenchmarkDotNet's own engine would be most of this process's working set.
/// </summary>
[Config(typeof(S3TransferConfig))]
public class S3TransferBenchmarks
{
    private S3RoundTrip? _trip;

    [GlobalSetup(Target = nameof(TransferUtility))]
    public async Task SetupTransferUtilityAsync() => _trip = await S3RoundTrip.CreateAsync(S3Contender.TransferUtility);

    [GlobalSetup(Target = nameof(Handler))]
    public async Task SetupHandlerAsync() => _trip = await S3RoundTrip.CreateAsync(S3Contender.Handler);

    [Benchmark(Baseline = true, Description = "TransferUtility")]
    public Task<long> TransferUtility() => _trip!.RunAsync();

    [Benchmark(Description = "S3AttachmentHandler")]
    public Task<long> Handler() => _trip!.RunAsync();

    [GlobalCleanup]
    public void Cleanup() => _trip?.Dispose();

    private sealed class S3TransferConfig : ManualConfig
    {
        public S3TransferConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("S3"));
            AddColumn(new ThroughputColumn(2 * S3RoundTrip.Size));
        }
    }
}
