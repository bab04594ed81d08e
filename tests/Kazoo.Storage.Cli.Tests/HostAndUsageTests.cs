using Kazoo.Storage.Cli.Tests.Support;

namespace Kazoo.Storage.Cli.Tests;

public sealed class HostAndUsageTests
{
    [Fact]
    public void A_terminal_gets_colours_and_progress_bars()
    {
        var host = CliHost.ForConsole(_ => null, outputRedirected: false, errorRedirected: false);

        Assert.True(host.OutputColor);
        Assert.True(host.ErrorColor);
        Assert.True(host.Interactive);
        Assert.Null(host.Width);
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
    public void Redirected_streams_are_plain_and_wide()
    {
        var host = CliHost.ForConsole(_ => null, outputRedirected: true, errorRedirected: true);

        Assert.False(host.OutputColor);
        Assert.False(host.ErrorColor);
        Assert.False(host.Interactive);
        Assert.Equal(CliHost.PlainWidth, host.Width);
    }

    [Fact]
    public async Task No_command_is_a_usage_error_with_a_hint()
    {
        var result = await Tool.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kazoo-storage --help lists the commands.", result.Err);
    }

    [Fact]
    public async Task An_unknown_command_or_option_is_a_usage_error()
    {
        var command = await Tool.RunAsync("frobnicate");
        var option = await Tool.RunAsync("validate", "x.json", "--frobnicate");

        Assert.Equal(2, command.ExitCode);
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("--frobnicate", option.Err);
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
}
