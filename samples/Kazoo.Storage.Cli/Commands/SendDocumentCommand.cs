namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// The commands that send a whole storage document from a file: <c>put FILE</c> (create, PUT …/storage; 409 if one
/// exists) and <c>replace FILE</c> (POST …/storage; keys left out are dropped). The document is validated and sent as a
/// record; with <c>--no-validate</c> its bytes go as read, for Kazoo to judge.
/// </summary>
internal static class SendDocumentCommand
{
    public static Command Put(CliContext context) => Create(
        context, "put", "Create a storage document (PUT …/storage); 409 if one exists.", "Created",
        static (client, scope, document, ct) => client.CreateAsync(scope, document, ct),
        static (client, scope, json, ct) => client.CreateFromJsonAsync(scope, json, ct));

    public static Command Replace(CliContext context) => Create(
        context, "replace", "Replace a storage document (POST …/storage); keys left out are dropped.", "Replaced",
        static (client, scope, document, ct) => client.ReplaceAsync(scope, document, ct),
        static (client, scope, json, ct) => client.ReplaceFromJsonAsync(scope, json, ct));

    private static Command Create(
        CliContext context,
        string name,
        string description,
        string done,
        Func<KazooStorageClient, StorageScope, StorageDocument, CancellationToken, Task<CrossbarResponse<StorageDocument>>> send,
        Func<KazooStorageClient, StorageScope, ReadOnlyMemory<byte>, CancellationToken, Task<CrossbarResponse<StorageDocument>>> sendAsRead)
    {
        var file = new Argument<string>("FILE") { Description = "The storage document to send, as JSON; - reads standard input." };
        var command = new Command(name, description) { file };
        var connection = CrossbarConnection.AddTo(command, writes: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = connection.Open(parse, context);
            var path = parse.GetValue(file)!;
            if (session.SendAsRead)
            {
                // --no-validate: the bytes as read, for Kazoo to judge, even a value of the wrong type no record can hold.
                var json = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
                return await CrossbarCommand.RunAsync(context, session, done, (client, scope, ct) => sendAsRead(client, scope, json, ct), printDocument: true, cancellationToken).ConfigureAwait(false);
            }

            var input = await DocumentFile.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
            if (input.Document is not { } document)
            {
                return CrossbarCommand.ReportInvalid(context.Console, session, JsonInput.NameOf(path), input.Errors);
            }

            return await CrossbarCommand.RunAsync(context, session, done, (client, scope, ct) => send(client, scope, document, ct), printDocument: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
