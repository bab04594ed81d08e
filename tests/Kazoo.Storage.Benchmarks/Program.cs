using BenchmarkDotNet.Running;
using Kazoo.Storage.Benchmarks.Azure;
using Kazoo.Storage.Benchmarks.Client;
using Kazoo.Storage.Benchmarks.S3;

// Pick benchmarks with --filter, a job with --job (see README.md). The exit code is non-zero when a
// benchmark failed (for example the round-trip check in its [GlobalSetup]), so a CI smoke run
// (--job dry) catches it; BenchmarkDotNet itself only reports it in the log.
// --s3-peak-memory measures the S3 round trip's memory in processes of its own (S3/README.md);
// --azure-transfer [rounds] and --azure-peak-memory measure the Azure round trip's throughput and memory (Azure/README.md);
// --crossbar-emulator is the client benchmarks' emulator process (Client/EmulatorProcess.cs);
// --client-overhead [rounds] measures the client benchmarks' contenders interleaved in one process (Client/ClientOverhead.cs).
if (args is [EmulatorProcess.Command])
{
    return await EmulatorProcess.RunAsync();
}

if (args is [ClientOverhead.Command, .. var options])
{
    return await ClientOverhead.RunAsync(options);
}

if (args is [S3PeakMemory.Command])
{
    return await S3PeakMemory.RunAsync();
}

if (args is [S3PeakMemory.ChildCommand, var contender])
{
    return await S3PeakMemory.ChildAsync(contender);
}

if (args is [AzureTransfer.Command, .. var rounds])
{
    return await AzureTransfer.RunAsync(rounds);
}

if (args is [AzureTransfer.PeakMemoryCommand])
{
    return await AzureTransfer.RunPeakMemoryAsync();
}

if (args is [AzureTransfer.PeakMemoryChildCommand, var azureContender, var sourceHash])
{
    return await AzureTransfer.ChildAsync(azureContender, sourceHash);
}

// The client benchmarks share one emulator process, warmed before any contender runs (Client/EmulatorProcess.cs);
// other runs do not start it.
await using var emulator = EmulatorProcess.Selected(args) ? await EmulatorProcess.StartSharedAsync() : null;
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
