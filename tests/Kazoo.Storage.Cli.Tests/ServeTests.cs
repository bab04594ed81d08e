using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Cli.Tests;

public sealed partial class ServeTests : CliTest
{
    [Fact]
    public async Task Serve_runs_until_cancelled_and_its_api_key_logs_in()
    {
        var output = new SharedWriter();
        var error = new SharedWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serving = CliApp.RunAsync(["serve", "--port", "0", "--api-key", "testkey"], output, error, stop.Token);

        await output.WaitForAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));
        var text = output.ToString();
        var url = Listening().Match(text).Groups["url"].Value;
        var account = AccountId().Match(text).Groups["id"].Value;
        Assert.StartsWith("http://127.0.0.1:", url);
        Assert.Matches("^[0-9a-f]{32}$", account);
        Assert.Contains("API key     testkey", text);

        var put = await Tool.RunAsync("put", Files.Write("storage.json", Documents.S3Voicemails()), "--server", url, "--api-key", "testkey", "--account", account);
        var get = await Tool.RunAsync("get", "--json", "--server", url, "--api-key", "testkey", "--account", account);
        var wrongKey = await Tool.RunAsync("get", "--server", url, "--api-key", "testkey-wrong", "--account", account);
        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal(0, get.ExitCode);
        Assert.Equal("voicemail-bucket", get.Json.GetProperty("data").GetProperty("attachments").GetProperty(Documents.S3Id).GetProperty("settings").GetProperty("bucket").GetString());
        Assert.Equal(4, wrongKey.ExitCode);

        await stop.CancelAsync();
        Assert.Equal(0, await serving);
        Assert.Contains("Stopped.", output.ToString());
        var stopped = await Tool.RunAsync("get", "--server", url, "--api-key", "testkey", "--account", account);
        Assert.Equal(6, stopped.ExitCode);
    }

    [Fact]
    public async Task Serve_listens_on_the_port_asked_for_and_a_taken_port_is_exit_1()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var result = await Tool.RunAsync("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        result.AssertFailure(1, $"Port {port} on 127.0.0.1 is in use.");
    }

    [Fact]
    public async Task Without_an_api_key_serve_prints_the_emulators_own()
    {
        var output = new SharedWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serving = CliApp.RunAsync(["serve"], output, new SharedWriter(), stop.Token);
        await output.WaitForAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));
        var text = output.ToString();
        var url = Listening().Match(text).Groups["url"].Value;
        var account = AccountId().Match(text).Groups["id"].Value;
        var key = ApiKey().Match(text).Groups["key"].Value;

        var get = await Tool.RunAsync("get", "--server", url, "--api-key", key, "--system");

        await stop.CancelAsync();
        Assert.Equal(0, await serving);
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Matches("^[0-9a-f]{32}$", account);
        // Logged in as the master account, which may read the system document; there is none yet.
        Assert.Equal(3, get.ExitCode);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("8080.0")]
    [InlineData(" 80")]
    public async Task A_port_that_is_not_a_whole_number_from_0_to_65535_is_a_usage_error(string port)
    {
        var result = await Tool.RunAsync("serve", "--port", port);

        result.AssertFailure(2, $"--port must be a whole number from 0 to 65535 (got '{port}')");
        Assert.Contains("kazoo-storage serve --help", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [GeneratedRegex(@"listening on (?<url>http://\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"account id\s+(?<id>[0-9a-f]{32})")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"API key\s+(?<key>\S+)")]
    private static partial Regex ApiKey();
}
