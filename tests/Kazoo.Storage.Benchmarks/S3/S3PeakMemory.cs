using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Kazoo.Storage.Benchmarks.S3;

/// <summary>
/// The peak working set of a process that moves the 1 GiB attachment up to S3 and back (<see cref="S3RoundTrip"/>) and
/// does nothing else: <c>--s3-peak-memory</c> starts one such process per contender and garbage collector setting, and
/// prints a table. Each child makes the checked round trip (upload, download compared with the file by SHA-256) and reads
/// its peak resident memory (<c>VmHWM</c>: everything the process ever held at once, runtime included), then makes
/// <see cref="Rounds"/> − 1 more round trips and reads it again, with what it allocated and how often .NET collected.
/// </summary>
/// <remarks>
/// Two collector settings: as .NET sizes itself on the machine, and with its first generation's budget at 16 MiB
/// (<c>DOTNET_GCgen0size</c>). .NET sizes that budget from the CPU's last-level cache, and a virtual machine may report
/// a large one (300 MiB here): short-lived garbage, mostly the AWS SDK's per-request objects, then piles up for many round
/// trips before the first collection, whoever allocated it. 16 MiB is what a host with an ordinary cache gets.
/// Linux only (the figures come from <c>/proc/self/status</c>).
/// </remarks>
internal static class S3PeakMemory
{
    /// <summary>The command-line switch that runs the measurement.</summary>
    public const string Command = "--s3-peak-memory";

    /// <summary>The switch a child process gets (with the contender's name).</summary>
    public const string ChildCommand = "--s3-peak-memory-child";

    /// <summary>The target of issue 5: the peak working set of the process moving 1 GiB, in MiB.</summary>
    public const double TargetMiB = 100;

    /// <summary>Round trips per process, the checked one included (4 GiB up and 4 GiB down).</summary>
    public const int Rounds = 4;

    /// <summary>Runs a child per contender and collector setting and prints the table; 1 when a child failed.</summary>
    public static async Task<int> RunAsync()
    {
        var rows = new List<string>();
        var handlerPeaks = new List<double>();
        foreach (var (collector, environment) in PeakMemory.Collectors)
        {
            foreach (var contender in Enum.GetValues<S3Contender>())
            {
                Console.Error.WriteLine($"Measuring {contender}, GC {collector} …");
                var result = await RunChildAsync(contender, environment);
                if (result is null)
                {
                    return 1;
                }

                var r = result.Value;
                if (contender == S3Contender.Handler)
                {
                    handlerPeaks.Add(r.FirstMiB);
                }

                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {collector} | {(contender == S3Contender.Handler ? "S3AttachmentHandler" : "TransferUtility")} | {r.FirstMiB:F1} MiB | {r.PeakMiB:F1} MiB | {r.AllocatedMiB / Rounds:F1} MiB | {r.Gen0}/{r.Gen1}/{r.Gen2} | {2.0 * 1024 * (Rounds - 1) / r.Seconds:F1} MiB/s |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Peak working set of a process that moves 1 GiB up to S3 and back (one process per row):");
        Console.WriteLine();
        Console.WriteLine($"| GC | contender | Peak WS, 1 round trip | Peak WS, {Rounds} round trips | allocated per round trip | collections (gen 0/1/2) | throughput |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Peak WS: the kernel's high-water mark of the process's resident memory (VmHWM), runtime, AWS SDK and JIT-compiled code");
        Console.WriteLine($"included, after the first (checked) round trip and after all {Rounds}. Allocated: .NET's count over the whole process, per");
        Console.WriteLine($"round trip. Throughput: 2 GiB per round trip over round trips 2 to {Rounds}, in this process alone (S3TransferBenchmarks");
        Console.WriteLine("measures time with BenchmarkDotNet).");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"S3AttachmentHandler, 1 GiB round trip: peak {string.Join(", ", handlerPeaks.Select(p => p.ToString("F1", CultureInfo.InvariantCulture) + " MiB"))}; target under {TargetMiB:F0} MiB: {(handlerPeaks.All(p => p < TargetMiB) ? "met" : "MISSED")}."));
        return 0;
    }

    /// <summary>The child: one contender, measured as the class says; prints one line that <see cref="RunAsync"/> parses.</summary>
    /// <param name="contender">The contender's name.</param>
    public static async Task<int> ChildAsync(string contender)
    {
        // The first round trip is the checked one (its download compared with the file by SHA-256).
        using var trip = await S3RoundTrip.CreateAsync(Enum.Parse<S3Contender>(contender));
        var first = PeakMemory.HighWaterMark();

        var clock = Stopwatch.StartNew();
        for (var i = 1; i < Rounds; i++)
        {
            await trip.RunAsync();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PEAK {first} {PeakMemory.HighWaterMark()} {GC.GetTotalAllocatedBytes(precise: true)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {seconds:R}"));
        return 0;
    }

    private static async Task<(double FirstMiB, double PeakMiB, double AllocatedMiB, int Gen0, int Gen1, int Gen2, double Seconds)?> RunChildAsync(
        S3Contender contender, (string Variable, string Value)[] environment)
    {
        var f = await PeakMemory.RunChildAsync(contender.ToString(), environment, ChildCommand, contender.ToString());
        return f is null ? null : (PeakMemory.MiB(f[0]), PeakMemory.MiB(f[1]), PeakMemory.MiB(f[2]), int.Parse(f[3], CultureInfo.InvariantCulture),
            int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture), double.Parse(f[6], CultureInfo.InvariantCulture));
    }
}
