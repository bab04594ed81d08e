using Kazoo.Storage.Validation;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Benchmarks.Validation;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Validation.Comparison.Tests;

/// <summary>
/// The generated validator (precise mode, strict: draft-04 types, without Crossbar's default lenient coercion of
/// <c>"true"</c> or <c>"8080"</c>, and with the top-level <c>_</c>/<c>pvt_</c> fields Crossbar removes kept) and
/// JsonSchema.Net 8.0.5 (draft-06, its closest dialect to Kazoo's draft-04) must call every <see cref="VerdictCases"/>
/// input valid or invalid alike, and that verdict must be the one draft-04 gives. A disagreement names both verdicts and
/// what each one found. Whatever the options, the verdict-only walk must agree with the full one.
/// </summary>
public sealed class VerdictAgreementTests
{
    private static readonly Lazy<JsonSchemaNetKazoo> s_jsonSchemaNet = new(() => new JsonSchemaNetKazoo());
    private static readonly ValidationOptions s_draft04 = new() { StrictValidation = true, PublicFieldsOnly = false };
    private static readonly ValidationOptions s_draft04Exact = s_draft04 with { Mode = ValidationMode.KazooExact };

    public static TheoryData<string> Cases => VerdictCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_generated_validator_and_JsonSchemaNet_give_the_same_verdict(string name)
    {
        var @case = VerdictCases.All[name];
        var utf8 = Encoding.UTF8.GetBytes(@case.Json);

        var generated = StorageDocument.Validator.Validate(utf8, s_draft04);
        using var document = JsonDocument.Parse(utf8);
        var jsonSchemaNet = s_jsonSchemaNet.Value.Storage.Evaluate(document.RootElement, JsonSchemaNetKazoo.List);

        // The cases stay clear of Kazoo's extension rules, which only the SDK applies (they report the code "error").
        Assert.DoesNotContain(generated, error => error.Code == "error");
        Assert.True(
            generated.IsValid == jsonSchemaNet.IsValid,
            $"{name}: generated says {Verdict(generated.IsValid)}, JsonSchema.Net says {Verdict(jsonSchemaNet.IsValid)}; draft-04 says {Verdict(@case.Valid)} ({@case.Why}).\n" +
            $"generated: {generated}\nJsonSchema.Net: {JsonSchemaNetErrors(jsonSchemaNet)}");
        Assert.True(
            StorageDocument.Validator.IsValid(utf8, s_draft04) == generated.IsValid,
            $"{name}: IsValid (first failure only) disagrees with Validate (every error): {generated}");
        Assert.True(
            StorageDocument.Validator.IsValid(utf8, s_draft04Exact) == StorageDocument.Validator.Validate(utf8, s_draft04Exact).IsValid,
            $"{name}: IsValid and Validate disagree in Kazoo-exact mode");
        foreach (var kazoo in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
        {
            Assert.True(
                StorageDocument.Validator.IsValid(utf8, kazoo) == StorageDocument.Validator.Validate(utf8, kazoo).IsValid,
                $"{name}: IsValid and Validate disagree with Kazoo's defaults in {kazoo.Mode} mode");
        }

        Assert.True(
            generated.IsValid == @case.Valid,
            $"{name}: both say {Verdict(generated.IsValid)}; draft-04 says {Verdict(@case.Valid)} ({@case.Why}).\ngenerated: {generated}");
    }

    [Fact]
    public void The_comparison_covers_at_least_40_documents_of_both_kinds()
    {
        Assert.True(VerdictCases.All.Count >= 40, $"only {VerdictCases.All.Count} cases");
        Assert.True(VerdictCases.All.Values.Count(c => c.Valid) >= 10);
        Assert.True(VerdictCases.All.Values.Count(c => !c.Valid) >= 30);
    }

    [Fact]
    public void JsonSchemaNet_resolves_every_bare_id_reference()
    {
        // A $ref that did not resolve would throw during evaluation; every schema also builds on its own.
        Assert.Equal(16, s_jsonSchemaNet.Value.Schemas.Count);
        Assert.All(s_jsonSchemaNet.Value.Schemas.Keys, id => Assert.StartsWith("storage", id, StringComparison.Ordinal));
    }

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";

    private static string JsonSchemaNetErrors(Json.Schema.EvaluationResults results)
    {
        if (results.IsValid)
        {
            return "valid";
        }

        var lines = (results.Details ?? [])
            .Prepend(results)
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Key}: {error.Value}"));
        return string.Join("\n  ", lines);
    }
}
