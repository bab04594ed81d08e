using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>A bad schema is reported where it is wrong, and does not stop the good schemas from generating.</summary>
public sealed class SchemaDiagnosticTests
{
    private static readonly string s_brokenPath = Path.Combine(StorageSchemas.Directory, "storage.broken.json");
    private static readonly string s_danglingPath = Path.Combine(StorageSchemas.Directory, "storage.dangling.json");

    // Line 6 (0-based 5) lacks the comma after the "name" member.
    private const string BrokenJson = """
        {
            "_id": "storage.broken",
            "type": "object",
            "properties": {
                "name": { "type": "string" }
                "size": { "type": "integer" }
            }
        }
        """;

    // Line 6 (0-based 5) names a schema id no file declares.
    private const string DanglingReference = """
        {
            "_id": "storage.dangling",
            "type": "object",
            "properties": {
                "target": {
                    "$ref": "storage.nowhere"
                },
                "name": { "type": "string" }
            }
        }
        """;

    private static readonly Lazy<IReadOnlyCollection<string>> s_goodHints = new(() => GeneratorHarness.Run(StorageSchemas.All()).Sources.Keys.ToList());

    [Fact]
    public void Malformed_json_reports_KZS001_at_its_file_and_line()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All().Append(new SchemaSource(s_brokenPath, BrokenJson)));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "KZS001");
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(s_brokenPath, span.Path);
        Assert.Equal(5, span.StartLinePosition.Line);
    }

    [Fact]
    public void Malformed_json_leaves_the_other_schemas_generating()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All().Append(new SchemaSource(s_brokenPath, BrokenJson)));

        Assert.Equal(s_goodHints.Value.Order(StringComparer.Ordinal), run.Sources.Keys.Order(StringComparer.Ordinal));
        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }

    [Fact]
    public void Unresolved_reference_reports_KZS002_naming_the_id_where_the_ref_stands()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All().Append(new SchemaSource(s_danglingPath, DanglingReference)));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "KZS002");
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'storage.nowhere'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(s_danglingPath, span.Path);
        Assert.Equal(5, span.StartLinePosition.Line);
    }

    [Fact]
    public void Unresolved_reference_leaves_the_other_schemas_and_its_own_type_generating()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All().Append(new SchemaSource(s_danglingPath, DanglingReference)));

        Assert.Subset(run.Sources.Keys.ToHashSet(), s_goodHints.Value.ToHashSet());
        Assert.Contains("StorageDangling.g.cs", run.Sources.Keys);
        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }
}
