using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>
/// A second measure next to BenchmarkDotNet's wall-clock one, for machines shared with other work: the same four
/// scenarios (same inputs, same edits), each run repeatedly in this process, timed by wall clock and by the CPU time of
/// the thread that runs the generator (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>; elsewhere the process's CPU
/// time).
/// Other processes' load inflates the wall clock a lot and the thread's CPU time much less. Memory is collected before
/// every timed run, so no run pays for the garbage of the one before.
/// </summary>
public static class CpuTimeReport
{
    public static int Run(int iterations)
    {
        var storage = SchemaCorpora.Storage();
        var corpus = SchemaCorpora.Synthetic(800);
        var storageOriginal = storage.Single(t => t.Path.EndsWith("/storage.plan.database.attachment.json", StringComparison.Ordinal));
        var storageEdited = new InMemoryAdditionalText(storageOriginal.Path, storageOriginal.GetText().ToString()
            .Replace("\"stub\": {", "\"priority\": {\n            \"description\": \"Order among handlers\",\n            \"minimum\": 0,\n            \"type\": \"integer\"\n        },\n        \"stub\": {", StringComparison.Ordinal));
        var memberPath = "/corpus/" + SyntheticKazooCorpus.MemberId(50) + ".json";
        var corpusOriginal = corpus.Single(t => t.Path == memberPath);
        var corpusEdited = new InMemoryAdditionalText(memberPath, SyntheticKazooCorpus.EditMember(corpusOriginal.GetText().ToString()));

        var samples = new Dictionary<string, List<(double Wall, double Cpu)>>(StringComparer.Ordinal);
        for (var i = 0; i < iterations + 2; i++)
        {
            foreach (var (name, schemas, original, edited) in new[] { ("Storage16", storage, storageOriginal, storageEdited), ("Corpus800", corpus, corpusOriginal, corpusEdited) })
            {
                var compilation = ConsumerCompilation.Create();
                GeneratorDriver driver = null!;
                var cold = Time(() => driver = ConsumerCompilation.CreateDriver(schemas).RunGenerators(compilation));
                var replaced = driver.ReplaceAdditionalText(original, edited);
                var edit = Time(() => replaced = replaced.RunGenerators(compilation));
                SchemaCorpora.Check(name + " (edited)", replaced, minimumSources: schemas.Count);
                if (i >= 2)
                {
                    Add(samples, "Cold-" + name, cold);
                    Add(samples, "Edit-" + name, edit);
                }
            }
        }

        Console.WriteLine($"{"scenario",-16} {"wall min",10} {"wall median",12} {"cpu min",10} {"cpu median",12}   ({iterations} runs each, ms)");
        foreach (var (name, values) in samples.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var wall = values.Select(v => v.Wall).Order().ToList();
            var cpu = values.Select(v => v.Cpu).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16} {wall[0],10:F1} {wall[wall.Count / 2],12:F1} {cpu[0],10:F1} {cpu[cpu.Count / 2],12:F1}"));
        }

        return 0;
    }

    private static void Add(Dictionary<string, List<(double, double)>> samples, string name, (double, double) sample)
    {
        if (!samples.TryGetValue(name, out var list))
        {
            samples[name] = list = new List<(double, double)>();
        }

        list.Add(sample);
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = ThreadCpuMilliseconds();
        var wall = Stopwatch.StartNew();
        action();
        wall.Stop();
        return (wall.Elapsed.TotalMilliseconds, ThreadCpuMilliseconds() - cpu);
    }

    /// <summary>The CPU time this thread has run, in milliseconds.</summary>
    private static double ThreadCpuMilliseconds()
    {
        if (OperatingSystem.IsLinux() && NativeMethods.clock_gettime(NativeMethods.ClockThreadCpuTime, out var time) == 0)
        {
            return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
        }

        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    private static class NativeMethods
    {
        public const int ClockThreadCpuTime = 3;

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int clock_gettime(int clockId, out TimeSpec time);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        public struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
