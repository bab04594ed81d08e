using System.CommandLine;

namespace Kazoo.Storage.Cli.Commands;

/// <summary><c>replace FILE</c>: Replace a storage document (POST …/storage); keys left out are dropped.</summary>
internal static class ReplaceCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The storage document to send, as JSON." };
        var command = new Command("replace", "Replace a storage document (POST …/storage); keys left out are dropped.") { file };
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

            return await CrossbarCommand.RunAsync(context, session, "Replaced", (client, scope, ct) => client.ReplaceAsync(scope, document, ct), printDocument: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
