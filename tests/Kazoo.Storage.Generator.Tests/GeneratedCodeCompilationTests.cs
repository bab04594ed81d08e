using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// The code generated from the storage schemas, compiled as a consuming project compiles it: nullable on, every
/// warning wave, XML documentation checked, against the running .NET and Kazoo.Storage.dll.
/// </summary>
public sealed class GeneratedCodeCompilationTests
{
    private static readonly Lazy<GeneratorRun> s_storage = new(() => GeneratorHarness.Run(StorageSchemas.All()));

    [Fact]
    public void Storage_schemas_generate_code_that_compiles_without_warnings_or_errors()
    {
        var problems = s_storage.Value.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);

        Assert.True(problems.Count == 0, problems.Describe());
    }

    [Fact]
    public void Generator_reports_no_errors_for_the_storage_schemas()
    {
        var errors = s_storage.Value.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Error);

        Assert.True(errors.Count == 0, errors.Describe());
    }

    [Fact]
    public void Generator_warns_only_about_the_three_known_patern_typos()
    {
        // schemas/README.md keeps Kazoo's "patern" on oauth_doc_id in dropbox, google_drive and onedrive on purpose.
        var warnings = s_storage.Value.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Warning);

        Assert.Equal(
            new[]
            {
                "KZS007 storage.attachment.dropbox.json",
                "KZS007 storage.attachment.google_drive.json",
                "KZS007 storage.attachment.onedrive.json",
            },
            warnings.Select(d => d.Id + " " + Path.GetFileName(d.Location.GetLineSpan().Path)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generator_does_not_crash_on_the_storage_schemas()
    {
        var run = s_storage.Value;
        var crashes = run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics)
            .Where(d => d.Id is "CS8785" or "AD0001" or "KZS010")
            .ToList();

        Assert.Null(run.Result.Exception);
        Assert.True(crashes.Count == 0, crashes.Describe());
    }

    [Fact]
    public void Generated_code_silences_no_warnings()
    {
        var silencing = s_storage.Value.Sources
            .Where(source => source.Value.Contains("#pragma warning disable", StringComparison.Ordinal))
            .Select(source => source.Key)
            .ToList();

        Assert.Empty(silencing);
    }
}
