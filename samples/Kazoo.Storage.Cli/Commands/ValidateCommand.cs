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
        var file = new Argument<string>("FILE") { Description = "The storage document (the data of GET …/storage), as JSON; - reads standard input." };
        var kazoo = new Option<bool>("--kazoo")
        {
            Description = "Answer exactly as Kazoo's Crossbar would (not_one_schema_valid for a bad backend, lenient coercion) instead of the precise errors.",
        };
        var json = new Option<bool>("--json") { Description = "Print {\"valid\": …, \"errors\": …}; errors in the shape of Crossbar's 400 data." };
        var command = new Command("validate", "Validate a storage document locally, with Crossbar's own error codes and paths.")
        {
            file,
            kazoo,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            context,
            parse.GetValue(file)!,
            parse.GetValue(kazoo) ? ValidationOptions.KazooExact : ValidationOptions.Default,
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string path, ValidationOptions options, bool json, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var document = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        var name = JsonInput.NameOf(path);
        var errors = StorageDocument.Validate(document.Span, options);
        if (json)
        {
            console.WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteBoolean("valid", errors.IsValid);
                writer.WritePropertyName("errors");
                errors.WriteTo(writer);
                writer.WriteEndObject();
            });
        }
        else
        {
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

        return errors.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }
}
