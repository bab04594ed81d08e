using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Kazoo.Storage.Models;
using JsonSchemaNet = Json.Schema;
using NJsonSchemaLib = NJsonSchema;

namespace Kazoo.Storage.Benchmarks.Validation;

/// <summary>
/// Validating a storage document against Kazoo's storage schemas, from UTF-8 bytes, three ways:
/// <list type="bullet">
/// <item><c>Generated</c> (the baseline each ratio is against): the SDK's generated validator's verdict,
/// <see cref="Kazoo.Storage.Validation.SchemaValidator.IsValid"/> on <see cref="StorageDocument.Validator"/>, straight from
/// the bytes (precise mode, Kazoo's own rules included), stopping at the first failure.</item>
/// <item><c>JsonSchemaNet</c>: JsonSchema.Net 8.0.5 (draft-06, its closest dialect), <see cref="JsonDocument"/>
/// parsed from the bytes inside the timed work, output format Flag (the verdict, also stopping early).</item>
/// <item><c>GeneratedErrors</c> and <c>JsonSchemaNetList</c>: the same two with every error collected
/// (<see cref="Kazoo.Storage.Validation.SchemaValidator.Validate(ReadOnlySpan{byte}, Kazoo.Storage.Validation.ValidationOptions?)"/>'s
/// Crossbar-shaped errors; JsonSchema.Net's List output).</item>
/// <item><c>NJsonSchema</c>: NJsonSchema 11.6.2's own validator (draft-04) on the text decoded from the bytes inside
/// the timed work (it parses with Newtonsoft.Json).</item>
/// </list>
/// Each contender must give the expected verdict on every document before anything is measured.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class StorageValidationBenchmarks
{
    private const string TypicalValid = "Validate-Typical-Valid";
    private const string TypicalInvalid = "Validate-Typical-Invalid";
    private const string LargeValid = "Validate-Large-Valid";
    private const string LargeInvalid = "Validate-Large-Invalid";

    private byte[] _typicalValid = [];
    private byte[] _typicalInvalid = [];
    private byte[] _largeValid = [];
    private byte[] _largeInvalid = [];
    private JsonSchemaNet.JsonSchema _jsonSchemaNet = null!;
    private NJsonSchemaLib.JsonSchema _nJsonSchema = null!;

    [GlobalSetup]
    public void Setup()
    {
        _typicalValid = ValidationDocuments.TypicalValid();
        _typicalInvalid = ValidationDocuments.TypicalInvalid();
        _largeValid = ValidationDocuments.LargeValid();
        _largeInvalid = ValidationDocuments.LargeInvalid();
        _jsonSchemaNet = new JsonSchemaNetKazoo().Storage;
        _nJsonSchema = new NJsonSchemaKazoo().Storage;

        foreach (var (name, bytes, valid) in new[]
                 {
                     ("typical", _typicalValid, true), ("typical-invalid", _typicalInvalid, false),
                     ("large", _largeValid, true), ("large-invalid", _largeInvalid, false),
                 })
        {
            Expect(name, "Generated", Generated(bytes), valid);
            Expect(name, "JsonSchemaNet", JsonSchemaNet(_jsonSchemaNet, bytes), valid);
            Expect(name, "NJsonSchema", NJsonSchema(_nJsonSchema, bytes), valid);
            Expect(name, "GeneratedErrors", GeneratedErrors(bytes), valid);
            Expect(name, "JsonSchemaNetList", JsonSchemaNetList(_jsonSchemaNet, bytes), valid);
        }
    }

    [Benchmark(Description = "Generated", Baseline = true), BenchmarkCategory(TypicalValid)]
    public bool TypicalValidGenerated() => Generated(_typicalValid);

    [Benchmark(Description = "JsonSchemaNet"), BenchmarkCategory(TypicalValid)]
    public bool TypicalValidJsonSchemaNet() => JsonSchemaNet(_jsonSchemaNet, _typicalValid);

    [Benchmark(Description = "NJsonSchema"), BenchmarkCategory(TypicalValid)]
    public bool TypicalValidNJsonSchema() => NJsonSchema(_nJsonSchema, _typicalValid);

    [Benchmark(Description = "GeneratedErrors"), BenchmarkCategory(TypicalValid)]
    public bool TypicalValidGeneratedErrors() => GeneratedErrors(_typicalValid);

    [Benchmark(Description = "JsonSchemaNetList"), BenchmarkCategory(TypicalValid)]
    public bool TypicalValidJsonSchemaNetList() => JsonSchemaNetList(_jsonSchemaNet, _typicalValid);

    [Benchmark(Description = "Generated", Baseline = true), BenchmarkCategory(TypicalInvalid)]
    public bool TypicalInvalidGenerated() => Generated(_typicalInvalid);

    [Benchmark(Description = "JsonSchemaNet"), BenchmarkCategory(TypicalInvalid)]
    public bool TypicalInvalidJsonSchemaNet() => JsonSchemaNet(_jsonSchemaNet, _typicalInvalid);

    [Benchmark(Description = "NJsonSchema"), BenchmarkCategory(TypicalInvalid)]
    public bool TypicalInvalidNJsonSchema() => NJsonSchema(_nJsonSchema, _typicalInvalid);

    [Benchmark(Description = "GeneratedErrors"), BenchmarkCategory(TypicalInvalid)]
    public bool TypicalInvalidGeneratedErrors() => GeneratedErrors(_typicalInvalid);

    [Benchmark(Description = "JsonSchemaNetList"), BenchmarkCategory(TypicalInvalid)]
    public bool TypicalInvalidJsonSchemaNetList() => JsonSchemaNetList(_jsonSchemaNet, _typicalInvalid);

    [Benchmark(Description = "Generated", Baseline = true), BenchmarkCategory(LargeValid)]
    public bool LargeValidGenerated() => Generated(_largeValid);

    [Benchmark(Description = "JsonSchemaNet"), BenchmarkCategory(LargeValid)]
    public bool LargeValidJsonSchemaNet() => JsonSchemaNet(_jsonSchemaNet, _largeValid);

    [Benchmark(Description = "NJsonSchema"), BenchmarkCategory(LargeValid)]
    public bool LargeValidNJsonSchema() => NJsonSchema(_nJsonSchema, _largeValid);

    [Benchmark(Description = "GeneratedErrors"), BenchmarkCategory(LargeValid)]
    public bool LargeValidGeneratedErrors() => GeneratedErrors(_largeValid);

    [Benchmark(Description = "JsonSchemaNetList"), BenchmarkCategory(LargeValid)]
    public bool LargeValidJsonSchemaNetList() => JsonSchemaNetList(_jsonSchemaNet, _largeValid);

    [Benchmark(Description = "Generated", Baseline = true), BenchmarkCategory(LargeInvalid)]
    public bool LargeInvalidGenerated() => Generated(_largeInvalid);

    [Benchmark(Description = "JsonSchemaNet"), BenchmarkCategory(LargeInvalid)]
    public bool LargeInvalidJsonSchemaNet() => JsonSchemaNet(_jsonSchemaNet, _largeInvalid);

    [Benchmark(Description = "NJsonSchema"), BenchmarkCategory(LargeInvalid)]
    public bool LargeInvalidNJsonSchema() => NJsonSchema(_nJsonSchema, _largeInvalid);

    [Benchmark(Description = "GeneratedErrors"), BenchmarkCategory(LargeInvalid)]
    public bool LargeInvalidGeneratedErrors() => GeneratedErrors(_largeInvalid);

    [Benchmark(Description = "JsonSchemaNetList"), BenchmarkCategory(LargeInvalid)]
    public bool LargeInvalidJsonSchemaNetList() => JsonSchemaNetList(_jsonSchemaNet, _largeInvalid);

    private static bool Generated(byte[] utf8) => StorageDocument.Validator.IsValid(utf8);

    private static bool GeneratedErrors(byte[] utf8) => StorageDocument.Validator.Validate(utf8).IsValid;

    private static bool JsonSchemaNet(JsonSchemaNet.JsonSchema schema, byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return schema.Evaluate(document.RootElement, JsonSchemaNetKazoo.Flag).IsValid;
    }

    private static bool JsonSchemaNetList(JsonSchemaNet.JsonSchema schema, byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return schema.Evaluate(document.RootElement, JsonSchemaNetKazoo.List).IsValid;
    }

    private static bool NJsonSchema(NJsonSchemaLib.JsonSchema schema, byte[] utf8) =>
        schema.Validate(Encoding.UTF8.GetString(utf8)).Count == 0;

    private static void Expect(string document, string contender, bool actual, bool expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException(
                $"{contender} says the {document} document is {(actual ? "valid" : "invalid")}; it is {(expected ? "valid" : "invalid")}.");
        }
    }
}
