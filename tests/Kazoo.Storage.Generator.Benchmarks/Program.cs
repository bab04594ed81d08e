using BenchmarkDotNet.Running;
using Kazoo.Storage.Generator.Benchmarks;

// --cpu-time [N]: the four scenarios timed N times (default 20) by wall clock and thread CPU time, without
// BenchmarkDotNet (see README.md). Otherwise pick benchmarks with --filter, a job with --job. The exit code is non-zero
// when a benchmark failed (for example a check in its [GlobalSetup]); BenchmarkDotNet itself only reports it in the log.
if (args.Length > 0 && args[0] == "--cpu-time")
{
    return CpuTimeReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
}

// --consumer-build [ROUNDS] [CORPUS]: the generated code's size on Kazoo's schemas, and clean builds of a consumer with
// and without them, side by side (see README.md and ConsumerBuildReport).
if (args.Length > 0 && args[0] == "--consumer-build")
{
    return ConsumerBuildReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3, args.Length > 2 ? args[2] : null);
}

// --compiler-allocations [CORPUS]: the bytes and CPU time the compiler spends emitting the code generated for Kazoo's
// schemas, in this process on one thread (see README.md and CompilerAllocationReport).
if (args.Length > 0 && args[0] == "--compiler-allocations")
{
    return CompilerAllocationReport.Run(args.Length > 1 ? args[1] : null);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
