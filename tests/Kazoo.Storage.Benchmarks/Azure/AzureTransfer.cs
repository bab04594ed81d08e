using System.Globalization;

namespace Kazoo.Storage.Benchmarks.Azure;

/// <summary>
/// The Azure transfer benchmark (<c>--azure-transfer [rounds]</c>): the 1 GiB round trip of <see cref="AzureRoundTrip"/>
/// through <c>AzureAttachmentHandler</c> and through the Azure SDK's <c>BlobClient</c>, interleaved in one process (each
/// round runs both, in alternating order), so a machine whose speed drifts slows both alike. Reports each contender's
/// median upload, download and round-trip throughput and the median over rounds of the handler's round-trip throughput
/// over the baseline's (target: at least 90%). Memory is measured apart, in processes that do nothing else
/// (<c>--azure-peak-memory</c>, <see cref="RunPeakMemoryAsync"/>).
/// </summary>
internal static class AzureTransfer
{
    /// <summary>The throughput switch (optionally followed by the number of measured rounds, default 3).</summary>
    public const string Command = "--azure-transfer";

    /// <summary>The memory switch.</summary>
    public const string PeakMemoryCommand = "--azure-peak-memory";

    /// <summary>The switch a memory child process gets (with the contender's name).</summary>
    public const string PeakMemoryChildCommand = "--azure-peak-memory-child";

    /// <summary>The lowest acceptable handler throughput, as a fraction of the baseline's.</summary>
    public const double TargetRatio = 0.90;

    /// <summary>The highest acceptable peak working set of a process moving 1 GiB through the handler, in MiB.</summary>
    public const double TargetMiB = 100;

    private const double GiBInMiB = 1024;

    /// <summary>Runs the interleaved throughput measurement and prints its table; 1 when the target was missed.</summary>
    /// <param name="arguments">Optionally the number of measured rounds.</param>
    public static async Task<int> RunAsync(string[] arguments)
    {
        var rounds = arguments is [var text] ? int.Parse(text, CultureInfo.InvariantCulture) : 3;
        Console.Error.WriteLine("Checking one round trip of each contender (SHA-256) …");
        await AzureRoundTrip.CreateContainerAsync();
        using var trip = await AzureRoundTrip.CreateAsync(await AzureRoundTrip.SourceHashAsync(), AzureContender.BlobClient, AzureContender.Handler);

        var results = new Dictionary<AzureContender, List<(TimeSpan Up, TimeSpan Down)>> { [AzureContender.BlobClient] = [], [AzureContender.Handler] = [] };
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { AzureContender.Handler, AzureContender.BlobClient } : [AzureContender.BlobClient, AzureContender.Handler];
            foreach (var contender in order)
            {
                var result = await trip.RunAsync(contender);
                results[contender].Add(result);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds} {contender}: up {result.Upload.TotalSeconds:F1} s, down {result.Download.TotalSeconds:F1} s"));
            }

