using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Benchmarks.Validation;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Validation.Comparison.Tests;

/// <summary>
/// What Kazoo does beyond draft-04, which only the SDK knows: top-level <c>_</c>/<c>pvt_</c> fields removed before
/// validating, a repeated member read as its first occurrence, the client URL blacklist read two ways, precise errors
/// inside nested oneOfs, a cap on reported paths. With Kazoo's default options each document must get the verdict Kazoo
/// gives, and the verdict-only walk must agree with the full walk in both modes. Where only private fields set a document
/// apart from draft-04, JsonSchema.Net given the document without them must agree too.
/// </summary>
public sealed class KazooRuleAgreementTests
{
    private const string A = VerdictCases.A;
    private const string S3 = "{\"handler\":\"s3\",\"settings\":{\"bucket\":\"recordings\",\"key\":\"k\",\"secret\":\"s\"}}";
    private static readonly Lazy<JsonSchemaNetKazoo> s_jsonSchemaNet = new(() => new JsonSchemaNetKazoo());

    /// <summary>Name, document, Kazoo's verdict, and whether the document differs from draft-04 only by private fields.</summary>
    private static readonly (string Name, string Json, bool Valid, bool PrivateFieldsOnly)[] s_cases =
    [
        ("private-fields-of-any-value", "{\"_id\":1.5,\"_rev\":null,\"_attachments\":[],\"pvt_type\":{},\"pvt_x\":[1],\"id\":\"x\"}", true, true),
        ("private-fields-escaped", "{\"\\u005fid\":1.5,\"pvt\\u005fx\":{}}", true, true),
        ("private-fields-beside-a-bad-field", "{\"_id\":1.5,\"id\":5}", false, true),
        ("private-fields-beside-a-short-bucket", "{\"pvt_type\":{},\"attachments\":{\"" + A + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"abc\",\"key\":\"k\",\"secret\":\"s\"}}}}", false, true),
        ("private-field-nested-is-kept", "{\"plan\":{\"_x\":{}}}", false, true),
        ("repeated-id-first-a-string", "{\"id\":\"x\",\"id\":5}", true, false),
        ("repeated-id-first-a-number", "{\"id\":5,\"id\":\"x\"}", false, false),
        ("repeated-handler", "{\"attachments\":{\"" + A + "\":" + S3[..^1] + ",\"handler\":\"nope\"}}}", true, false),
        ("repeated-attachments", "{\"attachments\":{\"" + A + "\":" + S3 + "},\"attachments\":{\"" + A + "\":\"not an entry\"}}", true, false),
        ("repeated-plan-database", "{\"plan\":{\"modb\":{},\"modb\":{\"no such key\":1}}}", true, false),
        ("url-user-information-before-localhost", Http("http://user:pass@localhost/store"), false, false),
        ("url-localhost-as-user-information", Http("http://localhost@files.example.com/store"), true, false),
        ("url-kazoo-user-information-form", Http("http://user@pass:localhost/store"), false, false),
        ("url-scheme-in-capitals", Http("HTTPS://files.example.com/store"), false, false),
        ("url-host-with-trailing-dot", Http("http://localhost./store"), true, false),
        ("url-ipv4-short-form", Http("http://127.1/store"), false, false),
        ("field-list-nested-bad-arg", "{\"attachments\":{\"" + A + "\":" + S3[..^2] + ",\"field_list\":[{\"group\":[{\"group\":[{\"arg\":\"owner\"}]}]}]}}}}", false, false),
        ("entry-not-an-object", "{\"attachments\":{\"" + A + "\":\"s3\"}}", false, false),
        ("more-failing-paths-than-reported", ManyStringEntries(1500), false, false),
    ];

    public static TheoryData<string> Cases => new(s_cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kazoos_verdict_from_both_walks_in_both_modes(string name)
    {
        var (_, json, valid, privateFieldsOnly) = s_cases.Single(c => c.Name == name);
        var utf8 = Encoding.UTF8.GetBytes(json);

        foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
        {
            var errors = StorageDocument.Validator.Validate(utf8, options);
            Assert.True(errors.IsValid == valid, $"{name} ({options.Mode}): expected {(valid ? "valid" : "invalid")}, got {errors}");
            Assert.True(StorageDocument.Validator.IsValid(utf8, options) == valid, $"{name} ({options.Mode}): IsValid disagrees with Validate");
        }

        if (privateFieldsOnly)
        {
            // Kazoo validates the public fields: draft-04, as JsonSchema.Net reads it, on the document without the others.
            var document = JsonNode.Parse(json)!.AsObject();
            foreach (var key in document.Select(member => member.Key).Where(key => key.StartsWith('_') || key.StartsWith("pvt_", StringComparison.Ordinal)).ToList())
            {
                document.Remove(key);
            }

            using var publicFields = JsonDocument.Parse(document.ToJsonString());
            Assert.Equal(valid, s_jsonSchemaNet.Value.Storage.Evaluate(publicFields.RootElement, JsonSchemaNetKazoo.Flag).IsValid);
        }
    }

    [Fact]
    public void The_cases_cover_every_rule()
    {
        foreach (var prefix in new[] { "private-", "repeated-", "url-", "field-list-", "entry-", "more-failing-paths" })
        {
            Assert.Contains(s_cases, c => c.Name.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    private static string Http(string url) =>
        "{\"attachments\":{\"" + A + "\":{\"handler\":\"http\",\"settings\":{\"url\":" + JsonSerializer.Serialize(url) + "}}}}";

    private static string ManyStringEntries(int count) =>
        "{\"attachments\":{" + string.Join(",", Enumerable.Range(0, count).Select(i => "\"" + i.ToString("x32", CultureInfo.InvariantCulture) + "\":\"s3\"")) + "}}";
}
