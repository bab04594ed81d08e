using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>probe against loopback HTTP backends: one that stores and serves files, and a port where nothing listens.</summary>
public sealed class ProbeTests : FileBackendTest
{
    [Fact]
    public async Task A_working_http_backend_passes_and_the_test_file_is_removed()
    {
        var path = Files.Write("storage.json", Documents.HttpVoicemails(new Uri(Backend.BaseAddress, "vm").ToString()));

        var result = await Tool.RunAsync("probe", path, "--account", Documents.AccountId);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Documents.HttpId, result.Out);
        Assert.Contains("passed", result.Out);
        // Named as Kazoo names it for the account: {account_id}/{doc id}/{R}_test_credentials_file.txt.
        Assert.Matches($"test file {Documents.AccountId}/[0-9a-f]{{32}}/[0-9a-f]{{32}}_test_credentials_file.txt", result.Out);
        Assert.Contains("✓ 1 of 1 backends passed Kazoo's settings probe.", result.Out);
        Assert.Equal(0, Backend.FileCount);
    }

    [Fact]
    public async Task A_backend_that_does_not_answer_fails_with_exit_1_and_Crossbars_invalid_error()
    {
        var working = new Uri(Backend.BaseAddress, "vm").ToString();
        var document = $$"""
            {
              "attachments": {
                "{{Documents.HttpId}}": { "handler": "http", "settings": { "url": "{{working}}" } },
                "{{Documents.DriveId}}": { "handler": "http", "settings": { "url": "{{Loopback.ClosedUrl("vm")}}" } }
              }
            }
            """;
        var path = Files.Write("storage.json", document);

        var plain = await Tool.RunAsync("probe", path);
        var json = await Tool.RunAsync("probe", path, "--json");

        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("failed", plain.Out);
        Assert.Contains("✗ 1 of 2 backends failed", plain.Out);
        Assert.Equal(1, json.ExitCode);
        var report = json.Json;
        Assert.False(report.GetProperty("succeeded").GetBoolean());
        var backends = report.GetProperty("backends").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
        Assert.Equal("passed", backends[Documents.HttpId].GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, backends[Documents.HttpId].GetProperty("error_code").ValueKind);
        // The system document's test files go to system_data, whose account part is "system_data".
        Assert.StartsWith("system_data/", backends[Documents.HttpId].GetProperty("object_name").GetString());
        Assert.Equal("failed", backends[Documents.DriveId].GetProperty("outcome").GetString());
        var errors = report.GetProperty("errors");
        Assert.Equal([$"attachments.{Documents.DriveId}"], errors.EnumerateObject().Select(e => e.Name));
        Assert.True(errors.GetProperty($"attachments.{Documents.DriveId}").TryGetProperty("invalid", out var invalid), json.Out);
        Assert.True(invalid.TryGetProperty("error_code", out _), json.Out);
    }

    [Fact]
    public async Task Google_drive_without_credentials_fails_as_oauth_failure()
    {
        var path = Files.Write("storage.json", Documents.Backend(Documents.DriveId, Documents.DriveEntry));

        var result = await Tool.RunAsync("probe", path, "--google-api", Loopback.ClosedUrl().ToString(), "--json");

        Assert.Equal(1, result.ExitCode);
        var backend = result.Json.GetProperty("backends")[0];
        Assert.Equal("google_drive", backend.GetProperty("kind").GetString());
        Assert.Equal("failed", backend.GetProperty("outcome").GetString());
        Assert.Equal(401, backend.GetProperty("error_code").GetInt32());
        Assert.Equal("oauth_failure", backend.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_s3_backend_that_refuses_the_key_fails_with_the_s3_message_and_no_secret()
    {
        // A loopback stand-in for an S3 server that refuses every request as AWS does for an unknown access key.
        await using var s3 = await LoopbackServer.StartAsync(RefuseTheKeyAsync, TestContext.Current.CancellationToken);
        var port = s3.BaseAddress.Port;
        var path = Files.Write("storage.json", Documents.Backend(Documents.DriveId, $$"""
            { "handler": "s3", "settings": {
              "bucket": "voicemails", "key": "testkey", "secret": "testsecret-do-not-print",
              "host": "127.0.0.1", "port": {{port}}, "scheme": "http", "bucket_access_method": "path" } }
            """));

        var result = await Tool.RunAsync("probe", path, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var invalid = result.Json.GetProperty("errors").GetProperty($"attachments.{Documents.DriveId}").GetProperty("invalid");
        Assert.Equal(403, invalid.GetProperty("error_code").GetInt32());
        Assert.Equal("The AWS Access Key Id you provided does not exist in our records.", invalid.GetProperty("message").GetString());
        Assert.DoesNotContain("testsecret-do-not-print", result.Out + result.Err);
    }

    [Fact]
    public async Task Kinds_without_a_handler_are_listed_but_do_not_fail()
    {
        var path = Files.Write("storage.json", Documents.Backend(Documents.DriveId, """{ "handler": "ftp", "settings": { "url": "ftp://kazoo:testkey@ftp.example.com/vm" } }"""));

        var result = await Tool.RunAsync("probe", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not probed", result.Out);
        // Kazoo's ftp handler has no schema and no handler in the SDK.
        Assert.Contains("kind ftp is not supported", result.Out);
        Assert.DoesNotContain("testkey", result.Out);
    }

    [Fact]
    public async Task A_document_without_backends_has_nothing_to_probe()
    {
        var path = Files.Write("storage.json", "{}");

        var result = await Tool.RunAsync("probe", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("has no attachment backends to probe", result.Out);
    }

    [Fact]
    public async Task An_account_that_is_not_a_Kazoo_id_is_a_usage_error_before_any_backend_is_probed()
    {
        var path = Files.Write("storage.json", Documents.HttpVoicemails(new Uri(Backend.BaseAddress, "vm").ToString()));

        var result = await Tool.RunAsync("probe", path, "--account", "nonsense");

        result.AssertFailure(2, "--account must be a Kazoo id, 32 lowercase letters and digits (got 'nonsense').");
        Assert.DoesNotContain("Parameter", result.Err);
        Assert.DoesNotContain("500", result.Out);
    }

    [Fact]
    public async Task A_backend_that_accepts_and_never_answers_fails_after_the_timeout_which_the_result_names()
    {
        await using var silent = new SilentServer();
        var path = Files.Write("storage.json", Documents.HttpVoicemails(new Uri(silent.Url, "vm").ToString()));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Tool.RunAsync("probe", path, "--timeout", "1s", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var backend = Assert.Single(result.Json.GetProperty("backends").EnumerateArray());
        Assert.Equal("failed", backend.GetProperty("outcome").GetString());
        Assert.Equal("Socket error: timeout (no answer within 1 s)", backend.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_probe_waits_30_seconds_by_default_and_says_so()
    {
        var result = await Tool.RunAsync("probe", "--help");

        Assert.Contains("--timeout", result.Out);
        Assert.Contains("(default 30 s)", result.Out);
    }

    private static Task RefuseTheKeyAsync(HttpContext context)
    {
        context.Response.StatusCode = 403;
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidAccessKeyId</Code>" +
            "<Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>");
    }
}
