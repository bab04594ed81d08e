namespace Kazoo.Storage.Cli;

/// <summary>What the commands' actions share during one run: the host, and the console made for it once the arguments are parsed.</summary>
internal sealed class CliContext(CliHost host)
{
    private CliConsole? _console;
    private bool _standardInputTaken;

    public CliHost Host { get; } = host;

    /// <summary>The console (after parsing: <c>--no-color</c> decides its colours).</summary>
    public CliConsole Console => _console ?? throw new InvalidOperationException("The console is made after parsing.");

    public void UseConsole(CliConsole console) => _console = console;

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
