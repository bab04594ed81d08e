namespace Kazoo.Storage.Cli.Rendering;

/// <summary>
/// A storage document for people: its backends as a table, its connections, and its plan as a tree. Only settings that say
/// where data goes are shown (a URL, a host, a bucket, a folder); never a secret: every value from the document is
/// printed through the SDK's masking rule (<see cref="SecretMask.MaskText"/>), so a password or a signed query in any
/// URL-like value is <c>***</c>.
/// </summary>
internal static class StorageDocumentView
{
    private static readonly string[] s_whereSettings = ["url", "bucket", "container", "folder_id", "folder_path", "folder_base_path", "host"];

    /// <summary>Writes the backends, connections and plan of <paramref name="document"/>.</summary>
    public static void Write(IAnsiConsole console, StorageDocument document)
    {
        var json = JsonSerializer.SerializeToElement(document, KazooStorageJson.GetTypeInfo<StorageDocument>());
        if (json.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Object && attachments.EnumerateObject().Any())
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]attachment backends[/]")
                .AddColumn("id").AddColumn("handler").AddColumn("name").AddColumn("where").AddColumn("probed");
            foreach (var entry in attachments.EnumerateObject())
            {
                table.AddRow(
                    Show(entry.Name),
                    Show(Text(entry.Value, "handler") ?? "?"),
                    Show(Text(entry.Value, "name") ?? ""),
                    Show(Where(entry.Value)),
                    entry.Value.TryGetProperty("_sig", out _) ? "[green]yes[/] [grey](_sig)[/]" : "[grey]no[/]");
            }

            console.Write(table);
        }
        else
        {
            console.MarkupLine("[grey]No attachment backends.[/]");
        }

        if (json.TryGetProperty("connections", out var connections) && connections.ValueKind == JsonValueKind.Object && connections.EnumerateObject().Any())
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]connections[/]").AddColumn("id").AddColumn("driver").AddColumn("url");
            foreach (var entry in connections.EnumerateObject())
            {
                var settings = entry.Value.TryGetProperty("settings", out var s) ? s : default;
                table.AddRow(
                    Show(entry.Name),
                    Show(Text(entry.Value, "driver") ?? ""),
                    Show(Text(settings, "url") ?? ""));
            }

            console.Write(table);
        }

        console.Write(PlanTree(document, "[bold]plan[/]"));
    }

    /// <summary>
    /// The plan as a tree: each section (<c>account</c>, <c>modb</c>, …), its connection and attachment rule, and each
    /// document type with the backend it sends attachments to.
    /// </summary>
    /// <param name="document">The storage document.</param>
    /// <param name="title">The root's markup.</param>
    public static Tree PlanTree(StorageDocument document, string title)
    {
        var json = JsonSerializer.SerializeToElement(document, KazooStorageJson.GetTypeInfo<StorageDocument>());
        var attachments = json.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var tree = new Tree(title);
        if (!json.TryGetProperty("plan", out var plan) || plan.ValueKind != JsonValueKind.Object || !plan.EnumerateObject().Any())
        {
            tree.AddNode("[grey](no plan: Kazoo's system defaults apply)[/]");
            return tree;
        }

        foreach (var section in plan.EnumerateObject())
        {
            var node = tree.AddNode("[blue]" + Show(section.Name) + "[/]" + SectionHint(section.Name));
            if (section.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (Text(section.Value, "connection") is { } connection)
            {
                node.AddNode("connection " + Show(connection));
            }

            if (section.Value.TryGetProperty("attachments", out var rule))
            {
                node.AddNode("[grey]all types[/] " + Rule(rule, attachments));
            }

            if (section.Value.TryGetProperty("database", out var database)
                && database.TryGetProperty("names", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0)
            {
                node.AddNode("[grey]only for[/] " + Show(string.Join(", ", names.EnumerateArray().Select(n => n.ToString()))));
            }

            if (section.Value.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Object)
            {
                foreach (var type in types.EnumerateObject())
                {
                    var label = Show(type.Name);
                    if (type.Value.ValueKind == JsonValueKind.Object && type.Value.TryGetProperty("attachments", out var typeRule))
                    {
                        label += " " + Rule(typeRule, attachments);
                    }

                    if (Text(type.Value, "connection") is { } typeConnection)
                    {
                        label += " [grey]connection[/] " + Show(typeConnection);
                    }

                    node.AddNode(label);
                }
            }
        }

        return tree;
    }

    /// <summary>Where a backend entry puts data: the settings that locate it (URL, host, bucket, folder), URL secrets masked.</summary>
    public static string Where(JsonElement entry)
    {
        var settings = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("settings", out var s) ? s : default;
        var parts = new List<string>();
        if (Text(settings, "verb") is { } verb)
        {
            parts.Add(verb.ToUpperInvariant());
        }

        foreach (var name in s_whereSettings)
        {
            if (Text(settings, name) is { } value)
            {
                parts.Add(SecretMask.MaskText(name == "url" ? value : name + " " + value));
            }
        }

        return string.Join(' ', parts);
    }

    private static string Rule(JsonElement rule, JsonElement attachments)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var text = "";
        if (Text(rule, "handler") is { } handler)
        {
            var entry = attachments.ValueKind == JsonValueKind.Object && attachments.TryGetProperty(handler, out var e) ? e : default;
            text = "→ [bold]" + Show(handler) + "[/]"
                + (entry.ValueKind == JsonValueKind.Object
                    ? " [grey](" + Show(Text(entry, "handler") ?? "?") + ")[/] " + Show(Where(entry))
                    : " [red](not in attachments)[/]");
        }

        if (rule.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object && parameters.EnumerateObject().Any())
        {
            text += " [grey]params[/] " + Markup.Escape(JsonSerializer.Serialize(SecretMasking.Mask(parameters)));
        }

        if (rule.TryGetProperty("stub", out var stub) && stub.ValueKind == JsonValueKind.True)
        {
            text += " [yellow]stub[/]";
        }

        return text;
    }

    private static string SectionHint(string section) => section switch
    {
        "account" => " [grey](account databases)[/]",
        "modb" => " [grey](monthly databases: voicemails, recordings, faxes, CDRs)[/]",
        "system" => " [grey](system databases)[/]",
        "aggregate" => " [grey](aggregate databases)[/]",
        _ => "",
    };

    /// <summary>A value from the document as markup: URL secrets masked, then escaped.</summary>
    private static string Show(string text) => Markup.Escape(SecretMask.MaskText(text));

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
