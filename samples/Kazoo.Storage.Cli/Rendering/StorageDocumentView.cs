using System.Text.Json;
using Kazoo.Storage.Cli.Infrastructure;
using Kazoo.Storage.Models;
using Spectre.Console;

namespace Kazoo.Storage.Cli.Rendering;

/// <summary>
/// A storage document for people: its backends as a table, its connections, and its plan as a tree. Only settings that say
/// where data goes are shown (a URL without its password, a bucket, a folder); never a secret.
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
                    Markup.Escape(entry.Name),
                    Markup.Escape(Text(entry.Value, "handler") ?? "?"),
                    Markup.Escape(Text(entry.Value, "name") ?? ""),
                    Markup.Escape(Where(entry.Value)),
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
                    Markup.Escape(entry.Name),
                    Markup.Escape(Text(entry.Value, "driver") ?? ""),
                    Markup.Escape(Text(settings, "url") is { } url ? SecretMasking.MaskUrl(url) : ""));
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
            var node = tree.AddNode("[blue]" + Markup.Escape(section.Name) + "[/]" + SectionHint(section.Name));
            if (section.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (Text(section.Value, "connection") is { } connection)
            {
                node.AddNode("connection " + Markup.Escape(connection));
            }

            if (section.Value.TryGetProperty("attachments", out var rule))
            {
                node.AddNode("[grey]all types[/] " + Rule(rule, attachments));
            }

            if (section.Value.TryGetProperty("database", out var database)
                && database.TryGetProperty("names", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0)
            {
                node.AddNode("[grey]only for[/] " + Markup.Escape(string.Join(", ", names.EnumerateArray().Select(n => n.ToString()))));
            }

            if (section.Value.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Object)
            {
                foreach (var type in types.EnumerateObject())
                {
                    var label = Markup.Escape(type.Name);
                    if (type.Value.ValueKind == JsonValueKind.Object && type.Value.TryGetProperty("attachments", out var typeRule))
                    {
                        label += " " + Rule(typeRule, attachments);
                    }

                    if (Text(type.Value, "connection") is { } typeConnection)
                    {
                        label += " [grey]connection[/] " + Markup.Escape(typeConnection);
                    }

                    node.AddNode(label);
                }
            }
        }

        return tree;
    }

    /// <summary>Where a backend entry puts data: its kind and the settings that locate it (URL without password, bucket, folder).</summary>
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
                parts.Add(name == "url" ? SecretMasking.MaskUrl(value) : name + " " + value);
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
            text = "→ [bold]" + Markup.Escape(handler) + "[/]"
                + (entry.ValueKind == JsonValueKind.Object
                    ? " [grey](" + Markup.Escape(Text(entry, "handler") ?? "?") + ")[/] " + Markup.Escape(Where(entry))
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

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
