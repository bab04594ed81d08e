namespace Kazoo.Storage.Cli.Commands;

/// <summary><c>get</c>: Read a storage document (GET …/storage).</summary>
internal static class GetCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("get", "Read a storage document (GET …/storage).");
        var connection = CrossbarConnection.AddTo(command, writes: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = connection.Open(parse, context);
            return await CrossbarCommand.RunAsync(context, session, "Read", (client, scope, ct) => client.GetAsync(scope, ct), printDocument: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
