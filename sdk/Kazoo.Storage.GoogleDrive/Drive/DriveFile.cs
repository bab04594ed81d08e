namespace Kazoo.Storage.GoogleDrive.Drive;

/// <summary>What Drive answered about a file it stored: its id and the other string fields of the answer.</summary>
/// <param name="Id">The Drive file id.</param>
/// <param name="Fields">The answer's other string fields (<c>name</c>, <c>mimeType</c>, <c>md5Checksum</c>, <c>size</c>, …).</param>
internal sealed record DriveFile(string Id, IReadOnlyDictionary<string, string> Fields);
