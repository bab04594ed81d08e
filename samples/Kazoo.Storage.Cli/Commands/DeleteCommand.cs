namespace Kazoo.Storage.Cli.Commands;

/// <summary><c>delete</c>: Delete a storage document for good (DELETE …/storage).</summary>
internal static class DeleteCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("delete", "Delete a storage document for good (DELETE …/storage).");
        var connection = CrossbarConnection.AddTo(command, writes: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = connection.Open(parse, context);
            return await CrossbarCommand.RunAsync(context, session, "Deleted", (client, scope, ct) => client.DeleteAsync(scope, ct), printDocument: false, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
