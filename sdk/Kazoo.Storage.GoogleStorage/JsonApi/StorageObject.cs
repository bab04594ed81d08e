namespace Kazoo.Storage.GoogleStorage.JsonApi;

/// <summary>The object resource Cloud Storage answers an upload with (the members Kazoo's pointer needs, and all of its text members).</summary>
/// <param name="Name">The object's name.</param>
/// <param name="Generation">Its generation, when given.</param>
/// <param name="MediaLink">The URL that downloads this generation, when given.</param>
/// <param name="Md5Hash">The base64 MD5 of the content, when given (composite objects have none).</param>
/// <param name="Size">The content's length, when given.</param>
/// <param name="Fields">Every top-level text member of the resource (<c>bucket</c>, <c>generation</c>, <c>md5Hash</c>, <c>etag</c>, …).</param>
internal sealed record StorageObject(string Name, string? Generation, string? MediaLink, string? Md5Hash, long? Size, IReadOnlyDictionary<string, string> Fields);
