namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>What one run of the CLI did.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>Standard output parsed as JSON (fails the test when it is not).</summary>
    public JsonElement Json => JsonElement.Parse(Out);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";

    /// <summary>Checks that the run failed with <paramref name="exitCode"/> and said <paramref name="message"/> on standard error.</summary>
    public void AssertFailure(int exitCode, string message)
    {
        Assert.True(ExitCode == exitCode, ToString());
        Assert.Contains(message, Err);
    }
}

/// <summary>Runs the CLI in-process, as Program.cs does, on writers the test reads.</summary>
internal static class Tool
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, output => CliHost.ForWriters(output.Out, output.Err), TestContext.Current.CancellationToken, args);

    /// <summary>Runs with <paramref name="input"/> as standard input.</summary>
    public static Task<CliResult> RunWithInputAsync(Stream input, params string[] args) =>
        RunAsync(new Dictionary<string, string>(), output => CliHost.ForWriters(output.Out, output.Err) with { OpenStandardInput = () => input }, TestContext.Current.CancellationToken, args);

    /// <summary>Runs with <paramref name="output"/> as standard output for bytes (<c>attachment get</c> without <c>-o</c>).</summary>
    public static Task<CliResult> RunWithOutputStreamAsync(Stream output, params string[] args) =>
        RunAsync(new Dictionary<string, string>(), writers => CliHost.ForWriters(writers.Out, writers.Err) with { OpenStandardOutput = () => output }, TestContext.Current.CancellationToken, args);

    /// <summary>Runs with a host the test shapes (colours, interactivity), and a token the test may cancel.</summary>
    public static async Task<CliResult> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        Func<(TextWriter Out, TextWriter Err), CliHost> host,
        CancellationToken cancellationToken,
        params string[] args)
    {
        var output = new SharedWriter();
        var error = new SharedWriter();
        var withEnvironment = host((output, error)) with
        {
            GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : null,
        };
        var exitCode = await CliApp.RunAsync(args, withEnvironment, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A text writer that another thread may read while the CLI writes (serve and demo run for a while).</summary>
internal sealed class SharedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_text)
        {
            _text.Append(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits until the text contains <paramref name="expected"/>.</summary>
    public async Task WaitForAsync(string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!ToString().Contains(expected, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{expected}' did not appear within {timeout}; so far:\n{this}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
