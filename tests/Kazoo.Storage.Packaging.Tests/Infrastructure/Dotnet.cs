using System.Diagnostics;
using System.Text;

namespace Kazoo.Storage.Packaging.Tests.Infrastructure;

/// <summary>The outcome of a <c>dotnet</c> build command: its exit code and its logs.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Log">The whole build log (normal verbosity).</param>
/// <param name="Warnings">The build's warnings, one a line; empty when there were none.</param>
internal sealed record BuildResult(int ExitCode, string Log, string Warnings)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The end of the log, for assertion messages.</summary>
    public string Tail => Log.Length <= 6000 ? Log : "…" + Log[^6000..];
}

/// <summary>The outcome of a program run: exit code, standard output and standard error.</summary>
internal sealed record RunResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs the .NET CLI and programs as child processes, each bounded in time.</summary>
internal static class Dotnet
{
    /// <summary>The <c>dotnet</c> host that runs these tests (the CLI tells its children where it is), else the one on PATH.</summary>
    public static string Host { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Runs a build-type command (<c>build</c>, <c>pack</c>, …) with its output in log files. The build servers it starts
    /// or reuses (MSBuild nodes, the compiler server) may outlive it holding its console pipes, so the console is only
    /// drained, never waited for: the command is over when the process exits.
    /// </summary>
    public static async Task<BuildResult> BuildAsync(string workingDirectory, string logDirectory, string logName, TimeSpan timeout, CancellationToken cancellationToken, params string[] arguments)
    {
        Directory.CreateDirectory(logDirectory);
        var log = Path.Combine(logDirectory, logName + ".log");
        var warnings = Path.Combine(logDirectory, logName + ".warnings.log");
        string[] all =
        [
            .. arguments,
            "-nologo",
            "-noConsoleLogger",
            $"-flp:LogFile={log};Verbosity=normal",
            $"-flp1:LogFile={warnings};WarningsOnly;NoSummary",
        ];
        using var process = new Process { StartInfo = NewStartInfo(Host, all, workingDirectory, redirect: true) };
        var console = new StringBuilder();
        process.Start();
        process.StandardInput.Close();
        _ = PumpAsync(process.StandardOutput, console);
        _ = PumpAsync(process.StandardError, console);
        await WaitAsync(process, timeout, "dotnet " + string.Join(' ', arguments), cancellationToken);

        var text = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "(no log written)";
        lock (console)
        {
            if (console.Length > 0)
            {
                text += "\n--- console\n" + console;
            }
        }

        return new BuildResult(
            process.ExitCode,
            text,
            File.Exists(warnings) ? (await File.ReadAllTextAsync(warnings, cancellationToken)).Trim() : "");
    }

    /// <summary>Runs a program, capturing its output.</summary>
    public static async Task<RunResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var start = NewStartInfo(fileName, arguments, workingDirectory, redirect: true);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitAsync(process, timeout, fileName + " " + string.Join(' ', arguments), cancellationToken);
        lock (output)
        {
            lock (error)
            {
                return new RunResult(process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder sink)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                Append(sink, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process object was disposed while a build server still held the pipe: nothing more to read.
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }

    private static ProcessStartInfo NewStartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, bool redirect)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run inside an MSBuild or `dotnet test` process whose settings must not steer the child's build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return start;
    }

    private static async Task WaitAsync(Process process, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{what}' did not finish within {timeout.TotalSeconds:0} s and was stopped.");
        }
    }
}
