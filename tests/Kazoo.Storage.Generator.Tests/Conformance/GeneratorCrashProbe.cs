using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Generator.Tests.Conformance;

/// <summary>
/// Finds the groups whose schemas make the generator take the whole process down (a stack overflow cannot be caught)
/// or hang, by running the generator on each group alone (with its extra files) in a child process first, so that the
/// rest of the suite still runs in this one. The child is this test assembly, started through a small launcher compiled
/// here (the test app's own entry point runs tests); it reports each group before and after its run, so the group it
/// died in is known, and is started again after it.
/// </summary>
internal static class GeneratorCrashProbe
{
    private const string Started = "started ";
    private const string Finished = "finished ";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    /// <summary>The groups the generator cannot get through, each with what happened.</summary>
    public static IReadOnlyDictionary<ConformanceGroup, string> Find(IReadOnlyList<ConformanceGroup> groups)
    {
        var directory = Directory.CreateTempSubdirectory("kazoo-conformance-").FullName;
        try
        {
            var launcher = CompileLauncher(directory);
            var input = Path.Combine(directory, "groups.json");
            File.WriteAllText(input, JsonSerializer.Serialize(groups.Select(g => g.AllFiles.Select(f => new[] { f.Path, f.Text }))));
            var crashes = new Dictionary<ConformanceGroup, string>();
            for (var next = 0; next < groups.Count;)
            {
                var (lastStarted, failure) = RunChild(launcher, input, next);
                if (failure is null)
                {
                    break;
                }

                if (lastStarted < next)
                {
                    throw new InvalidOperationException("The generator probe did not start: " + failure);
                }

                crashes[groups[lastStarted]] = failure;
                next = lastStarted + 1;
            }

            return crashes;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Entry point of the child (called by the launcher): runs the generator on each group from the start index.</summary>
    internal static int Child(string[] args)
    {
        var groups = JsonSerializer.Deserialize<List<List<string[]>>>(File.ReadAllText(args[0]))!;
        for (var group = int.Parse(args[1], CultureInfo.InvariantCulture); group < groups.Count; group++)
        {
            Console.Out.WriteLine(Started + group);
            Console.Out.Flush();
            GeneratorHarness.Run(groups[group].Select(file => new SchemaSource(file[0], file[1])));
            Console.Out.WriteLine(Finished + group);
            Console.Out.Flush();
        }

        return 0;
    }

    /// <summary>Runs the child from a group on; returns the last group it started and, if it did not finish it, why.</summary>
    private static (int LastStarted, string? Failure) RunChild(string launcher, string input, int from)
    {
        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var testAssembly = typeof(GeneratorCrashProbe).Assembly.Location;
        foreach (var argument in new[]
        {
            "exec", "--runtimeconfig", Path.ChangeExtension(testAssembly, ".runtimeconfig.json"), launcher,
            AppContext.BaseDirectory, Path.GetFileName(testAssembly), typeof(GeneratorCrashProbe).FullName!, nameof(Child),
            input, from.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                if (e.Data is not null && errors.Length < 20_000)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var lastStarted = from - 1;
        var lastFinished = from - 1;
        var reader = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith(Started, StringComparison.Ordinal))
                {
                    lastStarted = int.Parse(line[Started.Length..], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith(Finished, StringComparison.Ordinal))
                {
                    lastFinished = int.Parse(line[Finished.Length..], CultureInfo.InvariantCulture);
                }
            }
        });

        var exited = process.WaitForExit(s_timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        reader.Wait();
        if (!exited)
        {
            return (lastStarted, "the generator did not finish within " + s_timeout.TotalMinutes + " minutes");
        }

        if (process.ExitCode == 0 && lastFinished == lastStarted)
        {
            return (lastStarted, null);
        }

        // A stack overflow prints "Stack overflow." and the repeating frames: name the first frame outside the runtime.
        string[] lines;
        lock (errors)
        {
            lines = errors.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        }

        var frame = lines.FirstOrDefault(l => l.StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("at System.", StringComparison.Ordinal));
        var what = string.Join(" ", new[] { lines.FirstOrDefault(), frame }.OfType<string>());
        return (lastStarted, "the process running the generator exited with code " + process.ExitCode + (what.Length > 0 ? ": " + what : ""));
    }

    /// <summary>A tiny program that loads this test assembly (its dependencies from the test output folder) and calls <see cref="Child"/>.</summary>
    private static string CompileLauncher(string directory)
    {
        const string source = """
            using System;
            using System.IO;
            using System.Reflection;
            using System.Runtime.Loader;

            public static class Launcher
            {
                public static int Main(string[] args)
                {
                    var directory = args[0];
                    AssemblyLoadContext.Default.Resolving += (context, name) =>
                    {
                        var path = Path.Combine(directory, name.Name + ".dll");
                        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
                    };
                    var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(directory, args[1]));
                    var method = assembly.GetType(args[2], throwOnError: true)!.GetMethod(args[3], BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;
                    return (int)method.Invoke(null, new object[] { args[4..] })!;
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Kazoo.Storage.Conformance.Launcher",
            new[] { CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions) },
            CompilationReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(directory, "launcher.dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException("The probe launcher does not compile: " + result.Diagnostics.AtLeast(DiagnosticSeverity.Error).Describe());
        }

        return path;
    }

    /// <summary>The <c>dotnet</c> host running these tests: as the SDK tells child processes, else beside the shared framework.</summary>
    private static string DotNetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        // The shared framework lives in <root>/shared/Microsoft.NETCore.App/<version>/, the host in <root>.
        var name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var beside = Path.Combine(Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")), name);
        return File.Exists(beside) ? beside : name;
    }
}
