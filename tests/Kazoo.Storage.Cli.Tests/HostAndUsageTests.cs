using Kazoo.Storage.Cli.Infrastructure;
using Spectre.Console;

namespace Kazoo.Storage.Cli.Tests;

public sealed class HostAndUsageTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_terminal_gets_colours_and_progress_bars_and_redirected_streams_are_plain_and_wide(bool redirected)
    {
        var host = CliHost.ForConsole(_ => null, outputRedirected: redirected, errorRedirected: redirected);

        Assert.Equal(!redirected, host.OutputColor);
        Assert.Equal(!redirected, host.ErrorColor);
        Assert.Equal(!redirected, host.Interactive);
        Assert.Equal(redirected ? CliHost.PlainWidth : null, host.Width);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("NO_COLOR", "yes")]
    [InlineData("TERM", "dumb")]
    public void NO_COLOR_or_a_dumb_terminal_turns_colours_off(string variable, string value)
    {
        var host = CliHost.ForConsole(name => name == variable ? value : null, outputRedirected: false, errorRedirected: false);

        Assert.False(host.OutputColor);
        Assert.False(host.ErrorColor);
    }

    [Fact]
    public void An_empty_NO_COLOR_does_not_count()
    {
        var host = CliHost.ForConsole(name => name == "NO_COLOR" ? "" : null, outputRedirected: false, errorRedirected: false);

        Assert.True(host.OutputColor);
    }

    [Fact]
    public async Task No_command_is_a_usage_error_with_a_hint()
    {
        var result = await Tool.RunAsync();

        result.AssertFailure(2, "kazoo-storage --help lists the commands.");
    }

    [Fact]
    public async Task An_unknown_command_or_option_is_a_usage_error()
    {
        var command = await Tool.RunAsync("frobnicate");
        var option = await Tool.RunAsync("validate", "x.json", "--frobnicate");

        Assert.Equal(2, command.ExitCode);
        option.AssertFailure(2, "--frobnicate");
        Assert.Contains("kazoo-storage validate --help", option.Err);
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var result = await Tool.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "validate", "resolve", "get", "put", "replace", "patch", "delete", "probe", "serve", "demo" })
        {
            Assert.Contains("  " + command, result.Out);
        }
    }

    [Fact]
    public async Task Help_names_the_environment_variables_but_never_their_values()
    {
        var env = new Dictionary<string, string> { ["KAZOO_API_KEY"] = "testkey-from-env", ["KAZOO_PASSWORD"] = "testpassword-from-env" };

        var result = await Tool.RunAsync(env, "get", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("KAZOO_API_KEY", result.Out);
        Assert.Contains("KAZOO_SERVER", result.Out);
        Assert.DoesNotContain("testkey-from-env", result.Out);
        Assert.DoesNotContain("testpassword-from-env", result.Out);
    }

    [Theory]
    [InlineData("validate", "missing.json", "--json")]
    [InlineData("validate", "--json")]
    [InlineData("resolve", "--db", "", "--json")]
    [InlineData("probe", "missing.json", "--json")]
    [InlineData("get", "--json")]
    public async Task With_json_a_usage_or_file_error_is_json_on_standard_output_and_nothing_else(params string[] args)
    {
        var result = await Tool.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Err);
        var error = result.Json.GetProperty("error");
        Assert.Equal(["status", "kind", "local", "message", "hint", "crossbar_message", "request_id", "errors"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("status").ValueKind);
        Assert.True(error.GetProperty("local").GetBoolean());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Json_false_is_plain_text_for_a_failure_too()
    {
        var result = await Tool.RunAsync("validate", "missing.json", "--json", "false");

        result.AssertFailure(2, "error: missing.json does not exist.");
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task No_color_writes_no_escape_sequence_even_on_a_terminal()
    {
        using var files = new TempFiles();
        var valid = files.Write("storage.json", Documents.S3Voicemails());
        var invalid = files.Write("invalid.json", Documents.S3Voicemails(bucket: "abc"));
        CliHost Terminal((TextWriter Out, TextWriter Err) writers) =>
            CliHost.ForWriters(writers.Out, writers.Err) with { OutputColor = true, ErrorColor = true, Interactive = true };

        var runs = new[]
        {
            await Tool.RunAsync(new Dictionary<string, string>(), Terminal, TestContext.Current.CancellationToken, "validate", valid, "--no-color"),
            await Tool.RunAsync(new Dictionary<string, string>(), Terminal, TestContext.Current.CancellationToken, "validate", invalid, "--no-color"),
            await Tool.RunAsync(new Dictionary<string, string>(), Terminal, TestContext.Current.CancellationToken, "validate", "missing.json", "--no-color"),
            await Tool.RunAsync(new Dictionary<string, string>(), Terminal, TestContext.Current.CancellationToken, "frobnicate", "--no-color"),
        };

        Assert.Equal([0, 1, 2, 2], runs.Select(r => r.ExitCode));
        Assert.All(runs, run => Assert.DoesNotContain('\u001b', run.Out + run.Err));
    }

    [Fact]
    public async Task NO_COLOR_writes_no_escape_sequence_even_on_a_terminal()
    {
        var host = CliHost.ForConsole(name => name == "NO_COLOR" ? "1" : null, outputRedirected: false, errorRedirected: false);

        var result = await Tool.RunAsync(
            new Dictionary<string, string>(),
            writers => host with { Output = writers.Out, Error = writers.Err, Width = CliHost.PlainWidth },
            TestContext.Current.CancellationToken,
            "validate",
            "missing.json");

        result.AssertFailure(2, "error: missing.json does not exist.");
        Assert.DoesNotContain('\u001b', result.Err);
    }

    [Fact]
    public void Plain_output_takes_the_styles_out_itself_instead_of_resetting_the_terminals_colours()
    {
        // Spectre's non-ANSI backend resets colours through System.Console, which writes ESC[39;49m to the terminal
        // whatever writer the console has: plain output must stay on the ANSI path and drop the styles.
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(CliHost.ForWriters(output, error) with { Interactive = true });

        console.Out.MarkupLine("[bold red]plain[/] [grey]text[/]");
        console.Err.MarkupLine("[underline yellow]also[/] plain");

        Assert.True(console.Out.Profile.Capabilities.Ansi);
        Assert.True(console.Err.Profile.Capabilities.Ansi);
        Assert.Equal("plain text" + Environment.NewLine, output.ToString());
        Assert.Equal("also plain" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Every_exit_code_is_documented_in_the_README()
    {
        var readme = File.ReadAllText(RepositoryFolder.PathOf("samples", "Kazoo.Storage.Cli", "README.md"));
        var table = readme[readme.IndexOf("## Exit codes", StringComparison.Ordinal)..];
        var documented = System.Text.RegularExpressions.Regex.Matches(table, @"^\| (\d+) \|", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var defined = typeof(ExitCodes).GetFields().Select(f => (int)f.GetRawConstantValue()!);

        Assert.Equal(defined.Order(), documented.Order());
    }
}