            var handler = results[AzureContender.Handler][^1];
            var baseline = results[AzureContender.BlobClient][^1];
            ratios.Add((baseline.Up + baseline.Down) / (handler.Up + handler.Down));
        }

        Console.WriteLine();
        Console.WriteLine($"1 GiB up and down through Azurite, {rounds} interleaved rounds, block size {AzureRoundTrip.BlockSize / (1024 * 1024)} MiB, {AzureRoundTrip.Concurrency} in flight:");
        Console.WriteLine();
        Console.WriteLine("| contender | upload | download | round trip | round-trip throughput vs BlobClient (median of rounds) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var contender in new[] { AzureContender.BlobClient, AzureContender.Handler })
        {
            var runs = results[contender];
            var up = Median(runs.Select(r => GiBInMiB / r.Up.TotalSeconds));
            var down = Median(runs.Select(r => GiBInMiB / r.Down.TotalSeconds));
            var both = Median(runs.Select(r => 2 * GiBInMiB / (r.Up + r.Down).TotalSeconds));
            var ratio = contender == AzureContender.Handler ? Median(ratios) : 1.0;
            var name = contender == AzureContender.Handler ? "AzureAttachmentHandler (PutAsync / OpenReadAsync)" : "BlobClient (UploadAsync / DownloadToAsync), baseline";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {up:F1} MiB/s | {down:F1} MiB/s | {both:F1} MiB/s | {ratio:P1} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Throughputs are medians over rounds (1 GiB over the upload's or the download's time; 2 GiB over both). The ratio is the");
        Console.WriteLine("median over rounds of the handler's round-trip throughput over the baseline's in the same round.");
        var met = Median(ratios) >= TargetRatio;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"AzureAttachmentHandler round trip at {Median(ratios):P1} of BlobClient (per round: {string.Join(", ", ratios.Select(r => r.ToString("P1", CultureInfo.InvariantCulture)))}); target at least {TargetRatio:P0}: {(met ? "met" : "MISSED")}."));
        return met ? 0 : 1;
    }

    /// <summary>Runs a child per contender and collector setting, prints the table; 1 when a child failed or the target was missed.</summary>
    public static async Task<int> RunPeakMemoryAsync()
    {
        var rows = new List<string>();
        var handlerPeaks = new List<double>();
        // The container and the source's hash are made here, so each child does nothing but its contender's round trip.
        await AzureRoundTrip.CreateContainerAsync();
        var sourceHash = Convert.ToHexString(await AzureRoundTrip.SourceHashAsync());
        foreach (var (collector, environment) in PeakMemory.Collectors)
        {
            foreach (var contender in new[] { AzureContender.Handler, AzureContender.BlobClient })
            {
                Console.Error.WriteLine($"Measuring {contender}, GC {collector} …");
                if (await PeakMemory.RunChildAsync(contender.ToString(), environment, PeakMemoryChildCommand, contender.ToString(), sourceHash) is not { } f)
                {
                    return 1;
                }

                var peak = PeakMemory.MiB(f[0]);
                var allocated = PeakMemory.MiB(f[1]);
                if (contender == AzureContender.Handler)
                {
                    handlerPeaks.Add(peak);
                }

                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {collector} | {(contender == AzureContender.Handler ? "AzureAttachmentHandler" : "BlobClient")} | {peak:F1} MiB | {allocated:F1} MiB | {f[2]}/{f[3]}/{f[4]} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Peak working set of a process that moves 1 GiB up to Azurite and back and does nothing else (one process per row):");
        Console.WriteLine();
        Console.WriteLine("| GC | contender | peak working set | allocated | collections (gen 0/1/2) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Peak working set: the kernel's high-water mark of the process's resident memory (VmHWM), runtime, Azure SDK and");
        Console.WriteLine("JIT-compiled code included, after one round trip whose download was checked by SHA-256. The container and the source's");
        Console.WriteLine("hash are made by the parent process; a handler child makes no plain Azure SDK client.");
        var met = handlerPeaks.All(p => p < TargetMiB);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"AzureAttachmentHandler, 1 GiB round trip: peak {string.Join(", ", handlerPeaks.Select(p => p.ToString("F1", CultureInfo.InvariantCulture) + " MiB"))}; target under {TargetMiB:F0} MiB: {(met ? "met" : "MISSED")}."));
        return met ? 0 : 1;
    }

    /// <summary>The child: one checked round trip of one contender, then one line that <see cref="RunPeakMemoryAsync"/> parses.</summary>
    /// <param name="contender">The contender's name.</param>
    /// <param name="sourceHash">The source's SHA-256, in hex.</param>
    public static async Task<int> ChildAsync(string contender, string sourceHash)
    {
        using var trip = await AzureRoundTrip.CreateAsync(Convert.FromHexString(sourceHash), Enum.Parse<AzureContender>(contender));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PEAK {PeakMemory.HighWaterMark()} {GC.GetTotalAllocatedBytes(precise: true)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}"));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
