using System.Diagnostics;
using System.Globalization;
using System.Security;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>
/// What the generator costs a consumer with all of Kazoo's published schemas (<c>../shared/corpus/kazoo-crossbar-schemas</c>
/// from the repository root, or a folder given on the command line), not a BenchmarkDotNet run:
/// <list type="number">
/// <item>The generated code, from an in-process generator run on the corpus: files, lines, bytes, types, lines per type.</item>
/// <item>Kazoo.Storage packed (Release, a version of its own), and four consumers of that package made in a temporary
/// folder and restored once: one with no schema, one with every corpus file as a <c>KazooSchema</c>, one with every file
/// as <c>GenerateTypes="false"</c> (validators only), and one like it with types for five everyday documents (users,
/// devices, vmboxes, callflows, storage, and what they refer to).</item>
/// <item>Clean builds (<c>bin</c> and <c>obj/Release</c> removed, no restore, no build server, no node reuse), the
/// consumers one after the other, <c>rounds</c> times, rotating which goes first. Each build's wall time, its CPU
/// time (user + system of the whole process tree, from <c>/usr/bin/time</c> where there is one: on a machine shared with
/// other work the wall time of a short build says more about the others than about it) and the peak of the summed
/// resident memory of its process tree (sampled every 50 ms).</item>
/// </list>
/// Prints medians and their ratios to the consumer without schemas. With 0 rounds, only the first step runs.
/// </summary>
public static class ConsumerBuildReport
{
    /// <summary>The schemas the "types for a few" consumer types (and what they refer to): Kazoo's everyday documents.</summary>
    private static readonly string[] s_typedSample = ["users", "devices", "vmboxes", "callflows", "storage"];

