using System.Text;
using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Validation;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// <c>&lt;KazooSchema Include="…" GenerateTypes="false" /&gt;</c>: the file keeps its full validator in the JSON entry
/// point's <c>Schemas</c>, and its schemas get C# types only where a schema with types refers to them. A project that
/// validates against many schemas and reads a few as records pays the compiler for those few only.
/// </summary>
public sealed class ValidatorOnlySchemaTests
{
    /// <summary>The storage schemas with types for every file: what the other runs are compared with (generated once).</summary>
    private static readonly Lazy<GeneratorRun> s_typesForAll = new(() => GeneratorHarness.Run(StorageSchemas.All()));

    private const string ValidDocument = """
        {"attachments": {"0123456789abcdef0123456789abcdef": {"handler": "http", "settings": {"url": "https://files.example.com/vm"}}}}
        """;

    private const string InvalidDocument = """
        {"attachments": {"0123456789abcdef0123456789abcdef": {"handler": "http", "settings": {"verb": "put"}}}}
        """;

    [Fact]
    public void Validator_only_files_generate_no_type_but_every_validator()
    {
        var run = GeneratorHarness.Run(StorageSchemas.All().Select(s => s with { GenerateTypes = "false" }));

        Assert.Empty(run.TypeHints());
        AssertCompilesCleanly(run);
        using var loaded = LoadedAssembly.Load(run.OutputCompilation);
        var schemas = loaded.StaticProperty<SchemaSet>(GeneratorHarness.Namespace + "." + GeneratorHarness.ContextName, "Schemas");
        Assert.Equal(
            StorageSchemas.All().Select(s => Path.GetFileNameWithoutExtension(s.Path)).Order(StringComparer.Ordinal),
            schemas.SchemaIds.Order(StringComparer.Ordinal));
        Assert.True(schemas.Validator("storage").Validate(Encoding.UTF8.GetBytes(ValidDocument)).IsValid);
        var errors = schemas.Validator("storage").Validate(Encoding.UTF8.GetBytes(InvalidDocument));
        Assert.False(errors.IsValid);
    }

    [Fact]
    public void The_verdicts_of_validator_only_files_are_those_of_files_with_types()
    {
        var withTypes = s_typesForAll.Value;
        var validatorOnly = GeneratorHarness.Run(StorageSchemas.All().Select(s => s with { GenerateTypes = "false" }));

        using var typed = LoadedAssembly.Load(withTypes.OutputCompilation);
        using var untyped = LoadedAssembly.Load(validatorOnly.OutputCompilation);
        var a = typed.StaticProperty<SchemaSet>(GeneratorHarness.Namespace + "." + GeneratorHarness.ContextName, "Schemas");
        var b = untyped.StaticProperty<SchemaSet>(GeneratorHarness.Namespace + "." + GeneratorHarness.ContextName, "Schemas");
        foreach (var document in new[] { ValidDocument, InvalidDocument, """{"plan": {"modb": {"types": {"mailbox_message": {"attachments": {"handler": 5}}}}}}""" })
        {
            var utf8 = Encoding.UTF8.GetBytes(document);
            Assert.Equal(
                a.Validator("storage").Validate(utf8).Select(e => e.ToString()),
                b.Validator("storage").Validate(utf8).Select(e => e.ToString()));
        }
    }

    [Fact]
    public void A_file_with_types_brings_the_types_of_the_files_it_refers_to_and_no_others()
    {
        var run = GeneratorHarness.Run(TypesOnlyFor("storage.plan"));

        AssertCompilesCleanly(run);
        var types = run.TypeHints();
        Assert.Contains("StoragePlan.g.cs", types);
        Assert.Contains("StoragePlanDatabase.g.cs", types); // storage.plan.database: another file, reached by $ref
        Assert.Contains("StoragePlanDatabaseAttachment.g.cs", types);
        Assert.All(types, hint => Assert.StartsWith("StoragePlan", hint, StringComparison.Ordinal));
        AssertSameAsWithTypesForAll(run);
    }

