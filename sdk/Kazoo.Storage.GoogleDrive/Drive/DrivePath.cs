namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>Kazoo's object name split for Drive: the folder parts, then the file name (the last part).</summary>
/// <param name="Folders">The folders from the top, empty parts dropped.</param>
/// <param name="FileName">The file name.</param>
internal sealed record DrivePath(IReadOnlyList<string> Folders, string FileName)
{
    /// <summary>Splits <paramref name="objectName"/> on <c>/</c>; empty parts (a leading <c>/</c>, doubled slashes) are dropped.</summary>
    public static DrivePath Parse(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        var parts = objectName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0
            ? throw new ArgumentException("The object name has no file name: the backend's field list produced nothing.", nameof(objectName))
            : new DrivePath(parts[..^1], parts[^1]);
    }
}
