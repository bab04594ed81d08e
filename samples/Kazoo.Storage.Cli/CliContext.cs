using Kazoo.Storage.Cli.Rendering;

namespace Kazoo.Storage.Cli;

/// <summary>
/// One run as the commands' actions share it: the host, the console made for it once the arguments are parsed, what the
/// command line asks of every command (<c>--json</c>, <c>--show-secrets</c>), and the one way a failure is reported:
/// <c>error:</c> lines and a <c>hint:</c> on standard error, or with <c>--json</c> one <see cref="JsonError"/> on standard
/// output and nothing else.
/// </summary>
internal sealed class CliContext(CliHost host)
{
    private CliConsole? _console;
    private bool _standardInputTaken;

    public CliHost Host { get; } = host;

    /// <summary>The console (after parsing: <c>--no-color</c> decides its colours).</summary>
    public CliConsole Console => _console ?? throw new InvalidOperationException("The console is made after parsing.");

    /// <summary>Whether the command asked for <c>--json</c>: its result, or its failure, is then JSON on standard output.</summary>
    public bool Json { get; private set; }

    /// <summary>Whether the command asked for <c>--show-secrets</c>: backend secrets are printed instead of <c>***</c>.</summary>
    public bool ShowSecrets { get; private set; }

    /// <summary>Starts the run on <paramref name="console"/>, with what the command line asks of every command.</summary>
    public void Start(CliConsole console, ParseResult parse)
    {
        _console = console;
        Json = CliOptions.IsOn(parse, CliOptions.JsonName);
        ShowSecrets = CliOptions.IsOn(parse, CliOptions.ShowSecretsName);
    }

    /// <summary>Reports a failure of the CLI's own (bad usage, an unreadable input, a bug) and returns <paramref name="exitCode"/>.</summary>
    /// <param name="exitCode">The exit code; it decides the JSON <c>kind</c>.</param>
    /// <param name="messages">What went wrong, one message a line.</param>
    /// <param name="hint">What to try instead, or null.</param>
    public int Fail(int exitCode, IReadOnlyList<string> messages, string? hint)
    {
        var kind = exitCode switch
        {
            ExitCodes.Usage => "usage",
            ExitCodes.Cancelled => "cancelled",
            ExitCodes.InternalError => "internal",
            _ => "failure",
        };
        return Fail(exitCode, new JsonError(kind, string.Join(System.Environment.NewLine, messages)) { Hint = hint }, messages);
    }

    /// <summary>
    /// Reports <paramref name="error"/> and returns <paramref name="exitCode"/>: with <c>--json</c> as it is, else its message,
    /// its validation errors, its hint and (for an answer from a server) its request id.
    /// </summary>
    /// <param name="exitCode">The exit code.</param>
    /// <param name="error">The failure.</param>
    /// <param name="lines">The <c>error:</c> lines of the plain report, when they say more than the message.</param>
    public int Fail(int exitCode, JsonError error, IReadOnlyList<string>? lines = null)
    {
        if (Json)
        {
            Console.WriteJsonError(error);
            return exitCode;
        }

        foreach (var line in lines ?? [error.Message])
        {
            Console.Error(line);
        }

        if (!error.Errors.IsValid)
        {
            ValidationView.Write(Console.Err, error.Errors);
        }

        if (error.Hint is not null)
        {
            Console.Hint(error.Hint);
        }

        if (error.RequestId is not null && !error.Local)
        {
            Console.Err.MarkupLine($"[grey]request id {Markup.Escape(error.RequestId)}[/]");
        }

        return exitCode;
    }

    /// <summary>Reports that Ctrl+C stopped the command and returns <see cref="ExitCodes.Cancelled"/>.</summary>
    public int Cancelled()
    {
        if (Json)
        {
            return Fail(ExitCodes.Cancelled, ["Cancelled."], null);
        }

        Console.Err.MarkupLine("[yellow]Cancelled.[/]");
        return ExitCodes.Cancelled;
    }

    /// <summary>Standard input, for the one input given as <c>-</c>.</summary>
    /// <exception cref="CliException">A second input asks for it: the first one has read it all (exit 2).</exception>
    public Stream OpenStandardInput()
    {
        if (_standardInputTaken)
        {
            throw new CliException("Only one input can come from standard input (-).");
        }

        _standardInputTaken = true;
        return Host.OpenStandardInput();
    }

    /// <summary>An environment variable, or null when it is unset or empty.</summary>
    public string? Environment(string name) => Host.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
