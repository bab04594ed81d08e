using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>The inputs of the generator benchmarks, as additional texts.</summary>
public static class SchemaCorpora
{
    private const string ResourcePrefix = "KazooSchemas/";

    /// <summary>Kazoo's 16 storage schemas (embedded from the repository's <c>schemas/</c>).</summary>
    public static IReadOnlyList<InMemoryAdditionalText> Storage()
    {
        var assembly = typeof(SchemaCorpora).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new InMemoryAdditionalText("/schemas/" + name[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .ToList();
        return files.Count == 16 ? files : throw new InvalidOperationException($"Expected 16 storage schemas, found {files.Count}.");
    }

    /// <summary>The synthetic Kazoo-style corpus (<see cref="SyntheticKazooCorpus"/>).</summary>
    public static IReadOnlyList<InMemoryAdditionalText> Synthetic(int count) =>
        SyntheticKazooCorpus.Create(count).Select(file => new InMemoryAdditionalText(file.Path, file.Text)).ToList();

    /// <summary>
    /// Checks a run the way a build would: no error or warning diagnostics (but KZS007), and at least <paramref name="minimumSources"/>
    /// generated files. A generator that gave up early would otherwise look fast.
    /// </summary>
    public static GeneratorDriverRunResult Check(string name, GeneratorDriver driver, int minimumSources)
    {
        var result = driver.GetRunResult();
        // KZS007 (the "patern" typo Kazoo's own storage schemas keep on purpose) is silenced in Kazoo.Storage's build too.
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "KZS007").ToList();
        var generator = result.Results.Single();
        if (generator.Exception is not null)
        {
            throw new InvalidOperationException($"{name}: the generator threw.", generator.Exception);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{name}: {problems.Count} warnings/errors, first: {problems[0]}");
        }

        if (generator.GeneratedSources.Length < minimumSources)
        {
            throw new InvalidOperationException($"{name}: {generator.GeneratedSources.Length} generated files, expected at least {minimumSources}.");
        }

        return result;
    }
}
