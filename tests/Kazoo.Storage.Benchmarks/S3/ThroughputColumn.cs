using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Kazoo.Storage.Benchmarks.S3;

/// <summary>Bytes moved per second: the case's bytes per operation over its mean time, in MiB/s.</summary>
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
