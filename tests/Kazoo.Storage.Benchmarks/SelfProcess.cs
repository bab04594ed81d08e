using System.Diagnostics;

namespace Kazoo.Storage.Benchmarks;

/// <summary>Starting this benchmark program again as a child process, the way it was started (an apphost or <c>dotnet program.dll</c>).</summary>
internal static class SelfProcess
{
    /// <summary>The program and arguments that run this benchmark program with <paramref name="arguments"/>.</summary>
    /// <param name="arguments">The child's command line.</param>
    public static (string FileName, List<string> Arguments) CommandLine(params string[] arguments)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var all = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            all.Add(typeof(SelfProcess).Assembly.Location);
        }

        all.AddRange(arguments);
        return (self, all);
    }

    /// <summary>A start info for the child with standard output redirected.</summary>
    /// <param name="arguments">The child's command line.</param>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var (fileName, all) = CommandLine(arguments);
        var start = new ProcessStartInfo { FileName = fileName, RedirectStandardOutput = true, UseShellExecute = false };
        all.ForEach(start.ArgumentList.Add);
        return start;
    }
}
