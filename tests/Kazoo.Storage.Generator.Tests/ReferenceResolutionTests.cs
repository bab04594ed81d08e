using System.Text;
using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Validation;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// <c>$ref</c> as draft-04 resolves it, across files, with every unresolvable or circular reference a located
/// diagnostic where the <c>$ref</c> stands, and never a crash.
/// </summary>
public sealed class ReferenceResolutionTests
{
    private static readonly string s_directory = Path.Combine(StorageSchemas.Directory, "refs");

    [Fact]
    public void Plain_name_fragments_resolve_in_the_same_file_and_in_another()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("names", """{"_id": "names", "definitions": {"a": {"id": "#positive", "type": "integer", "minimum": 1}}, "properties": {"n": {"$ref": "#positive"}}}"""),
            Schema("user", """{"_id": "user", "properties": {"m": {"$ref": "names#positive"}}}"""),
        });

        using var schemas = Load(run);
        Assert.True(schemas.Set.Validator("names").IsValid("""{"n": 2}"""u8));
        Assert.False(schemas.Set.Validator("names").IsValid("""{"n": 0}"""u8));
        Assert.False(schemas.Set.Validator("user").IsValid("""{"m": "x"}"""u8));
    }

    [Fact]
    public void An_id_changes_the_base_that_relative_refs_resolve_against()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("tree", """
                {"_id": "tree", "id": "http://example.com/root.json",
                 "properties": {"inner": {"id": "folder/", "properties": {"x": {"$ref": "item.json"}}}}}
                """),
            Schema("item", """{"_id": "item", "id": "http://example.com/folder/item.json", "type": "string"}"""),
        });

        using var schemas = Load(run);
        Assert.True(schemas.Set.Validator("tree").IsValid("""{"inner": {"x": "s"}}"""u8));
        Assert.False(schemas.Set.Validator("tree").IsValid("""{"inner": {"x": 1}}"""u8));
    }

    [Fact]
    public void Json_pointers_undo_percent_escapes_then_tilde_escapes()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("escapes", """
                {"_id": "escapes", "definitions": {"a/b": {"type": "integer"}, "c~d": {"type": "string"}, "e%f": {"type": "boolean"}},
                 "properties": {"slash": {"$ref": "#/definitions/a~1b"}, "tilde": {"$ref": "#/definitions/c~0d"}, "percent": {"$ref": "#/definitions/e%25f"}}}
                """),
        });

        using var schemas = Load(run);
        var validator = schemas.Set.Validator("escapes");
        Assert.True(validator.IsValid("""{"slash": 1, "tilde": "t", "percent": true}"""u8));
        Assert.False(validator.IsValid("""{"slash": "one"}"""u8));
        Assert.False(validator.IsValid("""{"tilde": 1}"""u8));
        Assert.False(validator.IsValid("""{"percent": 1}"""u8));
    }

    [Fact]
    public void The_draft04_meta_schema_is_built_in()
    {
        var run = GeneratorHarness.Run(new[] { Schema("meta", """{"_id": "meta", "$ref": "http://json-schema.org/draft-04/schema#"}""") });

        using var schemas = Load(run);
        Assert.True(schemas.Set.Validator("meta").IsValid("""{"minLength": 1, "type": ["string", "null"]}"""u8));
        Assert.False(schemas.Set.Validator("meta").IsValid("""{"minLength": -1}"""u8));
        Assert.False(schemas.Set.Validator("meta").IsValid("""{"type": "strin"}"""u8));
    }

    [Fact]
    public void A_users_schema_may_refer_to_the_sdks_storage_schemas_by_id()
    {
        var run = GeneratorHarness.Run(new[] { Schema("acme.box", """{"_id": "acme.box", "type": "object", "properties": {"storage": {"$ref": "storage"}}}""") });

        using var schemas = Load(run);
        var validator = schemas.Set.Validator("acme.box");
        Assert.True(validator.IsValid("""{"storage": {"plan": {"modb": {"types": {"mailbox_message": {"attachments": {"handler": "0123456789abcdef0123456789abcdef"}}}}}}}"""u8));
        Assert.False(validator.IsValid("""{"storage": {"attachments": {"not-an-id": {"handler": "s3"}}}}"""u8));
    }

    [Theory]
    [InlineData("""{"_id": "bad", "properties": {"x": {"$ref": "#foo"}}}""", "'#foo'")]
    [InlineData("""{"_id": "bad", "properties": {"x": {"$ref": "other.json#foo"}}}""", "'other.json#foo'")]
    [InlineData("""{"_id": "bad", "properties": {"x": {"$ref": "#/definitions/missing"}}}""", "'#/definitions/missing'")]
    [InlineData("""{"_id": "bad", "properties": {"x": {"$ref": "http://nowhere.example/x.json"}}}""", "'http://nowhere.example/x.json'")]
    public void An_unresolvable_ref_is_a_KZS002_at_the_ref(string json, string named)
    {
        var run = GeneratorHarness.Run(new[] { Schema("bad", json) });

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "KZS002");
        Assert.Contains(named, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_ref_cycle_with_no_content_is_a_KZS012_not_a_schema_that_accepts_anything_silently()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("a", """
                {"_id": "a",
                 "$ref": "b"}
                """),
            Schema("b", """{"_id": "b", "$ref": "a"}"""),
        });

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "KZS012");
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.EndsWith("a.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrongly_typed_keywords_are_located_and_ignored_and_the_rest_still_generates()
    {
        var run = GeneratorHarness.Run(new[]
        {
            Schema("kinds", """
                {"_id": "kinds", "type": "object",
                 "properties": {
                   "a": {"type": 5},
                   "b": {"minLength": "x", "type": "string"},
                   "c": {"type": "integr"}}}
                """),
        });

        var located = run.GeneratorDiagnostics.Select(d => d.Id + "@" + (d.Location.GetLineSpan().StartLinePosition.Line + 1)).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "KZS004@3", "KZS004@4", "KZS007@5" }, located);
        Assert.Contains("'integer'", run.GeneratorDiagnostics.Single(d => d.Id == "KZS007").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Error));
        Assert.Contains("Kinds.g.cs", run.Sources.Keys);
    }

    private static SchemaSource Schema(string file, string json) => new(Path.Combine(s_directory, file + ".json"), json);

    private static LoadedSchemas Load(GeneratorRun run)
    {
        var errors = run.GeneratorDiagnostics.AtLeast(DiagnosticSeverity.Warning).Concat(run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Error)).ToList();
        Assert.True(errors.Count == 0, errors.Describe());
        var loaded = LoadedAssembly.Load(run.OutputCompilation);
        return new LoadedSchemas(loaded, loaded.StaticProperty<SchemaSet>(GeneratorHarness.Namespace + "." + GeneratorHarness.ContextName, "Schemas"));
    }

    private sealed record LoadedSchemas(LoadedAssembly Assembly, SchemaSet Set) : IDisposable
    {
        public void Dispose() => Assembly.Dispose();
    }
}
