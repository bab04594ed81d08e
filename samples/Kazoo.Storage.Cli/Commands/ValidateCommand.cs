using Kazoo.Storage.Cli.Rendering;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>validate FILE [--kazoo] [--json]</c>: checks a storage document locally and answers in Crossbar's 400 shape. Exit 0
/// valid, 1 invalid, 2 unreadable or not JSON.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var file = CliOptions.File("The storage document (the data of GET …/storage), as JSON; - reads standard input.");
        var kazoo = CliOptions.Flag("--kazoo", "Answer exactly as Kazoo's Crossbar would (not_one_schema_valid for a bad backend, lenient coercion) instead of the precise errors.");
        var command = new Command("validate", "Validate a storage document locally, with Crossbar's own error codes and paths.")
        {
            file,
            kazoo,
            CliOptions.Json("Print {\"valid\": …, \"errors\": …}; errors in the shape of Crossbar's 400 data."),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var document = await JsonInput.ReadAsync(context, parse.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            var options = parse.GetValue(kazoo) ? ValidationOptions.KazooExact : ValidationOptions.Default;
            var errors = StorageDocument.Validate(document.Bytes.Span, options);
            Print(context, document.Name, options, errors);
            return errors.IsValid ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Print(CliContext context, string name, ValidationOptions options, ValidationErrors errors)
    {
        var console = context.Console;
        if (context.Json)
        {
            console.WriteJsonObject(writer =>
            {
                writer.WriteBoolean("valid", errors.IsValid);
                writer.WritePropertyName("errors");
                errors.WriteTo(writer);
            });
            return;
        }

        var mode = options.Mode == ValidationMode.KazooExact ? "as Kazoo answers" : "precise";
        if (errors.IsValid)
        {
            console.Out.MarkupLineInterpolated($"[green]✓[/] {name} is a valid storage document [grey]({mode})[/]");
        }
        else
        {
            console.Out.MarkupLineInterpolated($"[red]✗[/] {name} is not valid: {ValidationView.Count(errors)} [grey]({mode})[/]");
            ValidationView.Write(console.Out, errors);
        }
    }
}
