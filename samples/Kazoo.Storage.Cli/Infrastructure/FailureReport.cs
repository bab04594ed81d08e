namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// How the CLI reports a failure of its own (bad usage, an unreadable input, a bug, Ctrl+C): <c>error:</c> lines and a
/// <c>hint:</c> on standard error, or with <c>--json</c> one <see cref="JsonError"/> on standard output and nothing else.
/// </summary>
internal sealed class FailureReport(CliConsole console, bool json)
{
    /// <summary>Reports the failure and returns <paramref name="exitCode"/>.</summary>
    /// <param name="exitCode">The exit code; it decides the JSON <c>kind</c>.</param>
    /// <param name="messages">What went wrong, one message a line.</param>
    /// <param name="hint">What to try instead, or null.</param>
    public int Fail(int exitCode, IReadOnlyList<string> messages, string? hint)
    {
        if (json)
        {
            console.WriteJsonError(new JsonError(KindOf(exitCode), string.Join(Environment.NewLine, messages)) { Hint = hint });
            return exitCode;
        }

        foreach (var message in messages)
        {
            console.Error(message);
        }

        if (hint is not null)
        {
            console.Hint(hint);
        }

        return exitCode;
    }

    /// <summary>Reports that Ctrl+C stopped the command and returns <see cref="ExitCodes.Cancelled"/>.</summary>
    public int Cancelled()
    {
        if (json)
        {
            return Fail(ExitCodes.Cancelled, ["Cancelled."], null);
        }

        console.Err.MarkupLine("[yellow]Cancelled.[/]");
        return ExitCodes.Cancelled;
    }

    private static string KindOf(int exitCode) => exitCode switch
    {
        ExitCodes.Usage => "usage",
        ExitCodes.Cancelled => "cancelled",
        ExitCodes.InternalError => "internal",
        _ => "failure",
    };
}
