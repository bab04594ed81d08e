using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>resolve</c>: where Kazoo would put a database's documents and attachments, from the system, account and user storage
/// documents (any may be left out; Kazoo's built-in system defaults always apply). Exit 0 when a target applies, 1 when
/// Kazoo would find none.
/// </summary>
internal static class ResolveCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("resolve", "Show where Kazoo would store a database's documents and attachments, and the object name of an attachment.");
        var plan = PlanQueryOptions.AddTo(command, attachmentRequired: false);
        command.AddOptions(CliOptions.ShowSecrets("secret settings"), CliOptions.Json("Print the target as JSON."));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = await plan.ReadFilesAsync(parse, context, cancellationToken).ConfigureAwait(false);
            var location = await plan.LocationAsync(parse, context, cancellationToken).ConfigureAwait(false);
            var target = StoragePlanResolver.Resolve(inputs, plan.Query(parse));
            Print(context, target, location);
            return target.HasTarget ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Print(CliContext context, StorageTarget target, AttachmentLocation? location)
    {
        // One source for both outputs: the SDK's JSON of the target, secrets masked unless asked.
        var (console, showSecrets) = (context.Console, context.ShowSecrets);
        using var parsed = JsonDocument.Parse(target.ToJson(location, showSecrets));
        var root = parsed.RootElement;
        if (context.Json)
        {
            console.WriteJsonObject(writer =>
            {
                foreach (var member in root.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    // The SDK masks secret-named settings; a password inside a URL is masked here too.
                    SecretMasking.WriteMasked(writer, member.Value, reveal: showSecrets || member.Name != "effective_settings");
                }
            });
            return;
        }

        const int LabelWidth = 16;
        void Row(string label, string markup)
        {
            var lines = markup.Split('\n');
            console.Out.MarkupLine("[grey]" + label.PadRight(LabelWidth) + "[/]" + lines[0]);
            foreach (var line in lines.Skip(1))
            {
                console.Out.MarkupLine(new string(' ', LabelWidth) + line);
            }
        }

        string Text(string name) => root.GetProperty(name).ValueKind == JsonValueKind.String ? root.GetProperty(name).GetString()! : "";

        Row("database", Markup.Escape(target.Query.Database));
        Row("classification", Markup.Escape(Text("classification")) + (target.Classification.AccountId is { } account ? " [grey](account " + Markup.Escape(account) + ")[/]" : ""));
        var section = target.PlanSection is null ? "" : " [grey]▸ plan." + Markup.Escape(target.PlanSection) + (target.TypeKey is null ? "" : ".types." + Markup.Escape(target.TypeKey)) + "[/]";
        Row("plan", Markup.Escape(Text("plan")) + section);
        Row("target", target.Kind switch
        {
            StorageTargetKind.NoTarget => "[red]none[/]: " + Markup.Escape(target.Reason ?? "Kazoo finds no usable plan."),
            StorageTargetKind.CouchDb => "[green]couchdb[/] [grey](attachments stay in CouchDB)[/]",
            StorageTargetKind.Stub => "[green]stub[/] [grey](stored in the backend and kept in CouchDB)[/]",
            _ => "[green]external[/] [grey](stored in the backend only)[/]",
        });
        if (target.Connection is not null)
        {
            Row("connection", Markup.Escape(target.Connection) + (target.OtherConnections.Count > 0 ? " [grey](types also use " + Markup.Escape(string.Join(", ", target.OtherConnections)) + ")[/]" : ""));
        }

        if (target.AttachmentHandlerId is not null)
        {
            Row("handler", Markup.Escape(target.AttachmentHandlerId) + " [grey](" + Markup.Escape(target.AttachmentHandlerKind ?? "unknown kind") + ")[/]");
        }

        if (root.GetProperty("effective_settings") is { ValueKind: JsonValueKind.Object } found)
        {
            var settings = showSecrets ? found : SecretMasking.Mask(found);
            var lines = settings.EnumerateObject().Select(m => Markup.Escape(m.Name) + " [grey]=[/] " + Markup.Escape(Compact(m.Value))).ToArray();
            Row("settings", lines.Length == 0 ? "[grey](none)[/]" : string.Join('\n', lines));
        }

        if (target.UsesAttachmentHandler)
        {
            Row("stub", target.IsStub ? "yes" : "no");
        }

        if (root.GetProperty("object_name") is { ValueKind: JsonValueKind.String } objectName)
        {
            Row("object name", "[bold]" + Markup.Escape(objectName.GetString()!) + "[/]");
        }
        else if (location is not null)
        {
            Row("object name", "[grey](none: no attachment backend)[/]");
        }

        foreach (var note in target.Notes)
        {
            Row("note", "[grey]" + Markup.Escape(note) + "[/]");
        }
    }

    private static string Compact(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : JsonSerializer.Serialize(value);
}
