using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>The harness itself: a clean compilation means something only if a dirty one is reported.</summary>
public sealed class GeneratorHarnessTests
{
    [Fact]
    public void Compilation_reports_nullable_and_documentation_warnings_of_the_code_it_compiles()
    {
        var harness = new GeneratorHarness(Array.Empty<SchemaSource>());
        harness.ReplaceUserSource("namespace Kazoo.Storage.Tests.User;\n\npublic class Undocumented\n{\n    /// <summary>Never set.</summary>\n    public string Name { get; set; }\n}\n");

        var ids = harness.Run().CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning).Select(d => d.Id).ToList();

        Assert.Contains("CS1591", ids);
        Assert.Contains("CS8618", ids);
    }

    [Fact]
    public void Compilation_sees_the_Kazoo_Storage_runtime_types()
    {
        var run = GeneratorHarness.Run(Array.Empty<SchemaSource>());

        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Kazoo.Storage.Serialization.JsonExtensionData"));
    }

    [Fact]
    public void Storage_schemas_copied_to_the_test_output_are_all_there()
    {
        Assert.Equal(StorageSchemas.Count, StorageSchemas.All().Count);
    }
}
