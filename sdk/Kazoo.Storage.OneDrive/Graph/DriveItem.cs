using System.Globalization;
using System.Text.Json;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.OneDrive.Graph;

/// <summary>What Graph answered about an uploaded file: its address and the facts kept in the pointer's metadata.</summary>
/// <param name="Id">The item's drive and id.</param>
/// <param name="Fields">
/// The answer's plain facts by dotted path: <c>name</c>, <c>size</c>, <c>eTag</c>, <c>cTag</c>, <c>webUrl</c>,
/// <c>createdDateTime</c>, <c>lastModifiedDateTime</c>, <c>parentReference.path</c>, <c>file.mimeType</c>,
/// <c>file.hashes.*</c>. Never an <c>@microsoft.graph.*</c> annotation: <c>downloadUrl</c> is a credential.
/// </param>
internal sealed record DriveItem(DriveItemId Id, IReadOnlyDictionary<string, string> Fields)
{
    private static readonly string[] s_topLevel = ["name", "size", "eTag", "cTag", "webUrl", "createdDateTime", "lastModifiedDateTime"];

    /// <summary>
    /// Reads a driveItem as Kazoo requires it: with <c>id</c> and <c>parentReference.driveId</c>; without them the failure
    /// has Kazoo's reason (<c>return_info_missing</c>, <c>return_id_missing</c>, <c>return_drive_missing</c>).
    /// </summary>
    /// <param name="root">The answer.</param>
    /// <exception cref="AttachmentHandlerException">The id or the drive id is missing.</exception>
    public static DriveItem Read(JsonElement root)
    {
        var id = root.ValueKind == JsonValueKind.Object ? Text(root, "id") : null;
        var driveId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("parentReference", out var parent) && parent.ValueKind == JsonValueKind.Object
            ? Text(parent, "driveId")
            : null;
        var missing = (id, driveId) switch
        {
            (null, null) => "return_info_missing",
            (null, _) => "return_id_missing",
            (_, null) => "return_drive_missing",
            _ => null,
        };
        if (missing is not null)
        {
            throw new AttachmentHandlerException(OneDriveAttachmentHandler.HandlerKind, 500, missing, GraphErrors.WithoutCredentials(root));
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in s_topLevel)
        {
            Add(fields, name, root, name);
        }

        if (root.TryGetProperty("parentReference", out var reference) && reference.ValueKind == JsonValueKind.Object)
        {
            Add(fields, "parentReference.path", reference, "path");
        }

        if (root.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.Object)
        {
            Add(fields, "file.mimeType", file, "mimeType");
            if (file.TryGetProperty("hashes", out var hashes) && hashes.ValueKind == JsonValueKind.Object)
            {
                foreach (var hash in hashes.EnumerateObject())
                {
                    Add(fields, "file.hashes." + hash.Name, hashes, hash.Name);
                }
            }
        }

        return new DriveItem(new DriveItemId(driveId!, id!), fields);
    }

    private static void Add(Dictionary<string, string> fields, string key, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => value.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
            _ => null,
        };
        if (text is not null)
        {
            fields[key] = text;
        }
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
