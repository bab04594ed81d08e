using System.Diagnostics;
using System.Globalization;

namespace Kazoo.Storage.Benchmarks;

/// <summary>
/// What the peak-memory measurements (<c>--s3-peak-memory</c>, <c>--azure-peak-memory</c>) share: one child process per
/// contender and garbage collector setting, each doing nothing but its round trips and printing one line
/// <c>PEAK figure…</c>, and the figure they are about, the kernel's high-water mark of the process's resident memory
/// (<c>VmHWM</c>). Linux only (it comes from <c>/proc/self/status</c>).
/// </summary>
internal static class PeakMemory
{
    /// <summary>
    /// The collector settings each contender is measured with: as .NET sizes itself on the machine, and with its first
    /// generation's budget at 16 MiB (<c>DOTNET_GCgen0size</c>).
    /// </summary>
    public static readonly (string Name, (string Variable, string Value)[] Environment)[] Collectors =
    [
        ("as sized on this machine", []),
        ("gen0 budget 16 MiB", [("DOTNET_GCgen0size", "0x1000000")]),
    ];

    /// <summary>
    /// Runs this program again with <paramref name="arguments"/> under <paramref name="environment"/> and returns the figures
    /// of the child's <c>PEAK</c> line; null, with the child's errors on standard error, when it failed.
    /// </summary>
    /// <param name="contender">The contender's name, for the failure.</param>
    /// <param name="environment">The collector setting's variables.</param>
    /// <param name="arguments">The child's command line.</param>
    public static async Task<string[]?> RunChildAsync(string contender, (string Variable, string Value)[] environment, params string[] arguments)
    {
        var start = SelfProcess.StartInfo(arguments);
        start.RedirectStandardError = true;
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("PEAK ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"The {contender} process failed (exit {child.ExitCode}):");
            Console.Error.WriteLine(await errors);
            return null;
        }

        return line.Split(' ')[1..];
    }

    /// <summary>The process's peak resident memory so far (<c>VmHWM</c>), in bytes.</summary>
    public static long HighWaterMark()
    {
        const string Field = "VmHWM:";
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(Field, StringComparison.Ordinal))
            {
                return long.Parse(line[Field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {Field}.");
    }

    /// <summary>A figure in bytes, as MiB.</summary>
    public static double MiB(string bytes) => long.Parse(bytes, CultureInfo.InvariantCulture) / (1024.0 * 1024);
}
