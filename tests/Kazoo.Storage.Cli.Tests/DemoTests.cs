using System.Diagnostics;
using System.Text.RegularExpressions;
using Kazoo.Storage.Cli.Commands;
using Kazoo.Storage.Cli.Infrastructure;

namespace Kazoo.Storage.Cli.Tests;

public sealed partial class DemoTests
{
    /// <summary>The lines a newcomer sees (README: <c>dotnet run --project samples/Kazoo.Storage.Cli -- demo</c>).</summary>
    private static void AssertDemoOutput(string output)
    {
        Assert.Contains("Kazoo storage demo", output);
        Assert.Matches(@"✓ Crossbar emulator\s+http://127\.0\.0\.1:\d+/", output);
        Assert.Matches(@"✓ HTTP storage backend\s+http://127\.0\.0\.1:\d+/voicemails", output);
        Assert.Matches(@"✓ Logged in\s+account ""Demo Voicemail Co"", with its API key", output);
        Assert.Matches(@"✓ Storage plan created\s+Kazoo's settings probe tested the backend", output);
        Assert.Matches(@"└── modb .*\n\s+└── mailbox_message → [0-9a-f]{32} \(http\) PUT http://127\.0\.0\.1:\d+/voicemails", output);
        Assert.Matches(@"✓ Voicemail stored\s+voicemail\.wav, 32,044 bytes, by the plan's http handler", output);
        Assert.Matches(@"object key  [0-9a-f]{32}/[0-9a-f]{32}/voicemail\.wav", output);
        Assert.Matches(@"✓ Read back\s+32,044 bytes, byte-identical \(SHA-256 [0-9a-f]{8}…\)", output);
        Assert.Contains("Done. Emulator and backend stopped.", output);
        // The object key is named for the account the plan belongs to.
        var account = Regex.Match(output, "storage plan of account (?<id>[0-9a-f]{32})").Groups["id"].Value;
        Assert.Matches($"object key  {account}/", output);
    }

    [Fact]
    public async Task The_demo_stores_a_voicemail_through_the_resolved_plan_and_reads_it_back()
    {
        var result = await Tool.RunAsync("demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertDemoOutput(result.Out);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task The_built_cli_runs_the_demo_as_a_child_process()
    {
        using var process = StartCli("demo");
        var (exitCode, output, error) = await ChildProcess.CompleteAsync(process, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        AssertDemoOutput(output);
        // Redirected output is plain text: no colours, no progress bars.
        Assert.DoesNotContain("\u001b[", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Large_voicemails_show_progress_bars_on_a_terminal()
    {
        var output = new SharedWriter();
        var error = new SharedWriter();
        var host = CliHost.ForWriters(output, error) with { Interactive = true, ErrorColor = true };

        var exitCode = await CliApp.RunAsync(["demo", "--size", "3MiB"], host, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output + "\n" + error);
        Assert.Contains("voicemail.wav, 3,145,728 bytes", output.ToString());
        Assert.Contains("✓ Read back              3,145,728 bytes, byte-identical", output.ToString());
        Assert.Contains("Uploading voicemail.wav", error.ToString());
        Assert.Contains("Downloading voicemail.wav", error.ToString());
        Assert.Contains("100%", error.ToString());
    }

    [Fact]
    public async Task Plain_output_shows_no_progress_bar_even_for_large_voicemails()
    {
        var result = await Tool.RunAsync("demo", "--size", "3MiB");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Uploading", result.Err);
        Assert.Contains("3,145,728 bytes, byte-identical", result.Out);
    }

    [Fact]
    public async Task Ctrl_C_during_the_upload_cancels_cleanly_with_exit_130()
    {
        var output = new SharedWriter();
        var error = new SharedWriter();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var host = CliHost.ForWriters(output, error);
        var running = CliApp.RunAsync(["demo", "--size", "3GiB"], host, cancel.Token);

        await output.WaitForAsync("Storage plan created", TimeSpan.FromSeconds(30));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        var exitCode = await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(130, exitCode);
        Assert.Contains("Cancelled.", error.ToString());
        Assert.DoesNotContain("Voicemail stored", output.ToString());
    }

    [Fact]
    public async Task SIGINT_to_the_built_cli_stops_the_demo_with_exit_130()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Ctrl+C is sent as SIGINT, which needs a Unix system.");
        using var process = StartCli("demo", "--size", "3GiB");
        var stdout = new SharedWriter();
        var stderr = new SharedWriter();
        process.OutputDataReceived += (_, e) => stdout.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await stdout.WaitForAsync("Storage plan created", TimeSpan.FromMinutes(1));
            await Task.Delay(300, TestContext.Current.CancellationToken);
            Assert.Equal(0, SendSignal(process.Id, Sigint));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("Cancelled.", stderr.ToString());
        Assert.DoesNotContain("Voicemail stored", stdout.ToString());
    }

    [Theory]
    [InlineData("123", 123)]
    [InlineData("64KiB", 64 * 1024)]
    [InlineData("64kb", 64 * 1024)]
    [InlineData("5 MiB", 5 * 1024 * 1024)]
    [InlineData("1GiB", 1024L * 1024 * 1024)]
    public void Sizes_are_read_in_powers_of_1024(string text, long expected) => Assert.Equal(expected, DemoCommand.ParseSize(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("10")]
    [InlineData("4GiB")]
    [InlineData("1.5MiB")]
    public void Sizes_out_of_range_or_malformed_are_refused(string text) => Assert.Throws<CliException>(() => DemoCommand.ParseSize(text));

    [Fact]
    public async Task A_bad_size_is_a_usage_error()
    {
        var result = await Tool.RunAsync("demo", "--size", "lots");

        result.AssertFailure(2, "--size must be a size");
    }

    [Fact]
    public void The_generated_voicemail_is_a_wav_file_whose_bytes_depend_only_on_their_position()
    {
        using var whole = new GeneratedVoicemail(10_000);
        var all = new byte[10_000];
        whole.ReadExactly(all);
        using var part = new GeneratedVoicemail(10_000) { Position = 6_000 };
        var tail = new byte[4_000];
        part.ReadExactly(tail);

        Assert.Equal("RIFF"u8.ToArray(), all[..4]);
        Assert.Equal("WAVE"u8.ToArray(), all[8..12]);
        Assert.Equal(BitConverter.GetBytes(10_000 - 44), all[40..44]);
        Assert.Equal(all[6_000..], tail);
        Assert.Contains(all[44..], b => b != 0);
        Assert.Equal(0, whole.Read(new byte[10]));
    }

    private const int Sigint = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Starts the CLI as built (its runtimeconfig and deps are copied next to the tests), as dotnet run starts it.</summary>
    private static Process StartCli(params string[] args) =>
        ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "Kazoo.Storage.Cli.dll"), new Dictionary<string, string?> { ["NO_COLOR"] = null }, args);
}
