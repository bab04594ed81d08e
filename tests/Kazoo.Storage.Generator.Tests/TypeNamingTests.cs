using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// How root types are named (Parsing/TypeModelBuilder.Build): from the schema id, unless a <c>KazooTypeName</c>
/// metadata overrides it; a derived name equal to a whole segment of the namespace gets <c>Document</c> appended,
/// an override is taken as it is.
/// </summary>
public sealed class TypeNamingTests
{
    [Fact]
    public void KazooTypeName_metadata_renames_the_root_type()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", aws => aws with { TypeName = "AwsAttachment" }));

        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".AwsAttachment"));
        Assert.Null(run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".StorageAttachmentAws"));
        Assert.Contains("AwsAttachment.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void KazooTypeName_metadata_also_names_the_root_types_inline_types()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", aws => aws with { TypeName = "AwsAttachment" }));

        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".AwsAttachmentSettings"));
    }

    [Fact]
    public void KazooTypeName_metadata_keeps_the_code_compiling_cleanly()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", aws => aws with { TypeName = "AwsAttachment" }));

        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }

    [Theory]
    [InlineData("Kazoo.Storage.Tests.Generated", "storage", "StorageDocument")]
    [InlineData("Acme.Storage", "storage", "StorageDocument")]
    [InlineData("Acme.StoragePlan", "storage.plan", "StoragePlanDocument")]
    [InlineData("Acme.Schemas", "storage", "Storage")]
    [InlineData("Acme.StorageModels", "storage", "Storage")]
    [InlineData("Acme.Storage", "storage.plan", "StoragePlan")]
    public void A_root_type_named_like_a_whole_namespace_segment_gets_Document_appended(string @namespace, string schemaId, string expectedName)
    {
        var run = GeneratorHarness.Run(StorageSchemas.All(), @namespace);

        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName(@namespace + "." + expectedName));
        Assert.Contains(expectedName + ".g.cs", run.Sources.Keys);
        Assert.Contains($"<c>{schemaId}</c> (<c>#</c>)", run.Sources[expectedName + ".g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void KazooTypeName_metadata_is_taken_as_it_is_even_when_it_equals_a_namespace_segment()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage", storage => storage with { TypeName = "Storage" }), "Acme.Storage");

        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Acme.Storage.Storage"));
        Assert.Null(run.OutputCompilation.GetTypeByMetadataName("Acme.Storage.StorageDocument"));
    }
}
