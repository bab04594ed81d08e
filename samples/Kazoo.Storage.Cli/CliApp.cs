using System.CommandLine;
using System.CommandLine.Help;
using Kazoo.Storage.Cli.Commands;
using Kazoo.Storage.Cli.Infrastructure;
using Spectre.Console;

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

        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parse.Errors)
            {
                console.Error(error.Message);
            }

            var command = parse.CommandResult.Command;
            console.Hint(command == root ? $"{Name} --help lists the commands." : $"{Name} {command.Name} --help shows its usage.");
            return ExitCodes.Usage;
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
            console.Err.MarkupLine("[yellow]Cancelled.[/]");
            return ExitCodes.Cancelled;
        }
        catch (CliException ex)
        {
            console.Error(ex.Message);
            if (ex.Hint is not null)
            {
                console.Hint(ex.Hint);
            }

            return ex.ExitCode;
        }
        catch (Exception ex)
        {
            // Nothing should get here; if it does, say what it was without a wall of stack trace.
            console.Error($"unexpected {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.InternalError;
        }
    }

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
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        return root;
    }
}
