using System.Text.Json;
using Kazoo.Storage.Packaging.Tests.Infrastructure;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Packaging.Tests;

/// <summary>Runs samples/Quickstart, as built with these tests, against the Crossbar emulator.</summary>
public sealed class QuickstartTests
{
    private const string AwsKey = "testkey";
    private const string AwsSecret = "testsecret-never-printed";

    [Fact]
    public async Task Quickstart_adds_an_S3_backend_routes_voicemails_to_it_and_prints_the_stored_plan()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var crossbar = await CrossbarEmulator.StartAsync(cancellationToken: ct);
        var account = crossbar.AddAccount("Quickstart");

        var run = await RunQuickstartAsync([crossbar.BaseAddress.ToString(), account.Id, "voicemail-bucket"], account.ApiKey, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        using var printed = JsonDocument.Parse(run.StandardOutput);
        var handler = printed.RootElement.GetProperty("modb").GetProperty("types").GetProperty("mailbox_message")
            .GetProperty("attachments").GetProperty("handler").GetString();
        Assert.Matches("^[0-9a-f]{32}$", handler);

        // What Kazoo (here: the emulator) stored: the one S3 backend the plan names.
        var stored = crossbar.GetStoredDocument(account.Id);
        Assert.NotNull(stored);
        var attachments = stored.Value.GetProperty("attachments");
        var backend = Assert.Single(attachments.EnumerateObject());
        Assert.Equal(handler, backend.Name);
        Assert.Equal("s3", backend.Value.GetProperty("handler").GetString());
        Assert.Equal("voicemail-bucket", backend.Value.GetProperty("settings").GetProperty("bucket").GetString());
        Assert.Equal(AwsKey, backend.Value.GetProperty("settings").GetProperty("key").GetString());
        Assert.Equal(handler, stored.Value.GetProperty("plan").GetProperty("modb").GetProperty("types")
            .GetProperty("mailbox_message").GetProperty("attachments").GetProperty("handler").GetString());
        Assert.DoesNotContain(AwsSecret, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quickstart_replaces_a_storage_document_the_account_already_has()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var crossbar = await CrossbarEmulator.StartAsync(cancellationToken: ct);
        var account = crossbar.AddAccount("Quickstart");

        var first = await RunQuickstartAsync([crossbar.BaseAddress.ToString(), account.Id, "first-bucket"], account.ApiKey, ct);
        var second = await RunQuickstartAsync([crossbar.BaseAddress.ToString(), account.Id, "second-bucket"], account.ApiKey, ct);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var backend = Assert.Single(crossbar.GetStoredDocument(account.Id)!.Value.GetProperty("attachments").EnumerateObject());
        Assert.Equal("second-bucket", backend.Value.GetProperty("settings").GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task Quickstart_reports_a_bucket_Kazoo_would_refuse_and_sends_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var crossbar = await CrossbarEmulator.StartAsync(cancellationToken: ct);
        var account = crossbar.AddAccount("Quickstart");

        var run = await RunQuickstartAsync([crossbar.BaseAddress.ToString(), account.Id, "tiny"], account.ApiKey, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("settings.bucket: minLength", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsSecret, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, crossbar.CountRequests("PUT", $"/v2/accounts/{account.Id}/storage") + crossbar.CountRequests("POST", $"/v2/accounts/{account.Id}/storage"));
        Assert.Null(crossbar.GetStoredDocument(account.Id));
    }

    [Fact]
    public async Task Quickstart_without_its_arguments_prints_its_usage()
    {
        var run = await RunQuickstartAsync([], "unused", TestContext.Current.CancellationToken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: Quickstart <crossbar url> <account id> <bucket>", run.StandardError, StringComparison.Ordinal);
    }

    private static Task<RunResult> RunQuickstartAsync(string[] arguments, string apiKey, CancellationToken cancellationToken)
    {
        var quickstart = Path.Combine(AppContext.BaseDirectory, "Quickstart.dll");
        Assert.True(File.Exists(quickstart), "The Quickstart sample was not built beside the tests.");
        var environment = new Dictionary<string, string?>
        {
            ["KAZOO_API_KEY"] = apiKey,
            ["AWS_ACCESS_KEY_ID"] = AwsKey,
            ["AWS_SECRET_ACCESS_KEY"] = AwsSecret,
        };
        return Dotnet.RunAsync(Dotnet.Host, [quickstart, .. arguments], AppContext.BaseDirectory, environment, TimeSpan.FromMinutes(1), cancellationToken);
    }
}
