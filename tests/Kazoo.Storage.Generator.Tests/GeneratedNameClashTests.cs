using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// Names from schemas that collide with names the generator itself uses are renamed (with a numeric suffix, as
/// Naming.Scope does elsewhere) instead of breaking the build or the generator.
/// </summary>
public sealed class GeneratedNameClashTests
{
    private const string Thing = GeneratorHarness.Namespace + ".Thing";

    [Fact]
    public void A_property_named_like_its_record_gets_a_distinct_name()
    {
        var run = GeneratorHarness.Run(new[] { Schema("""{"_id": "thing", "type": "object", "properties": {"thing": {"type": "string"}}}""") });

        AssertCompilesCleanly(run);
        Assert.Single(run.OutputCompilation.GetTypeByMetadataName(Thing)!.GetMembers("Thing2"));
    }

    [Fact]
    public void Json_members_named_like_record_members_get_distinct_property_names()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("""{"_id": "thing", "type": "object", "properties": {"extension_data": {"type": "string"}, "to_string": {"type": "string"}, "equals": {"type": "string"}}}"""),
        });

        AssertCompilesCleanly(run);
    }

    [Fact]
    public void Json_members_named_like_the_generated_converter_and_member_order_get_distinct_property_names()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("""{"_id": "thing", "type": "object", "properties": {"json_converter": {"type": "string"}, "json_member_order": {"type": "string"}}}"""),
        });

        AssertCompilesCleanly(run);
    }

    [Fact]
    public void A_case_member_named_like_the_discriminator_constant_gets_a_distinct_name()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("""
                {
                    "_id": "thing",
                    "type": "object",
                    "properties": {
                        "u": {
                            "oneOf": [
                                {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a"]}, "kind_value": {"type": "string"}}},
                                {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["b"]}}}
                            ]
                        }
                    }
                }
                """),
        });

        AssertCompilesCleanly(run);
    }

    [Fact]
    public void A_root_type_named_like_the_JSON_context_does_not_crash_the_generator()
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", aws => aws with { TypeName = GeneratorHarness.ContextName }));

        var crashes = run.GeneratorDiagnostics.Where(d => d.Id is "CS8785" or "KZS010").ToList();
        Assert.True(crashes.Count == 0, crashes.Describe());
        Assert.Contains(GeneratorHarness.ContextName + ".g.cs", run.Sources.Keys);
        AssertCompilesCleanly(run);
    }

    private static SchemaSource Schema(string json) => new(Path.Combine(StorageSchemas.Directory, "thing.json"), json);

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }
}
