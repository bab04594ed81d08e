using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>The pipeline reuses its work: unrelated edits reuse the model, a schema edit re-emits only what it touches.</summary>
public sealed class IncrementalGenerationTests
{
    private const string AwsId = "storage.attachment.aws";

    [Fact]
    public void Unrelated_code_edit_leaves_the_model_step_cached()
    {
        var harness = new GeneratorHarness(StorageSchemas.All());
        harness.Run();
        harness.ReplaceUserSource("namespace Kazoo.Storage.Tests.User;\n\n/// <summary>Edited.</summary>\npublic static class Marker\n{\n    /// <summary>New.</summary>\n    public const int Answer = 42;\n}\n");

        var second = harness.Run();

        var reasons = second.OutputReasons(SchemaGenerator.Steps.Model);
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    [Fact]
    public void Unrelated_code_edit_leaves_every_type_output_cached()
    {
        var harness = new GeneratorHarness(StorageSchemas.All());
        harness.Run();
        harness.ReplaceUserSource("namespace Kazoo.Storage.Tests.User;\n\n/// <summary>Edited.</summary>\npublic static class Marker\n{\n}\n");

        var second = harness.Run();

        var reasons = second.OutputReasons(SchemaGenerator.Steps.TypeOutputs);
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    [Fact]
    public void Editing_a_description_changes_only_the_affected_type_file()
    {
        var aws = StorageSchemas.Get(AwsId);
        var harness = new GeneratorHarness(StorageSchemas.All());
        var first = harness.Run();
        harness.ReplaceSchemaText(aws.Path, WithBucketDescription(aws.Text, "Bucket name to store recordings and faxes in"));

        var second = harness.Run();

        Assert.Equal(first.Sources.Keys.Order(StringComparer.Ordinal), second.Sources.Keys.Order(StringComparer.Ordinal));
        var changed = first.Sources.Keys.Where(hint => first.Sources[hint] != second.Sources[hint]).ToList();
        Assert.Equal(new[] { "StorageAttachmentAwsSettings.g.cs" }, changed);
        Assert.Contains("Bucket name to store recordings and faxes in", second.Sources["StorageAttachmentAwsSettings.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_description_reruns_only_the_affected_type_output()
    {
        var aws = StorageSchemas.Get(AwsId);
        var harness = new GeneratorHarness(StorageSchemas.All());
        harness.Run();
        harness.ReplaceSchemaText(aws.Path, WithBucketDescription(aws.Text, "Bucket name to store recordings and faxes in"));

        var second = harness.Run();

        var modified = second.TrackedSteps(SchemaGenerator.Steps.TypeOutputs)
            .SelectMany(step => step.Outputs)
            .Where(output => output.Reason != IncrementalStepRunReason.Cached && output.Reason != IncrementalStepRunReason.Unchanged)
            .Select(output => ((TypeEmitInput)output.Value).Type.Name + ": " + output.Reason)
            .ToList();
        Assert.Equal(new[] { "StorageAttachmentAwsSettings: Modified" }, modified);
    }

    /// <summary>The smallest edit, as typed in an editor: only the text of one description changes.</summary>
    private static string WithBucketDescription(string awsSchema, string description)
    {
        const string Original = "\"Bucket name to store data to\"";
        Assert.Contains(Original, awsSchema, StringComparison.Ordinal);
        return awsSchema.Replace(Original, "\"" + description + "\"", StringComparison.Ordinal);
    }
}
