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
        context.Start(new CliConsole(parse.GetValue(noColor) ? host with { OutputColor = false, ErrorColor = false } : host), parse);

        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            var command = parse.CommandResult.Command;
            return context.Fail(
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
            return context.Cancelled();
        }
        catch (CliException ex)
        {
            return context.Fail(ex.ExitCode, [ex.Message], ex.Hint);
        }
        catch (Exception ex)
        {
            // Nothing should get here; if it does, say what it was (and what caused it) without a wall of stack trace.
            return context.Fail(ExitCodes.InternalError, [$"unexpected {ex.GetType().Name}: {ExceptionText.WithCauses(ex)}"], "this is a bug in kazoo-storage; please report it.");
        }
    }

    private static Command BuildRoot(CliContext context, Option<bool> noColor) =>
        new(Name, "Validate, resolve, read, change and probe Kazoo (2600Hz) storage plans.")
        {
            new HelpOption(),
            new VersionOption(),
            noColor,
            ValidateCommand.Create(context),
            ResolveCommand.Create(context),
            CrossbarCommand.Get(context),
            CrossbarCommand.Put(context),
            CrossbarCommand.Replace(context),
            CrossbarCommand.Patch(context),
            CrossbarCommand.Delete(context),
            ProbeCommand.Create(context),
            AttachmentCommand.Create(context),
            ServeCommand.Create(context),
            DemoCommand.Create(context),
        };
}
