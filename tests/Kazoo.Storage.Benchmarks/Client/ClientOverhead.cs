using System.Diagnostics;
using System.Globalization;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// The contenders of <see cref="KazooStorageClientBenchmarks"/>, measured interleaved in one process
/// (<c>--client-overhead [rounds]</c>). BenchmarkDotNet measures one contender after the other, each in processes of its
/// own; on a small virtual machine the loopback round trip's time changes by ±50% between those processes and over
/// minutes (thread wake-ups, the host's load), which buries a 10% difference. Here every round runs each contender's
/// invocation (16 awaited calls) once, in a shuffled order, so a slow minute or a slow process slows all of them alike;
/// the answer is the median over rounds of each contender's time divided by the baseline's time in the same round, with a
/// 95% confidence interval from the order statistics (distribution-free).
/// </summary>
internal static class ClientOverhead
{
    /// <summary>The command-line switch.</summary>
    public const string Command = "--client-overhead";

    /// <summary>Rounds when the command line gives none.</summary>
    public const int DefaultRounds = 1000;

    private const int WarmupRounds = 200;

    private sealed record Contender(string Category, string Name, bool Baseline, Func<Task<StorageDocument>> Invoke)
    {
        public List<double> Times { get; } = [];
    }

    /// <summary>Starts the shared emulator, runs the interleaved rounds and prints a Markdown table; 0 on success.</summary>
    /// <param name="args">Nothing, or how many measured rounds (at least 20).</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = DefaultRounds;
        if (args.Length > 1 || (args is [var count] && !int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out rounds)) || rounds < 20)
        {
            Console.Error.WriteLine($"Usage: {Command} [rounds, at least 20; {DefaultRounds} by default]");
            return 2;
        }

        await using var emulator = await EmulatorProcess.StartSharedAsync();
        var benchmarks = new KazooStorageClientBenchmarks();
        await benchmarks.StartAsync(); // checks that every contender reads the typical document back
        try
        {
            var contenders = new Contender[]
            {
                new("GET", "HttpClient", true, benchmarks.GetHttpClient),
                new("GET", "HttpClient, data only", false, benchmarks.GetHttpClientDataOnly),
                new("GET", "KazooStorageClient", false, benchmarks.GetKazooStorageClient),
                new("GET", "KazooStorageClient, no retries", false, benchmarks.GetKazooStorageClientNoRetries),
                new("POST", "HttpClient", true, benchmarks.PostHttpClient),
                new("POST", "HttpClient, data only", false, benchmarks.PostHttpClientDataOnly),
                new("POST", "KazooStorageClient", false, benchmarks.PostKazooStorageClient),
                new("POST", "KazooStorageClient, no validation", false, benchmarks.PostKazooStorageClientNoValidation),
            };

            var random = new Random(20261126);
            var order = Enumerable.Range(0, contenders.Length).ToArray();
            for (var round = -WarmupRounds; round < rounds; round++)
            {
                random.Shuffle(order);
                foreach (var index in order)
                {
                    var contender = contenders[index];
                    var start = Stopwatch.GetTimestamp();
                    await contender.Invoke();
                    var perCall = Stopwatch.GetElapsedTime(start).TotalMicroseconds / ClientBenchmarks.Calls;
                    if (round >= 0)
                    {
                        contender.Times.Add(perCall);
                    }
                }
            }

            Print(contenders, rounds);
            return 0;
        }
        finally
        {
            await benchmarks.StopAsync();
        }
    }

    private static void Print(Contender[] contenders, int rounds)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"Interleaved: {rounds} rounds, each contender {ClientBenchmarks.Calls} awaited calls per round, in a shuffled order; times per call."));
        Console.WriteLine();
        Console.WriteLine("| Category | Contender | Median | Mean | Min | Median of per-round ratios | 95% CI of that median |");
        Console.WriteLine("|---|---|--:|--:|--:|--:|--:|");
        foreach (var group in contenders.GroupBy(c => c.Category))
        {
            var baseline = group.Single(c => c.Baseline);
            foreach (var contender in group)
            {
                var ratios = contender.Times.Zip(baseline.Times, (time, reference) => time / reference).Order().ToArray();
                var (low, high) = MedianInterval(ratios);
                Console.WriteLine(string.Create(culture,
                    $"| {group.Key} | {contender.Name}{(contender.Baseline ? " (baseline)" : "")} | {Median(contender.Times.Order().ToArray()):F1} µs | {contender.Times.Average():F1} µs | {contender.Times.Min():F1} µs | {Median(ratios):F3} | {low:F3} – {high:F3} |"));
            }
        }
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>
    /// A distribution-free 95% interval for the median: the order statistics n/2 ∓ 1.96·√n/2 (the normal approximation of
    /// the binomial count of values below the median).
    /// </summary>
    private static (double Low, double High) MedianInterval(double[] sorted)
    {
        var half = 1.96 * Math.Sqrt(sorted.Length) / 2;
        var low = (int)Math.Floor((sorted.Length / 2.0) - half);
        var high = (int)Math.Ceiling((sorted.Length / 2.0) + half);
        return (sorted[Math.Clamp(low, 0, sorted.Length - 1)], sorted[Math.Clamp(high, 0, sorted.Length - 1)]);
    }
}
