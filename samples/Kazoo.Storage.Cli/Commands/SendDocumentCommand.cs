using System.CommandLine;
using Kazoo.Storage.Cli.Infrastructure;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// The commands that send a whole storage document from a file: <c>put FILE</c> (create, PUT …/storage; 409 if one
/// exists) and <c>replace FILE</c> (POST …/storage; keys left out are dropped).
/// </summary>
internal static class SendDocumentCommand
{
    public static Command Put(CliContext context) => Create(
        context, "put", "Create a storage document (PUT …/storage); 409 if one exists.", "Created",
        static (client, scope, document, ct) => client.CreateAsync(scope, document, ct));

    public static Command Replace(CliContext context) => Create(
        context, "replace", "Replace a storage document (POST …/storage); keys left out are dropped.", "Replaced",
        static (client, scope, document, ct) => client.ReplaceAsync(scope, document, ct));

    private static Command Create(
        CliContext context,
        string name,
        string description,
        string done,
        Func<KazooStorageClient, StorageScope, StorageDocument, CancellationToken, Task<CrossbarResponse<StorageDocument>>> send)
    {
        var file = new Argument<string>("FILE") { Description = "The storage document to send, as JSON; - reads standard input." };
        var command = new Command(name, description) { file };
        var connection = CrossbarConnection.AddTo(command, writes: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = connection.Open(parse, context);
            var path = parse.GetValue(file)!;
            var input = await DocumentFile.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
            if (input.Document is not { } document)
            {
                // --no-validate promises that Kazoo judges the document, but KazooStorageClient sends only what reads as a
                // StorageDocument record: a value of the wrong type cannot become one. Once the client can send a
                // document's JSON as it is, send input.Json here when session.SendAsRead.
                return CrossbarCommand.ReportInvalid(
                    context.Console,
                    session,
                    JsonInput.NameOf(path),
                    input.Errors,
                    session.SendAsRead ? "it cannot be sent as it is, even with --no-validate: the SDK's client sends only documents that read as a storage document." : null);
            }

            return await CrossbarCommand.RunAsync(context, session, done, (client, scope, ct) => send(client, scope, document, ct), printDocument: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
