namespace Kazoo.Storage.TestSupport.OneDrive;

/// <summary>A file or folder the fake drive keeps.</summary>
public sealed class DriveNode
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The parent folder's id; null for the root.</summary>
    public required string? ParentId { get; init; }

    public required bool IsFolder { get; init; }

    public byte[] Content { get; set; } = [];

    public string? MimeType { get; set; }

    /// <summary>Bumped when the content is replaced.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>An upload session the fake keeps.</summary>
public sealed class FakeUploadSession
{
    public required string Id { get; init; }

    /// <summary>The session URL's credential (<c>tempauth</c>).</summary>
    public required string Secret { get; init; }

    /// <summary>The target's path segments, decoded.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    public required string ConflictBehavior { get; init; }

    /// <summary>The <c>item.fileSize</c> the session was opened with, if any.</summary>
    public long? DeclaredSize { get; init; }

    /// <summary>The total the first fragment stated; every later one must state the same.</summary>
    public long? Total { get; set; }

    public MemoryStream Received { get; } = new();

    /// <summary>The <c>Content-Range</c> of every fragment PUT, as received.</summary>
    public List<string> ContentRanges { get; } = [];

    /// <summary>How many status queries (<c>GET uploadUrl</c>) were made.</summary>
    public int StatusQueries { get; set; }

    public int Fragments { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The item the completed session made.</summary>
    public string? ItemId { get; set; }
}

/// <summary>A request the fake saw: which host, the method, the raw target, and whether it carried an Authorization header.</summary>
public sealed record FakeRequest(string Host, string Method, string Target, bool HadAuthorization)
{
    public override string ToString() => $"{Host} {Method} {Target}";
}
