namespace Kazoo.Storage.Cli;

/// <summary>
/// Where a run of the CLI writes and what it may assume about the terminal: the real console (<see cref="ForConsole()"/>)
/// or any pair of writers (<see cref="ForWriters"/>, plain text, as the tests use it).
/// </summary>
internal sealed record CliHost
{
    /// <summary>Standard output: results, and the JSON of <c>--json</c>.</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Standard error: diagnostics and progress bars.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Whether <see cref="Output"/> understands ANSI colours.</summary>
    public bool OutputColor { get; init; }

    /// <summary>Whether <see cref="Error"/> understands ANSI colours.</summary>
    public bool ErrorColor { get; init; }

    /// <summary>Whether live displays (progress bars) may be drawn on <see cref="Error"/>: it is a terminal.</summary>
    public bool Interactive { get; init; }

    /// <summary>The width to lay text out for; null to ask the terminal.</summary>
    public int? Width { get; init; }

    /// <summary>Opens standard input, for the inputs given as <c>-</c>.</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;

    /// <summary>Opens standard output as bytes, for <c>attachment get</c> without <c>-o</c>.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    /// <summary>Reads an environment variable (<c>KAZOO_SERVER</c>, <c>KAZOO_API_KEY</c>, …).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// The process's console. Colours only where the stream is a terminal, <c>NO_COLOR</c> is unset or empty
    /// (https://no-color.org) and <c>TERM</c> is not <c>dumb</c>; progress bars only on a terminal.
    /// </summary>
    public static CliHost ForConsole() =>
        ForConsole(Environment.GetEnvironmentVariable, Console.IsOutputRedirected, Console.IsErrorRedirected) with
        {
            Output = Console.Out,
            Error = Console.Error,
        };

    /// <summary>The console's capabilities from the environment and what is redirected (the decision <see cref="ForConsole()"/> makes).</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="outputRedirected">Whether standard output goes to a file or a pipe.</param>
    /// <param name="errorRedirected">Whether standard error goes to a file or a pipe.</param>
    internal static CliHost ForConsole(Func<string, string?> environment, bool outputRedirected, bool errorRedirected)
    {
        var colorAllowed = string.IsNullOrEmpty(environment("NO_COLOR"))
            && !string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        return new CliHost
        {
            Output = TextWriter.Null,
            Error = TextWriter.Null,
            OutputColor = colorAllowed && !outputRedirected,
            ErrorColor = colorAllowed && !errorRedirected,
            Interactive = !errorRedirected,
            Width = outputRedirected ? PlainWidth : null,
            GetEnvironmentVariable = environment,
        };
    }

    /// <summary>Plain text on two writers: no colours, no live displays, a fixed width, an empty standard input, a standard output for bytes that keeps nothing.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    public static CliHost ForWriters(TextWriter output, TextWriter error) => new()
    {
        Output = output,
        Error = error,
        Width = PlainWidth,
        OpenStandardInput = () => Stream.Null,
        OpenStandardOutput = () => Stream.Null,
    };

    /// <summary>Wide enough that paths and messages stay on one line when the output goes to a file or a pipe.</summary>
    internal const int PlainWidth = 200;
}
