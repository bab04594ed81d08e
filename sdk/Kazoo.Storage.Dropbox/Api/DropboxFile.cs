namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// A file's metadata as Dropbox answers an upload (<c>FileMetadata</c>): its <c>id</c> (<c>id:…</c>, kept across
/// overwrites), its <c>content_hash</c>, and the other text and number members (<c>name</c>, <c>path_display</c>,
/// <c>rev</c>, <c>size</c>, …) for the pointer's metadata.
/// </summary>
internal sealed record DropboxFile(string Id, string? ContentHash, IReadOnlyDictionary<string, string> Fields);