    [Fact]
    public void A_union_case_with_types_brings_its_union_and_the_unions_other_cases()
    {
        // storage.attachment.http is a case of the union in storage.attachments; its record derives from that union's, so
        // the union's file gets its types too, and with it the other backends. The record is the same as in a project
        // where every file has types: a type's shape never depends on which files have types.
        var run = GeneratorHarness.Run(TypesOnlyFor("storage.attachment.http"));

        AssertCompilesCleanly(run);
        var types = run.TypeHints();
        Assert.Contains("StorageAttachmentHttp.g.cs", types);
        Assert.Contains("StorageAttachmentsEntry.g.cs", types);
        Assert.Contains("StorageAttachmentAws.g.cs", types);
        Assert.Contains("StorageAttachmentsField.g.cs", types); // the union's own field_list, shared by every case
        Assert.DoesNotContain(types, hint => hint.StartsWith("StoragePlan", StringComparison.Ordinal) || hint.StartsWith("StorageConnection", StringComparison.Ordinal));
        Assert.DoesNotContain("StorageDocument.g.cs", types);
        AssertSameAsWithTypesForAll(run);
    }

    [Fact]
    public void A_root_reaching_every_file_gives_the_same_output_as_types_for_all()
    {
        var run = GeneratorHarness.Run(TypesOnlyFor("storage", off: "False")); // the value's case does not matter

        AssertSameSources(s_typesForAll.Value, run);
    }

    [Fact]
    public void Turning_GenerateTypes_off_and_on_again_in_the_project_file_removes_and_brings_back_the_types_alone()
    {
        var harness = new GeneratorHarness(StorageSchemas.All());
        var typed = harness.Run();
        foreach (var schema in StorageSchemas.All())
        {
            harness.ReplaceSchemaMetadata(schema with { GenerateTypes = "false" });
        }

        var untyped = harness.Run();
        Assert.NotEmpty(typed.TypeHints());
        Assert.Empty(untyped.TypeHints());
        // The validators do not depend on the metadata: every file's nodes are the same text.
        var nodes = typed.Sources.Keys.Where(hint => hint.StartsWith(GeneratorHarness.ContextName + ".Schemas.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, hint => Assert.Equal(typed.Sources[hint], untyped.Sources[hint]));

        foreach (var schema in StorageSchemas.All())
        {
            harness.ReplaceSchemaMetadata(schema);
        }

        var again = harness.Run();
        AssertSameSources(typed, again);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("0")]
    public void A_GenerateTypes_value_that_is_not_a_boolean_is_a_KZS013_at_the_file_and_types_are_generated(string value)
    {
        var run = GeneratorHarness.Run(StorageSchemas.AllWith("storage.attachment.aws", aws => aws with { GenerateTypes = value }));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "KZS013");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.EndsWith("storage.attachment.aws.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Contains("GenerateTypes=\"" + value + "\"", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("StorageAttachmentAws.g.cs", run.TypeHints());
    }

    private static IEnumerable<SchemaSource> TypesOnlyFor(string schemaId, string off = "false") => StorageSchemas.All().Select(s =>
        Path.GetFileNameWithoutExtension(s.Path) == schemaId ? s : s with { GenerateTypes = off });

    /// <summary>The two runs generated the same files, byte for byte.</summary>
    private static void AssertSameSources(GeneratorRun expected, GeneratorRun actual)
    {
        Assert.Equal(expected.Sources.Keys.Order(StringComparer.Ordinal), actual.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected.Sources, source => Assert.Equal(source.Value, actual.Sources[source.Key]));
    }

    /// <summary>Every type of the run is byte for byte the type of the same name when every file has types.</summary>
    private static void AssertSameAsWithTypesForAll(GeneratorRun run)
    {
        Assert.All(run.TypeHints(), hint => Assert.Equal(s_typesForAll.Value.Sources[hint], run.Sources[hint]));
    }

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Error));
        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }
}
