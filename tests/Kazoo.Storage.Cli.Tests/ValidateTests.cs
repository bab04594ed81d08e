using Kazoo.Storage.Models;

namespace Kazoo.Storage.Cli.Tests;

public sealed class ValidateTests : CliTest
{
    [Fact]
    public async Task A_valid_document_exits_0_and_says_so()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails());

        var result = await Tool.RunAsync("validate", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is a valid storage document (precise)", result.Out);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task Json_output_of_a_valid_document_has_no_errors()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails());

        var result = await Tool.RunAsync("validate", path, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("errors").ValueKind);
        Assert.Empty(json.GetProperty("errors").EnumerateObject());
        Assert.Equal(["valid", "errors"], json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Precise_mode_reports_minLength_at_the_bucket_itself()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails(bucket: "abc"));

        var result = await Tool.RunAsync("validate", path, "--json");

        Assert.Equal(1, result.ExitCode);
        var errors = result.Json.GetProperty("errors");
        Assert.False(result.Json.GetProperty("valid").GetBoolean());
        var bucket = errors.GetProperty($"attachments.{Documents.S3Id}.settings.bucket");
        var minLength = bucket.GetProperty("minLength");
        Assert.Equal(6, minLength.GetProperty("target").GetInt32());
        Assert.Equal("abc", minLength.GetProperty("value").GetString());
        Assert.False(errors.TryGetProperty($"attachments.{Documents.S3Id}", out _));
    }

    [Fact]
    public async Task Kazoo_mode_reports_not_one_schema_valid_at_the_entry_as_Crossbar_does()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails(bucket: "abc"));

        var result = await Tool.RunAsync("validate", path, "--kazoo", "--json");

        Assert.Equal(1, result.ExitCode);
        var errors = result.Json.GetProperty("errors");
        Assert.Equal([$"attachments.{Documents.S3Id}"], errors.EnumerateObject().Select(p => p.Name));
        var entry = errors.GetProperty($"attachments.{Documents.S3Id}").GetProperty("not_one_schema_valid");
        Assert.Equal("failed to validate", entry.GetProperty("message").GetString());
        // Crossbar echoes the whole entry; the secret is masked.
        Assert.Equal("***", entry.GetProperty("value").GetProperty("settings").GetProperty("secret").GetString());
        Assert.DoesNotContain("testsecret", result.Out);
    }

    [Fact]
    public async Task Plain_errors_name_the_path_the_rule_and_its_target()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails(bucket: "abc"));

        var precise = await Tool.RunAsync("validate", path);
        var kazoo = await Tool.RunAsync("validate", path, "--kazoo");

        Assert.Equal(1, precise.ExitCode);
        Assert.Contains("is not valid: 1 error (precise)", precise.Out);
        Assert.Contains($"attachments.{Documents.S3Id}.settings.bucket: minLength (6): String must be at least 6 characters (value \"abc\")", precise.Out);
        Assert.Equal(1, kazoo.ExitCode);
        Assert.Contains($"attachments.{Documents.S3Id}: not_one_schema_valid: failed to validate", kazoo.Out);
        Assert.DoesNotContain("testsecret", kazoo.Out);
        Assert.DoesNotContain("\u001b[", precise.Out);
    }

    [Theory]
    [InlineData("{\n  \"attachments\": {\n    \"x\": [1,, 2]\n  }\n}\n", "is not JSON at line 3, byte 13:")]
    [InlineData("", "is not JSON: it is empty.")]
    public async Task Text_that_is_not_JSON_exits_2_and_says_where(string text, string said)
    {
        var path = Files.Write("broken.json", text);

        var result = await Tool.RunAsync("validate", path);

        result.AssertFailure(2, $"error: {path} {said}");
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("{\n  \"name\": \"é\" x\n}")] // a syntax error after a two-byte character
    [InlineData("{\"id\": \"\\ud800\"}")] // half a surrogate pair, which Kazoo's decoder refuses
    [InlineData("[1] [2]")]
    public async Task Text_that_is_not_JSON_is_said_in_the_validators_words(string text)
    {
        var path = Files.Write("broken.json", text);
        var validator = Assert.Throws<JsonException>(() => StorageDocument.Validate(Encoding.UTF8.GetBytes(text)));

        var result = await Tool.RunAsync("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        // One check in the SDK: the CLI names the file where the validator says "The document".
        Assert.StartsWith("The document is not JSON", validator.Message, StringComparison.Ordinal);
        Assert.Contains(path + validator.Message["The document".Length..], result.Err);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var result = await Tool.RunAsync("validate", Files.PathOf("nothing-here.json"));

        result.AssertFailure(2, "does not exist");
    }

    [Fact]
    public async Task A_directory_is_unreadable_input()
    {
        var folder = Path.GetDirectoryName(Files.Write("a.json", "{}"))!;

        var result = await Tool.RunAsync("validate", folder);

        result.AssertFailure(2, "is a directory");
    }

    [Fact]
    public async Task A_byte_order_mark_is_allowed()
    {
        var path = Files.Write("bom.json", Documents.S3Voicemails(), bom: true);

        var result = await Tool.RunAsync("validate", path);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_plan_handler_that_names_no_backend_is_invalid_in_both_modes()
    {
        var path = Files.Write("storage.json", """{"plan": {"modb": {"attachments": {"handler": "ffffffffffffffffffffffffffffffff"}}}}""");

        var precise = await Tool.RunAsync("validate", path, "--json");
        var kazoo = await Tool.RunAsync("validate", path, "--json", "--kazoo");

        Assert.Equal(1, precise.ExitCode);
        Assert.Equal(1, kazoo.ExitCode);
        Assert.True(precise.Json.GetProperty("errors").TryGetProperty("plan.modb.attachments.handler", out _), precise.Out);
        Assert.True(kazoo.Json.GetProperty("errors").TryGetProperty("plan.modb.attachments.handler", out _), kazoo.Out);
    }

    [Fact]
    public async Task Colours_only_when_the_host_says_the_terminal_has_them()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails(bucket: "abc"));
        var env = new Dictionary<string, string>();
        var ct = TestContext.Current.CancellationToken;

        var colored = await Tool.RunAsync(env, w => CliHost.ForWriters(w.Out, w.Err) with { OutputColor = true }, ct, "validate", path);
        var noColor = await Tool.RunAsync(env, w => CliHost.ForWriters(w.Out, w.Err) with { OutputColor = true }, ct, "validate", path, "--no-color");

        Assert.Equal(1, colored.ExitCode);
        Assert.Contains("\u001b[", colored.Out);
        Assert.Contains("minLength", colored.Out);
        Assert.Equal(1, noColor.ExitCode);
        Assert.DoesNotContain("\u001b[", noColor.Out);
        Assert.Contains($"attachments.{Documents.S3Id}.settings.bucket: minLength (6)", noColor.Out);
    }
}
