using System.CommandLine.Help;
using Kazoo.Storage.Cli.Commands;

namespace Kazoo.Storage.Cli;

/// <summary>
/// The whole CLI as a function of its arguments: builds the commands, parses, runs, and maps every outcome to an exit code
/// (<see cref="ExitCodes"/>). Program.cs calls it with the real console; the tests call it in-process with writers.
/// </summary>
internal static class CliApp
{
    /// <summary>The command name, as installed by <c>dotnet tool install</c>.</summary>
    public const string Name = "kazoo-storage";

    /// <summary>Runs the CLI with plain text on <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the running command (Ctrl+C); the run then returns 130.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, CliHost.ForWriters(output, error), cancellationToken);

    /// <summary>Runs the CLI on <paramref name="host"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="host">Where to write, and what the terminal supports.</param>
    /// <param name="cancellationToken">Cancels the running command (Ctrl+C); the run then returns 130.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        var context = new CliContext(host);
        var noColor = new Option<bool>("--no-color")
        {
            Description = "Plain text even on a terminal (as NO_COLOR=1 does).",
            Recursive = true,
        };
        var root = BuildRoot(context, noColor);
        var parse = root.Parse(args);
        var plain = parse.GetValue(noColor);
        var console = new CliConsole(plain ? host with { OutputColor = false, ErrorColor = false } : host);
        context.UseConsole(console);
        var report = new FailureReport(console, AsksForJson(parse));

        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            var command = parse.CommandResult.Command;
            return report.Fail(
                ExitCodes.Usage,
                [.. parse.Errors.Select(e => e.Message)],
                command == root ? $"{Name} --help lists the commands." : $"{Name} {command.Name} --help shows its usage.");
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = host.Output,
                    Error = host.Error,
                    EnableDefaultExceptionHandler = false,
                    // Program.cs turns Ctrl+C into the cancellation token; tests have no console to watch.
                    ProcessTerminationTimeout = null,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever a cancelled operation ended with (OperationCanceledException, or a client's own error for the cut-off
            // request), Ctrl+C asked for it.
            return report.Cancelled();
        }
        catch (CliException ex)
        {
            return report.Fail(ex.ExitCode, [ex.Message], ex.Hint);
        }
        catch (Exception ex)
        {
            // Nothing should get here; if it does, say what it was (and what caused it) without a wall of stack trace.
            return report.Fail(ExitCodes.InternalError, [$"unexpected {ex.GetType().Name}: {ExceptionText.WithCauses(ex)}"], "this is a bug in kazoo-storage; please report it.");
        }
    }

    /// <summary>Whether the command line has the command's <c>--json</c>: then failures are JSON on standard output too.</summary>
    private static bool AsksForJson(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--json") is { } json
        && parse.GetResult(json) is { Implicit: false };

    private static Command BuildRoot(CliContext context, Option<bool> noColor)
    {
        var root = new Command(Name, "Validate, resolve, read, change and probe Kazoo (2600Hz) storage plans.")
        {
            new HelpOption(),
            new VersionOption(),
            noColor,
        };
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(ResolveCommand.Create(context));
        root.Subcommands.Add(GetCommand.Create(context));
        root.Subcommands.Add(SendDocumentCommand.Put(context));
        root.Subcommands.Add(SendDocumentCommand.Replace(context));
        root.Subcommands.Add(PatchCommand.Create(context));
        root.Subcommands.Add(DeleteCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create(context));
        root.Subcommands.Add(AttachmentCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        return root;
    }
}
