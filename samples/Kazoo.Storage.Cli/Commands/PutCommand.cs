using System.CommandLine;

namespace Kazoo.Storage.Cli.Commands;

/// <summary><c>put FILE</c>: Create a storage document (PUT …/storage); 409 if one exists.</summary>
internal static class PutCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The storage document to send, as JSON." };
        var command = new Command("put", "Create a storage document (PUT …/storage); 409 if one exists.") { file };
        var connection = CrossbarConnection.AddTo(command, writes: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = connection.Open(parse, context);
            var path = parse.GetValue(file)!;
            var (document, errors) = await DocumentFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return CrossbarCommand.ReportInvalid(context.Console, session, path, errors);
            }

            return await CrossbarCommand.RunAsync(context, session, "Created", (client, scope, ct) => client.CreateAsync(scope, document, ct), printDocument: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
