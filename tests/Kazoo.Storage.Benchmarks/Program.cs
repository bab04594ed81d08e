using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, a job with --job (see README.md). The exit code is non-zero when a
// benchmark failed (for example the round-trip check in its [GlobalSetup]), so a CI smoke run
// (--job dry) catches it; BenchmarkDotNet itself only reports it in the log.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
