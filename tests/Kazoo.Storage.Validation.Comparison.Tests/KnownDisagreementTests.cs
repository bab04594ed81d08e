using System.Text;
using System.Text.Json;
using Kazoo.Storage.Benchmarks.Validation;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Validation.Comparison.Tests;

/// <summary>
/// The inputs on which the generated validator and JsonSchema.Net 8.0.5 disagree, each pinned with the verdict that is
/// right for Kazoo (jesse 1.5, draft-04, Erlang <c>re</c>; spec §4) and JsonSchema.Net's verdict as observed.
/// Two kinds are JsonSchema.Net's (draft-06 integers, grapheme lengths). A third, <c>\s</c> with Unicode meaning where
/// Kazoo's PCRE gives it ASCII meaning, was the SDK's; its test now pins the fix (SchemaRegex reads <c>\s</c> as PCRE does).
/// </summary>
public sealed class KnownDisagreementTests
{
    private const string Id = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    private static readonly Lazy<JsonSchemaNetKazoo> s_jsonSchemaNet = new(() => new JsonSchemaNetKazoo());

    /// <summary>
    /// Draft-04 (core §3.5): an integer is "a JSON number without a fraction or exponent part"; Kazoo decodes
    /// <c>443.0</c> or <c>1e3</c> as an Erlang float, and jesse's <c>is_integer</c> rejects it. Draft-06 changed the
    /// definition to "any number with a zero fractional part", and JsonSchema.Net (no draft-04 dialect) follows it.
    /// The generated validator is right; JsonSchema.Net accepts.
    /// </summary>
    [Theory]
    [InlineData("s3-port-443.0", "{\"attachments\":{\"" + Id + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"recordings\",\"key\":\"k\",\"secret\":\"s\",\"port\":443.0}}}}")]
    [InlineData("s3-port-1e3", "{\"attachments\":{\"" + Id + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"recordings\",\"key\":\"k\",\"secret\":\"s\",\"port\":1e3}}}}")]
    [InlineData("s3-port-minus-0.0", "{\"attachments\":{\"" + Id + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"recordings\",\"key\":\"k\",\"secret\":\"s\",\"port\":-0.0}}}}")]
    [InlineData("couchdb-password-1.0", "{\"connections\":{\"" + Id + "\":{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"h\",\"port\":1,\"credentials\":{\"username\":\"u\",\"password\":1.0}}}}}")]
    [InlineData("underscore-field-1.0", "{\"_x\":1.0}")]
    [InlineData("pvt-field-2.0", "{\"pvt_x\":2.0}")]
    public void A_number_with_a_fraction_or_exponent_is_not_a_draft_04_integer(string name, string json)
    {
        var (generated, jsonSchemaNet) = Verdicts(json);

        Assert.False(generated.IsValid, $"{name}: draft-04 and Kazoo reject it");
        Assert.Contains(generated, error => error.Code is "type" or "not_one_schema_valid");
        Assert.True(jsonSchemaNet, $"{name}: JsonSchema.Net 8.0.5 (draft-06 integers) was seen to accept it");
    }

    /// <summary>
    /// Draft-04 §5.2.1/§5.2.2 count a string's length in characters as RFC 4627 defines them: code points. jesse counts
    /// <c>length(unicode:characters_to_list(Value))</c>, code points. JsonSchema.Net counts text elements (grapheme
    /// clusters), so a combining accent or a regional-indicator pair counts once. The generated validator is right.
    /// </summary>
    [Theory]
    [InlineData("32 x e+U+0301: 64 code points, 32 graphemes > maxLength 63", 32, "e\\u0301", false)]
    [InlineData("5 x e+U+0301: 10 code points, 5 graphemes >= minLength 6", 5, "e\\u0301", true)]
    [InlineData("3 flags: 6 code points, 3 graphemes >= minLength 6", 3, "\\ud83c\\uddeb\\ud83c\\uddf7", true)]
    public void Lengths_count_code_points_not_graphemes(string name, int repeat, string unit, bool validInDraft04)
    {
        var bucket = string.Concat(Enumerable.Repeat(unit, repeat));
        var json = "{\"attachments\":{\"" + Id + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"" + bucket + "\",\"key\":\"k\",\"secret\":\"s\"}}}}";

        var (generated, jsonSchemaNet) = Verdicts(json);

        Assert.True(generated.IsValid == validInDraft04, $"{name}: generated says {generated}");
        Assert.True(jsonSchemaNet == !validInDraft04, $"{name}: JsonSchema.Net 8.0.5 (grapheme lengths) was seen to say the opposite");
    }

    /// <summary>
    /// <b>Once an SDK bug, now fixed.</b> Kazoo's regexes are Erlang <c>re</c> (PCRE): jesse runs
    /// <c>re:run(Value, Pattern, [{capture, none}, unicode])</c>, with no <c>ucp</c> option, so <c>\s</c> is only
    /// HT, LF, VT, FF, CR and space. .NET's <c>\s</c> is Unicode white space, so compiled as .NET reads it,
    /// <c>^[^\s]*$</c> on an s3 <c>bucket</c>/<c>key</c>/<c>secret</c>/<c>host</c>/<c>region</c> rejected values Kazoo
    /// accepts and stores; <c>SchemaRegex</c> now gives <c>\s</c> PCRE's meaning. JsonSchema.Net gives the same verdict
    /// as Kazoo here. U+0085 (NEL) is not white space even in ECMA-262, the dialect draft-04 names; for NBSP, U+2028
    /// and U+3000 ECMA-262 and Kazoo differ, and the SDK follows Kazoo (schemas/README.md: "Regular expressions are PCRE").
    /// </summary>
    [Fact]
    public void A_non_ascii_space_is_not_pcre_whitespace_so_kazoo_accepts_it_in_a_bucket()
    {
        var rejected = new List<string>();
        foreach (var (name, character) in new[]
                 {
                     ("NEL U+0085", "\\u0085"), ("NO-BREAK SPACE U+00A0", "\\u00a0"),
                     ("LINE SEPARATOR U+2028", "\\u2028"), ("IDEOGRAPHIC SPACE U+3000", "\\u3000"),
                 })
        {
            var json = "{\"attachments\":{\"" + Id + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"my" + character + "bucket\",\"key\":\"k\",\"secret\":\"s\"}}}}";
            var (generated, jsonSchemaNet) = Verdicts(json);

            Assert.True(jsonSchemaNet, $"{name}: JsonSchema.Net 8.0.5 was seen to accept it, as Kazoo does");
            if (!generated.IsValid)
            {
                rejected.Add($"{name}: {generated}");
            }
        }

        Assert.True(
            rejected.Count == 0,
            "In ^[^\\s]*$ Kazoo (PCRE, ASCII \\s) accepts a bucket holding these characters; the generated validator rejects:\n" + string.Join("\n", rejected));
    }

    private static (ValidationErrors Generated, bool JsonSchemaNet) Verdicts(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(utf8);
        // Draft-04's reading of the whole document: the top-level _/pvt_ fields Crossbar removes are kept.
        var generated = StorageDocument.Validator.Validate(utf8, new ValidationOptions { PublicFieldsOnly = false });
        return (generated, s_jsonSchemaNet.Value.Storage.Evaluate(document.RootElement, JsonSchemaNetKazoo.Flag).IsValid);
    }
}
