using System.Text;

namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>
/// Builds the <c>q</c> parameter of Drive's <c>files.list</c> in its documented search syntax: string values in single
/// quotes, with <c>\</c> and <c>'</c> escaped by a backslash.
/// </summary>
internal static class DriveQuery
{
    /// <summary>The folder named <paramref name="name"/> directly inside <paramref name="parentId"/>, as Kazoo looks it up.</summary>
    public static string Folder(string parentId, string name) =>
        $"{Quote(parentId)} in parents and name = {Quote(name)} and mimeType = {Quote(DriveClient.FolderMimeType)}";

    /// <summary>A file (anything but a folder) named <paramref name="name"/> directly inside <paramref name="parentId"/>.</summary>
    public static string File(string parentId, string name) =>
        $"{Quote(parentId)} in parents and name = {Quote(name)} and mimeType != {Quote(DriveClient.FolderMimeType)}";

    /// <summary>A string literal of the query language.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8).Append('\'');
        foreach (var c in value)
        {
            if (c is '\\' or '\'')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('\'').ToString();
    }
}
