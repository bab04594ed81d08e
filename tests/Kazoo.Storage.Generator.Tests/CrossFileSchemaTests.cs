using System.Globalization;
using System.Text;
using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Validation;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// What crosses schema files, now that each file is modelled on its own and linked afterwards: roots that are only a
/// <c>$ref</c> to another file, unions whose cases are other files' roots (and a root two unions claim), type names
/// that clash across files, and root-only reference cycles. Each generates code that compiles, with the types,
/// validators and diagnostics a single whole-corpus model gave; and an edit of one side reaches the other.
/// </summary>
public sealed class CrossFileSchemaTests
{
    private static readonly string s_directory = Path.Combine(StorageSchemas.Directory, "cross-file");

    [Fact]
    public void A_root_that_is_only_a_ref_to_another_file_is_that_files_type_and_validator()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("target", """{"_id": "target", "type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}"""),
            Schema("alias", """{"_id": "alias", "$ref": "target"}"""),
            Schema("alias.of.alias", """{"_id": "alias.of.alias", "description": "one branch", "oneOf": [{"$ref": "alias"}]}"""),
            Schema("user", """{"_id": "user", "type": "object", "properties": {"one": {"$ref": "alias"}, "two": {"type": "array", "items": {"$ref": "alias.of.alias"}}}}"""),
        });

        AssertCompilesCleanly(run);
        var user = run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".User")!;
        Assert.Equal(GeneratorHarness.Namespace + ".Target?", Property(user, "One"));
        Assert.Equal("System.Collections.Generic.IReadOnlyList<" + GeneratorHarness.Namespace + ".Target>?", Property(user, "Two"));

        using var loaded = LoadedAssembly.Load(run.OutputCompilation);
        var schemas = loaded.StaticProperty<SchemaSet>(GeneratorHarness.Namespace + "." + GeneratorHarness.ContextName, "Schemas");
        Assert.True(schemas.Validator("alias").Validate(Encoding.UTF8.GetBytes("""{"a": "x"}""")).IsValid);
        Assert.False(schemas.Validator("alias").Validate(Encoding.UTF8.GetBytes("""{"b": "x"}""")).IsValid);
        Assert.False(schemas.Validator("user").Validate(Encoding.UTF8.GetBytes("""{"two": [{"a": 1}]}""")).IsValid);
        Assert.True(schemas.Validator("user").Validate(Encoding.UTF8.GetBytes("""{"one": {"a": "x"}, "two": [{"a": "y"}]}""")).IsValid);
    }

    [Fact]
    public void A_root_claimed_by_two_unions_is_a_case_of_the_first_only()
    {
        var run = GeneratorHarness.Run(TwoUnions());

        AssertCompilesCleanly(run);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("KZS004", diagnostic.Id);
        Assert.EndsWith("u2.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(GeneratorHarness.Namespace + ".U1E", run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".B")!.BaseType!.ToDisplayString());
        Assert.Contains("<c>c</c> → <see cref=\"C\"/>", run.Sources["U2F.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("cref=\"B\"", run.Sources["U2F.g.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_union_its_own_files_root_does_not_reach_is_the_base_of_its_cases(bool typesForAll)
    {
        // The union is a definition of "backends" that only "user" refers to; "owner" reaches one of its cases. With types
        // for "owner" alone, the case still derives from the union and keeps its discriminator, as with types for all.
        var off = typesForAll ? null : "false";
        var run = GeneratorHarness.Run(new[]
        {
            Schema("backends", """{"_id": "backends", "type": "object", "properties": {"name": {"type": "string"}}, "definitions": {"backend": {"type": "object", "properties": {"label": {"type": "string"}}, "oneOf": [{"$ref": "backend.a"}, {"$ref": "backend.b"}]}}}""") with { GenerateTypes = off },
            Schema("backend.a", """{"_id": "backend.a", "type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a"]}, "size": {"type": "integer"}}}""") with { GenerateTypes = off },
            Schema("backend.b", """{"_id": "backend.b", "type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["b"]}}}""") with { GenerateTypes = off },
            Schema("owner", """{"_id": "owner", "type": "object", "properties": {"first": {"$ref": "backend.a"}}}"""),
            Schema("user", """{"_id": "user", "type": "object", "properties": {"backend": {"$ref": "backends#/definitions/backend"}}}""") with { GenerateTypes = off },
        });

        AssertCompilesCleanly(run);
        var a = run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".BackendA")!;
        var union = a.BaseType!;
        // Named by the schema with types that refers to it; with none, after its place in its own file.
        Assert.Equal(typesForAll ? "UserBackend" : "BackendsBackend", union.Name);
        Assert.Equal(GeneratorHarness.Namespace, union.ContainingNamespace.ToDisplayString());
        Assert.True(union.IsAbstract, union.ToDisplayString());
        Assert.Equal("string", Property(a, "Kind"));
        Assert.Equal("string?", Property(a, "Label"));
        Assert.Equal(union, run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".BackendB")!.BaseType, SymbolEqualityComparer.Default);
    }

    [Fact]
    public void Changing_a_cases_discriminator_value_regenerates_its_union()
    {
        var schemas = TwoUnions();
        var harness = new GeneratorHarness(schemas);
        harness.Run();
        var a = schemas.Single(s => s.Path.EndsWith("a.json", StringComparison.Ordinal));
        harness.ReplaceSchemaText(a.Path, a.Text.Replace("\"enum\": [\"a\"]", "\"enum\": [\"renamed\"]", StringComparison.Ordinal));

        var second = harness.Run();

        Assert.Contains("<c>renamed</c> → <see cref=\"A\"/>", second.Sources["U1E.g.cs"], StringComparison.Ordinal);
        Assert.Contains("\"renamed\"", second.Sources["A.g.cs"], StringComparison.Ordinal);
        AssertCompilesCleanly(second);
    }

    [Fact]
    public void Inline_types_that_clash_across_files_are_renamed_with_their_inline_types()
    {
        // co.a's b_c and co.a_b's c are both CoABC; the later file's is renamed, and its own inline x follows it.
        var run = GeneratorHarness.Run(new[]
        {
            Schema("a", """{"_id": "co.a", "type": "object", "properties": {"b_c": {"type": "object", "properties": {"x": {"type": "object", "properties": {"y": {"type": "string"}}}}}}}"""),
            Schema("ab", """{"_id": "co.a_b", "type": "object", "properties": {"c": {"type": "object", "properties": {"x": {"type": "object", "properties": {"z": {"type": "string"}}}}}}}"""),
        });

        var collision = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("KZS005", collision.Id);
        Assert.Contains("'CoABC2'", collision.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(new[] { "CoA.g.cs", "CoAB.g.cs", "CoABC.g.cs", "CoABC2.g.cs", "CoABC2X.g.cs", "CoABCX.g.cs" }, run.TypeHints().Order(StringComparer.Ordinal));
        AssertCompilesCleanly(run);
    }

    [Fact]
    public void A_cycle_of_root_only_references_through_arrays_is_reported_and_kept_as_JSON()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("a", """{"_id": "cy.a", "type": "array", "items": {"$ref": "cy.b"}}"""),
            Schema("b", """{"_id": "cy.b", "type": "array", "items": {"$ref": "cy.a"}}"""),
            Schema("c", """{"_id": "cy.c", "type": "object", "properties": {"l": {"$ref": "cy.a"}}}"""),
        });

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("KZS004", diagnostic.Id);
        var c = run.OutputCompilation.GetTypeByMetadataName(GeneratorHarness.Namespace + ".CyC")!;
        Assert.Equal("System.Collections.Generic.IReadOnlyList<Kazoo.Storage.Serialization.ReadOnlyJsonList<System.Text.Json.JsonElement>>?", Property(c, "L"));
        AssertCompilesCleanly(run);
    }

    private static IReadOnlyList<SchemaSource> TwoUnions() => new[]
    {
        Schema("a", """{"_id": "a", "type": "object", "required": ["t"], "properties": {"t": {"type": "string", "enum": ["a"]}}}"""),
        Schema("b", """{"_id": "b", "type": "object", "required": ["t"], "properties": {"t": {"type": "string", "enum": ["b"]}}}"""),
        Schema("c", """{"_id": "c", "type": "object", "required": ["t"], "properties": {"t": {"type": "string", "enum": ["c"]}}}"""),
        Schema("u1", """{"_id": "u1", "type": "object", "properties": {"e": {"oneOf": [{"$ref": "a"}, {"$ref": "b"}]}}}"""),
        Schema("u2", """{"_id": "u2", "type": "object", "properties": {"f": {"oneOf": [{"$ref": "b"}, {"$ref": "c"}]}}}"""),
    };

    private static SchemaSource Schema(string file, string json) => new(Path.Combine(s_directory, file + ".json"), json);

    private static string Property(INamedTypeSymbol type, string name)
        => Assert.IsAssignableFrom<IPropertySymbol>(Assert.Single(type.GetMembers(name))).Type.ToDisplayString();

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        var problems = run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);
        Assert.True(problems.Count == 0, problems.Describe());
    }
}
