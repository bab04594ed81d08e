using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Parsing;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// The pipeline reuses its work: unrelated edits reuse every step, a schema edit re-reads only the edited file and
/// re-emits only what it touches, and what it re-emits is never stale.
/// </summary>
public sealed class IncrementalGenerationTests
{
    private const string AwsId = "storage.attachment.aws";

    private static readonly string[] s_allSteps =
    {
        SchemaGenerator.Steps.SchemaFiles, SchemaGenerator.Steps.Parsed, SchemaGenerator.Steps.Options, SchemaGenerator.Steps.Model,
        SchemaGenerator.Steps.TypeOutputs, SchemaGenerator.Steps.SchemaNodeOutputs, SchemaGenerator.Steps.ContextOutput, SchemaGenerator.Steps.HasRuntime,
    };

    [Fact]
    public void Unrelated_code_edit_leaves_every_step_cached_or_unchanged()
    {
        var harness = new GeneratorHarness(StorageSchemas.All());
        harness.Run();
        harness.ReplaceUserSource("namespace Kazoo.Storage.Tests.User;\n\n/// <summary>Edited.</summary>\npublic static class Marker\n{\n}\n");

        var second = harness.Run();

        foreach (var step in s_allSteps)
        {
            var reasons = second.OutputReasons(step);
            Assert.True(reasons.Count > 0, step + " did not run");
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + ": " + reason));
        }

        // Only the compilation-derived step looks at the compilation again; every schema step is served from the cache.
        Assert.All(s_allSteps.Where(step => step != SchemaGenerator.Steps.HasRuntime).SelectMany(second.OutputReasons),
            reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void Adding_a_property_to_one_schema_rereads_only_that_file_and_reemits_only_its_type()
    {
        var aws = StorageSchemas.Get(AwsId);
        var harness = new GeneratorHarness(StorageSchemas.All());
        harness.Run();
        harness.ReplaceSchemaText(aws.Path, aws.Text.Replace("\"bucket_after_host\": {", "\"storage_class\": {\"type\": \"string\"},\n                \"bucket_after_host\": {", StringComparison.Ordinal));

        var second = harness.Run();

        Assert.Equal(new[] { aws.Path }, Rerun(second, SchemaGenerator.Steps.Parsed).Select(v => ((ParsedFile)v).Path));
        Assert.Equal(new[] { "StorageAttachmentAwsSettings" }, Rerun(second, SchemaGenerator.Steps.TypeOutputs).Select(v => ((TypeEmitInput)v).Type.Name));
        Assert.Equal(new[] { AwsId }, Rerun(second, SchemaGenerator.Steps.SchemaNodeOutputs).Select(v => ((SchemaNodesEmitInput)v).Spec.SchemaId));
        Assert.Empty(Rerun(second, SchemaGenerator.Steps.ContextOutput));
        Assert.Contains("StorageClass", second.Sources["StorageAttachmentAwsSettings.g.cs"], StringComparison.Ordinal);
        Assert.Contains("\"storage_class\"", second.Sources["TestStorageJson.Schemas.SchemaNodesStorageAttachmentAws.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_unions_shared_member_regenerates_every_case_that_merges_it()
    {
        // storage.attachments' union declares settings.folder_base_path for every handler: each case's settings record
        // (in its own file) carries it, so an edit there must reach all seven.
        var attachments = StorageSchemas.Get("storage.attachments");
        var harness = new GeneratorHarness(StorageSchemas.All());
        var first = harness.Run();
        harness.ReplaceSchemaText(attachments.Path, attachments.Text.Replace("\"base folder path\"", "\"Folder every handler stores under\"", StringComparison.Ordinal));

        var second = harness.Run();

        var changed = first.Sources.Keys.Where(hint => first.Sources[hint] != second.Sources[hint]).Order(StringComparer.Ordinal).ToList();
        var settings = new[] { "Aws", "Azure", "Dropbox", "GoogleDrive", "GoogleStorage", "Http", "Onedrive" }
            .Select(name => "StorageAttachment" + name + "Settings.g.cs")
            .ToList();
        Assert.Equal(settings, changed);
        Assert.All(settings, hint => Assert.Contains("Folder every handler stores under", second.Sources[hint], StringComparison.Ordinal));
    }

    [Fact]
    public void Editing_a_roots_description_reaches_the_members_that_refer_to_it()
    {
        var directory = Path.Combine(StorageSchemas.Directory, "incremental");
        var owner = new SchemaSource(Path.Combine(directory, "owner.json"), """{"_id": "owner", "type": "object", "properties": {"target": {"$ref": "target"}}}""");
        var target = new SchemaSource(Path.Combine(directory, "target.json"), """{"_id": "target", "description": "The first words", "type": "object", "properties": {"x": {"type": "string"}}}""");
        var harness = new GeneratorHarness(new[] { owner, target });
        harness.Run();
        harness.ReplaceSchemaText(target.Path, target.Text.Replace("The first words", "Other words", StringComparison.Ordinal));

        var second = harness.Run();

        Assert.Equal(new[] { "Owner", "Target" }, Rerun(second, SchemaGenerator.Steps.TypeOutputs).Select(v => ((TypeEmitInput)v).Type.Name).Order(StringComparer.Ordinal));
        Assert.Contains("Other words", second.Sources["Owner.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("The first words", second.Sources["Owner.g.cs"], StringComparison.Ordinal);
    }

    /// <summary>The values a step produced anew (not cached, not unchanged) in a run.</summary>
    private static List<object> Rerun(GeneratorRun run, string step)
        => run.TrackedSteps(step)
            .SelectMany(s => s.Outputs)
            .Where(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(output => output.Value)
            .ToList();

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
