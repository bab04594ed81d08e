using System.Text;
using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Validation;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Conformance;

/// <summary>
/// JSON Schema draft-04 conformance of the generated validators, case by case, from the data under
/// <c>Conformance/</c> (written from draft-zyp-json-schema-04 and draft-fge-json-schema-validation-00, with Kazoo's
/// bare-id references on top). All groups are generated and compiled together once (<see cref="ConformanceSuite"/>);
/// each case is then validated in both modes, through both entry points, and must get the specification's verdict.
/// </summary>
public sealed class Draft04ConformanceTests : IClassFixture<ConformanceSuite>
{
    private static readonly ValidationMode[] s_modes = [ValidationMode.Precise, ValidationMode.KazooExact];

    private readonly ConformanceSuite _suite;

    public Draft04ConformanceTests(ConformanceSuite suite) => _suite = suite;

    public static IEnumerable<TheoryDataRow<string, int, int>> Cases => ConformanceData.Rows();

    /// <summary>The options every conformance case is validated with, in each mode: Kazoo's defaults otherwise.</summary>
    private static ValidationOptions Options(ValidationMode mode) => new() { Mode = mode, StrictValidation = true };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_is_the_specifications(string file, int group, int test)
    {
        var conformanceGroup = ConformanceData.Group(file, group);
        var conformanceCase = conformanceGroup.Tests[test];
        var outcome = _suite.Outcome(conformanceGroup);
        var problems = new List<string>();

        var errors = outcome.Diagnostics.AtLeast(DiagnosticSeverity.Error);
        if (errors.Count > 0)
        {
            problems.Add("generator errors: " + string.Join(" | ", errors.Select(Describe)));
        }

        if (outcome.Failure is not null)
        {
            problems.Add(outcome.Failure);
        }
        else
        {
            problems.AddRange(Verdicts(outcome.Schemas!, conformanceGroup.SchemaId, conformanceCase));
        }

        if (problems.Count > 0)
        {
            var warnings = outcome.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(Describe).ToList();
            Assert.Fail("expected " + Verdict(conformanceCase.Valid) + " for " + conformanceCase.Data + ": " + string.Join("; ", problems)
                + (warnings.Count > 0 ? " (generator warnings: " + string.Join(" | ", warnings) + ")" : ""));
        }
    }

    [Fact]
    public void The_generator_reports_no_error_for_the_conformance_schemas()
    {
        Assert.True(_suite.GeneratorErrors.Count == 0, _suite.GeneratorErrors.Describe());
    }

    [Fact]
    public void The_generated_code_compiles_without_errors_or_warnings()
    {
        Assert.True(_suite.CompilationProblems.Count == 0, _suite.CompilationProblems.Describe());
    }

    private static IEnumerable<string> Verdicts(SchemaSet schemas, string schemaId, ConformanceCase conformanceCase)
    {
        if (!schemas.SchemaIds.Contains(schemaId, StringComparer.Ordinal))
        {
            yield return "no validator has the id '" + schemaId + "'";
            yield break;
        }

        var validator = schemas.Validator(schemaId);
        var data = Encoding.UTF8.GetBytes(conformanceCase.Data);
        foreach (var mode in s_modes)
        {
            var options = Options(mode);
            string? isValid;
            try
            {
                var valid = validator.IsValid(data, options);
                isValid = valid == conformanceCase.Valid ? null : Verdict(valid);
            }
            catch (Exception ex)
            {
                isValid = "threw " + ex.GetType().Name + ": " + ex.Message;
            }

            if (isValid is not null)
            {
                yield return mode + " IsValid: " + isValid;
            }

            string? validate;
            try
            {
                var result = validator.Validate(data, options);
                validate = result.IsValid == conformanceCase.Valid ? null : result.IsValid ? "valid" : "invalid (" + result.ToString().ReplaceLineEndings(" | ") + ")";
            }
            catch (Exception ex)
            {
                validate = "threw " + ex.GetType().Name + ": " + ex.Message;
            }

            if (validate is not null)
            {
                yield return mode + " Validate: " + validate;
            }
        }
    }

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";

    private static string Describe(Diagnostic diagnostic)
        => diagnostic.Id + " " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
}
