using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>Editing a schema changes the compiled types the way a schema author expects.</summary>
public sealed class SchemaEditTests
{
    private const string AwsSettings = GeneratorHarness.Namespace + ".StorageAttachmentAwsSettings";

    [Fact]
    public void Adding_a_property_to_the_aws_settings_adds_a_compiled_property()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", WithStorageClass));

        var settings = run.OutputCompilation.GetTypeByMetadataName(AwsSettings);
        Assert.NotNull(settings);
        var property = Assert.IsAssignableFrom<IPropertySymbol>(Assert.Single(settings.GetMembers("StorageClass")));
        Assert.Equal(SpecialType.System_String, property.Type.SpecialType);
        Assert.Equal(NullableAnnotation.Annotated, property.NullableAnnotation);
        Assert.Equal(Accessibility.Public, property.DeclaredAccessibility);
    }

    [Fact]
    public void Adding_a_property_to_the_aws_settings_keeps_the_code_compiling_cleanly()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", WithStorageClass));

        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }

    [Fact]
    public void The_unedited_aws_settings_have_no_StorageClass_property()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All());

        var settings = run.OutputCompilation.GetTypeByMetadataName(AwsSettings);
        Assert.NotNull(settings);
        Assert.Empty(settings.GetMembers("StorageClass"));
    }

    private static SchemaSource WithStorageClass(SchemaSource aws)
    {
        var schema = JsonNode.Parse(aws.Text)!.AsObject();
        schema["properties"]!["settings"]!["properties"]!.AsObject().Add("storage_class", new JsonObject
        {
            ["description"] = "S3 storage class for new objects",
            ["type"] = "string",
        });
        return aws.WithText(schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
