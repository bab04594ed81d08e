using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Kazoo.Storage.Benchmarks.S3;

/// <summary>
/// The peak working set (resident memory) of a benchmark's own process. BenchmarkDotNet runs each case in a separate
/// process: the case resets the kernel's high-water mark after its setup (<c>/proc/self/clear_refs</c>), reads it
/// (<c>VmHWM</c> in <c>/proc/self/status</c>) in its cleanup and leaves it in a file that <see cref="PeakWorkingSetColumn"/>
/// shows in the summary table.
/// </summary>
internal static class PeakWorkingSet
{
    /// <summary>The environment variable that names the job a benchmark process runs (set by the job).</summary>
    public const string JobVariable = "KAZOO_BENCHMARK_JOB";

    private static string Folder => Path.Combine(Path.GetTempPath(), "kazoo-benchmarks-peak-working-set");

    /// <summary>
    /// Starts the measurement over (Linux only): a full, compacting, decommitting collection first, so that what the setup
    /// left behind (the file's hash, the verification round trip) does not count, then the high-water mark is reset to the
    /// working set of that moment, which is recorded as the base. False when the kernel did not allow the reset.
    /// </summary>
    public static bool Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        s_base = Resident("VmRSS:");
        try
        {
            // "5" resets the peak resident set size reported as VmHWM.
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static long s_base;

    /// <summary>The process's peak working set in bytes: VmHWM on Linux, else .NET's own figure.</summary>
    public static long Current() => Resident("VmHWM:");

    private static long Resident(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kib = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: fall through.
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return field == "VmHWM:" ? process.PeakWorkingSet64 : process.WorkingSet64;
    }

    /// <summary>Records the current peak for a benchmark method (called in its cleanup).</summary>
    /// <param name="benchmark">The benchmark method's name.</param>
    /// <param name="sinceReset">Whether the peak was reset after setup.</param>
    public static void Record(string benchmark, bool sinceReset)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(PathOf(benchmark), Current().ToString(CultureInfo.InvariantCulture) + " " + s_base.ToString(CultureInfo.InvariantCulture) + (sinceReset ? "" : " since-start"));
    }

    /// <summary>Forgets earlier runs' figures (called from the first setup of a run).</summary>
    /// <param name="benchmark">The benchmark method's name.</param>
    public static void Clear(string benchmark)
    {
        var path = PathOf(benchmark);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The figure's file: per benchmark method and job (the job from <see cref="JobVariable"/> unless given).</summary>
    private static string PathOf(string benchmark, string? job = null) =>
        Path.Combine(Folder, benchmark + "." + (job ?? Environment.GetEnvironmentVariable(JobVariable) ?? "default") + ".txt");

    /// <summary>The recorded peak for a benchmark method under a job, or null (read by the summary's column).</summary>
    /// <param name="benchmark">The benchmark method's name.</param>
    /// <param name="job">The job's id.</param>
    public static (long Bytes, long Base, bool SinceStart)? Read(string benchmark, string job)
    {
        var path = PathOf(benchmark, job);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Split(' ');
        return (long.Parse(text[0], CultureInfo.InvariantCulture), long.Parse(text[1], CultureInfo.InvariantCulture), text.Length > 2);
    }
}

/// <summary>Shows <see cref="PeakWorkingSet"/>'s figure for each case, in MiB: the peak, or the base it started from.</summary>
/// <param name="showBase">Whether this column shows the base (the working set when measuring began) rather than the peak.</param>
internal sealed class PeakWorkingSetColumn(bool showBase = false) : IColumn
{
    public string Id => nameof(PeakWorkingSetColumn) + (showBase ? ".Base" : "");

    public string ColumnName => showBase ? "Base WS" : "Peak WS";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => showBase ? 1 : 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => showBase
        ? "Working set (resident memory, VmRSS) of the benchmark process when measuring began, after its setup and a full collection"
        : "Peak working set (resident memory, VmHWM) of the benchmark process during the warm-up and measured iterations";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        PeakWorkingSet.Read(benchmarkCase.Descriptor.WorkloadMethod.Name, benchmarkCase.Job.Id) is { } peak
            ? ((showBase ? peak.Base : peak.Bytes) / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MiB" + (peak.SinceStart && !showBase ? " (since start)" : "")
            : "?";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Bytes moved per second: the case's <c>Bytes</c> over its mean time, in MiB/s.</summary>
/// <param name="bytesPerOperation">How many bytes one operation moves (up and down).</param>
internal sealed class ThroughputColumn(long bytesPerOperation) : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "Throughput";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{bytesPerOperation / (1024 * 1024)} MiB moved per operation (upload and download) over the mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0
            ? (bytesPerOperation / (1024.0 * 1024.0) / (mean.Value / 1e9)).ToString("F1", CultureInfo.InvariantCulture) + " MiB/s"
            : "?";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