    public static int Run(int rounds, string? corpusArgument)
    {
        var root = RepositoryRoot();
        var schemas = Corpus(corpusArgument);
        if (schemas.Count == 0)
        {
            return 2;
        }

        var corpus = Path.GetDirectoryName(schemas[0])!;

        CountGeneratedCode(schemas);
        if (rounds == 0)
        {
            return 0;
        }

        var work = Directory.CreateTempSubdirectory("kazoo-consumer-build-").FullName;
        try
        {
            var version = "0.1.0-measure" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var packages = Path.Combine(work, "packages");
            Dotnet(root, "pack", Path.Combine(root, "sdk", "Kazoo.Storage", "Kazoo.Storage.csproj"), "-c", "Release", "-o", packages, "-p:Version=" + version);
            var escaped = SecurityElement.Escape(corpus);
            var sampleItems = string.Concat(s_typedSample.Select(id => $"""<KazooSchema Update="{escaped}/{id}.json" GenerateTypes="true" />"""));
            var consumers = new List<(string Label, string Directory)>
            {
                ("no schemas", Consumer(work, "without-schemas", packages, version, "")),
                (schemas.Count + " schemas, types for all", Consumer(work, "with-schemas", packages, version, $"""<KazooSchema Include="{escaped}/*.json" />""")),
                (schemas.Count + " schemas, validators only", Consumer(work, "validators-only", packages, version, $"""<KazooSchema Include="{escaped}/*.json" GenerateTypes="false" />""")),
                (schemas.Count + " schemas, types for " + s_typedSample.Length, Consumer(work, "typed-sample", packages, version,
                    $"""<KazooSchema Include="{escaped}/*.json" GenerateTypes="false" />""" + sampleItems)),
            };
            foreach (var (_, directory) in consumers)
            {
                Dotnet(directory, "restore");
            }

            var results = consumers.ToDictionary(c => c.Directory, _ => new List<Build>(), StringComparer.Ordinal);
            for (var round = 0; round < rounds; round++)
            {
                // Rotate which goes first, so that no consumer always builds on a warmer (or busier) machine.
                foreach (var (label, directory) in consumers.Skip(round % consumers.Count).Concat(consumers.Take(round % consumers.Count)))
                {
                    var build = CleanBuild(directory);
                    results[directory].Add(build);
                    Console.WriteLine($"round {round + 1}: {label,-36} {build.Seconds,7:F1} s  CPU {build.CpuSeconds,7:F1} s  peak {build.PeakBytes / 1048576.0,6:F0} MB");
                }
            }

            Console.WriteLine();
            var none = Median(results[consumers[0].Directory]);
            Console.WriteLine($"clean build, medians of {rounds}, and ratios to the consumer without schemas (wall / CPU / peak memory):");
            foreach (var (label, directory) in consumers)
            {
                var median = Median(results[directory]);
                Console.WriteLine($"  {label,-36} {median.Seconds,6:F1} s  CPU {median.CpuSeconds,6:F1} s  peak {median.PeakBytes / 1048576.0,6:F0} MB   "
                                  + $"{median.Seconds / none.Seconds,5:F2} / {median.CpuSeconds / none.CpuSeconds,5:F2} / {(double)median.PeakBytes / none.PeakBytes,5:F2}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The corpus's schema files in name order (empty, with a message, when there are none).</summary>
    public static IReadOnlyList<string> Corpus(string? corpusArgument)
    {
        var corpus = Path.GetFullPath(corpusArgument ?? Path.Combine(RepositoryRoot(), "..", "shared", "corpus", "kazoo-crossbar-schemas"));
        var schemas = Directory.Exists(corpus) ? Directory.GetFiles(corpus, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        if (schemas.Count == 0)
        {
            Console.Error.WriteLine("No schema corpus at " + corpus + " (pass a folder of Kazoo schemas as the second argument).");
        }

        return schemas;
    }

    /// <summary>
    /// Runs the generator on the corpus in this process and prints the size of what it generates: with types for every
    /// file, with none (<c>GenerateTypes="false"</c> everywhere), and with types for the sample only.
    /// </summary>
    private static void CountGeneratedCode(IReadOnlyList<string> schemas)
    {
        var texts = schemas.Select(path => new InMemoryAdditionalText(path, File.ReadAllText(path))).ToList();
        CountGeneratedCode("types for all", texts, null);
        CountGeneratedCode("validators only", texts, static _ => true);
        CountGeneratedCode("types for " + string.Join(", ", s_typedSample), texts,
            static path => !s_typedSample.Contains(Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal));
    }

    private static void CountGeneratedCode(string label, IReadOnlyList<InMemoryAdditionalText> texts, Func<string, bool>? validatorOnly)
    {
        var driver = ConsumerCompilation.CreateDriver(texts, validatorOnly).RunGenerators(ConsumerCompilation.Create());
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException("The generator threw on the corpus.", result.Exception);
        }

        var sources = result.GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        var contextPrefix = ConsumerCompilation.ContextName + ".";
        var types = sources.Where(s => !s.HintName.StartsWith(contextPrefix, StringComparison.Ordinal)).ToList();
        static long Lines(IEnumerable<(string HintName, string Text)> files) => files.Sum(f => (long)f.Text.Count(c => c == '\n'));
        var allLines = Lines(sources);
        var typeLines = Lines(types);
        Console.WriteLine($"generated, {label}: {sources.Count} files, {allLines} lines, {sources.Sum(s => (long)System.Text.Encoding.UTF8.GetByteCount(s.Text)) / 1048576.0:F1} MB, {types.Count} types");
        if (types.Count == 0)
        {
            return;
        }

        Console.WriteLine($"  lines per type: {(double)allLines / types.Count:F1} counting every generated line (the JSON entry point and the validators' schema nodes too), "
                          + $"{(double)typeLines / types.Count:F1} in the types' own files");
    }

    private static string Consumer(string work, string name, string packages, string version, string schemaItems)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <KazooSchemaNamespace>Kazoo.Crossbar.Models</KazooSchemaNamespace>
                <KazooSchemaJsonContext>CrossbarJson</KazooSchemaJsonContext>
                <NoWarn>$(NoWarn);KZS004;KZS005;KZS007</NoWarn>
                <RestorePackagesPath>{SecurityElement.Escape(Path.Combine(work, "package-cache"))}</RestorePackagesPath>
                <RestoreAdditionalProjectSources>{SecurityElement.Escape(packages)}</RestoreAdditionalProjectSources>
                <RestoreAdditionalProjectFallbackFolders>{SecurityElement.Escape(machineCache)}</RestoreAdditionalProjectFallbackFolders>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="Kazoo.Storage" Version="{version}" /></ItemGroup>
              <ItemGroup>{schemaItems}</ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.cs"), "namespace Consumer;\n\n/// <summary>Nothing but the generated code.</summary>\npublic static class Marker\n{\n}\n");
        return directory;
    }

    private static Build CleanBuild(string consumer)
    {
        foreach (var output in new[] { Path.Combine(consumer, "bin"), Path.Combine(consumer, "obj", "Release") })
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }

        var clock = Stopwatch.StartNew();
        var (peak, cpu) = Dotnet(consumer, "build", "--no-restore", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        return new Build(clock.Elapsed.TotalSeconds, cpu, peak);
    }

    /// <summary>
    /// Runs the .NET CLI to its end (failing loudly), and returns the peak resident memory of its process tree and its CPU
    /// time (NaN without <c>/usr/bin/time</c>).
    /// </summary>
    private static (long PeakBytes, double CpuSeconds) Dotnet(string directory, params string[] arguments)
    {
        const string Time = "/usr/bin/time";
        var cpuFile = Path.GetTempFileName();
        var timed = File.Exists(Time);
        var start = new ProcessStartInfo(timed ? Time : "dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (timed ? new[] { "-f", "%U %S", "-o", cpuFile, "dotnet" } : []).Concat(arguments).Append("-nologo"))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(50))
        {
            peak = Math.Max(peak, TreeResidentBytes(process.Id));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{output.Result}\n{error.Result}");
        }

        var cpu = timed ? File.ReadAllText(cpuFile).Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(part => double.Parse(part, CultureInfo.InvariantCulture)) : double.NaN;
        File.Delete(cpuFile);
        return (peak, cpu);
    }

    /// <summary>The resident memory of a process and its descendants (Linux /proc; 0 elsewhere).</summary>
    private static long TreeResidentBytes(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        var parents = new Dictionary<int, int>();
        var resident = new Dictionary<int, long>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid …"; rss (in pages) is the 24th field.
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                resident[pid] = long.Parse(fields[21], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while being read.
            }
        }

        long total = 0;
        foreach (var (pid, bytes) in resident)
        {
            for (var p = pid; parents.TryGetValue(p, out var parent); p = parent)
            {
                if (p == root)
                {
                    total += bytes;
                    break;
                }
            }
        }

        return total;
    }

    /// <summary>Each measure's own median.</summary>
    private static Build Median(List<Build> runs)
    {
        T Middle<T>(IEnumerable<T> values) => values.Order().ElementAt(runs.Count / 2);
        return new Build(Middle(runs.Select(r => r.Seconds)), Middle(runs.Select(r => r.CpuSeconds)), Middle(runs.Select(r => r.PeakBytes)));
    }

    private sealed record Build(double Seconds, double CpuSeconds, long PeakBytes);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Sdk.sln above " + AppContext.BaseDirectory + ": run the benchmarks from the repository's build output.");
    }
}
