using System.Diagnostics;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>Runs a built program (the CLI, a sample) as a child process of the test, with the <c>dotnet</c> host running the tests.</summary>
internal static class ChildProcess
{
    /// <summary>The <c>dotnet</c> host that runs these tests, else the one on the path.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts <c>dotnet exec <paramref name="assembly"/> <paramref name="args"/></c> with standard output and error redirected.</summary>
    /// <param name="assembly">The program's .dll.</param>
    /// <param name="environment">Variables to set (or, with a null value, remove) in the child's environment.</param>
    /// <param name="args">Its arguments.</param>
    public static Process Start(string assembly, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        Assert.True(File.Exists(assembly), assembly + " is missing");
        var start = new ProcessStartInfo(DotnetHost, ["exec", assembly, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits for <paramref name="process"/> to end (killing it after <paramref name="timeout"/>) and returns what it wrote.</summary>
    public static async Task<(int ExitCode, string Out, string Err)> CompleteAsync(Process process, TimeSpan timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
