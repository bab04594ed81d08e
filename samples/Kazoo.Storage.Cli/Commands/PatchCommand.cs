namespace Kazoo.Storage.Cli.Commands;

/// <summary><c>patch FILE</c>: Deep-merge a JSON object into a storage document (PATCH …/storage); null removes a key.</summary>
internal static class PatchCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The patch: a JSON object merged into the stored document (null removes a key); - reads standard input." };
        var command = new Command("patch", "Deep-merge a JSON object into a storage document (PATCH …/storage); null removes a key.") { file };
        var connection = CrossbarConnection.AddTo(command, writes: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = connection.Open(parse, context);
            var path = parse.GetValue(file)!;
            var json = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
            StoragePatch patch;
            using (var parsed = JsonDocument.Parse(json))
            {
                if (parsed.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliException($"{JsonInput.NameOf(path)} holds a JSON {parsed.RootElement.ValueKind.ToString().ToLowerInvariant()}; a patch is a JSON object.");
                }

                patch = StoragePatch.FromJson(parsed.RootElement);
            }

            // --no-validate: the bytes as read, for Kazoo to judge.
            return await CrossbarCommand.RunAsync(
                context,
                session,
                "Patched",
                (client, scope, ct) => session.SendAsRead ? client.PatchFromJsonAsync(scope, json, ct) : client.PatchAsync(scope, patch, ct),
                printDocument: true,
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
