using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>
/// What compiling the generated code costs the compiler, by a measure that other processes on a shared machine do not
/// move: the generator runs in this process on Kazoo's corpus (types for all), and the output compilation is emitted on
/// one thread; the bytes the process allocated during the emit (the compiler's work) and its CPU time are printed.
/// The README's variants of the generated files were measured the same way on hand-edited copies of the output.
/// </summary>
public static class CompilerAllocationReport
{
    public static int Run(string? corpusArgument)
    {
        var corpus = ConsumerBuildReport.Corpus(corpusArgument);
        if (corpus.Count == 0)
        {
            return 2;
        }

        var texts = corpus.Select(path => new InMemoryAdditionalText(path, File.ReadAllText(path))).ToList();
        var input = ConsumerCompilation.Create();
        input = input.WithOptions(input.Options.WithConcurrentBuild(false).WithOptimizationLevel(OptimizationLevel.Release));
        ConsumerCompilation.CreateDriver(texts).RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        Console.WriteLine($"compiling {output.SyntaxTrees.Count() - 1} generated files, one thread");

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var image = new MemoryStream();
        var result = output.Emit(image);
        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        Console.WriteLine($"emit: {bytes / 1e9:F2} GB allocated, {seconds:F1} s CPU, {errors} errors, {image.Length / 1048576.0:F1} MB of IL and metadata");
        return errors == 0 ? 0 : 1;
    }
}
