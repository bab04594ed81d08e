using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, a job with --job (see README.md). The exit code is non-zero when a benchmark failed
// (for example a check in its [GlobalSetup]); BenchmarkDotNet itself only reports it in the log.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
