using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kazoo.Storage.TestSupport.OneDrive;

/// <summary>
/// The Microsoft Graph routes Kazoo's onedrive handler needs, over one user's drive kept in memory, checked as Graph
/// documents them and answered as Graph answers:
/// <list type="bullet">
/// <item>on the Graph host, with a bearer token <see cref="FakeIdentity"/> issued and that has not expired:
/// <c>PUT /v1.0/me/drive/root:/{path}:/content</c> (simple upload; creates missing folders, replaces a file),
/// <c>POST …:/createUploadSession</c>, <c>GET …:/content</c> and <c>GET /v1.0/drives/{d}/items/{i}/content</c> (302 to a
/// pre-authenticated download URL), <c>DELETE /v1.0/me/drive/root:/{path}</c> and <c>DELETE /v1.0/drives/{d}/items/{i}</c>;</item>
/// <item>on a second host, never with an Authorization header: the upload sessions' URLs (<c>PUT</c> fragments with
/// <c>Content-Range: bytes a-b/TOTAL</c>, <c>GET</c> status, <c>DELETE</c>) and the download URLs.</item>
/// </list>
/// Paths are read from the raw request target: each must be RFC 3986 (Graph's "path encoding"), and is decoded once, an
/// encoded slash separating folders as Graph reads Kazoo's URLs. Names compare without case, as in OneDrive. Errors are
/// Graph's <c>{"error":{"code","message","innerError"}}</c>. Whatever a real Graph would refuse is refused and recorded in
/// <see cref="Violations"/>.
/// </summary>
public sealed partial class FakeGraph(FakeIdentity identity)
{
    /// <summary>The drive's id, with the <c>!</c> and <c>-</c> Graph ids carry.</summary>
    public const string DriveId = "b!kZ3c9Qm2-E0aXoRt7Lk1HwYp4sV8uN6j_5dBq0fWz";

    /// <summary>Graph's simple-upload limit as the fake enforces it.</summary>
    public const long SimpleUploadLimit = 250_000_000;

    private const string Root = "/v1.0/me/drive/root:/";
    private const string Drives = "/v1.0/drives/";

    private readonly object _gate = new();
    private readonly Dictionary<string, DriveNode> _nodes = new(StringComparer.Ordinal)
    {
        [RootItemId] = new DriveNode { Id = RootItemId, Name = "root", ParentId = null, IsFolder = true },
    };
    private readonly ConcurrentDictionary<string, string> _downloadSecrets = new(StringComparer.Ordinal);
    private long _nextId = 200; // above the root's 101
    private int _unauthorized;

    /// <summary>The Graph host's address, e.g. <c>http://127.0.0.1:41234/</c> (set when the server starts).</summary>
    internal Uri GraphBase { get; set; } = new("http://127.0.0.1/");

    /// <summary>The second host's address: upload sessions and downloads (set when the server starts).</summary>
    internal Uri ContentBase { get; set; } = new("http://127.0.0.1/");

    /// <summary>The drive's root folder id.</summary>
    public const string RootItemId = "8B5C3A2D9E4F1A6B!101";

    private static string RootId => RootItemId;

    /// <summary>Every request, both hosts, in order.</summary>
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>What the fake found wrong in requests (it also answered them with an error).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Upload sessions by id.</summary>
    public ConcurrentDictionary<string, FakeUploadSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Every credential the fake handed out in a URL (session and download <c>tempauth</c> values), for leak checks.</summary>
    public ConcurrentQueue<string> UrlSecrets { get; } = new();

    /// <summary>How many Graph requests were refused for a missing, unknown or expired token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Bytes left in the drive, for <c>fileSize</c> checks (507) and completed uploads.</summary>
    public long QuotaRemaining { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Simple uploads and session openings fail with this status, Graph error code and message.</summary>
    public (int Status, string Code, string Message)? FailUploads { get; set; }

    /// <summary>The fragment with this index (0-based, per session) fails once with 503 and is not kept.</summary>
    public int? FailFragmentOnce { get; set; }

    /// <summary>Every fragment fails with 503 and is not kept (status queries still answer).</summary>
    public bool FailEveryFragment { get; set; }

    /// <summary>Each fragment's first attempt fails with 503 and is not kept; the same Content-Range sent again is taken.</summary>
    public bool FailFirstAttemptOfEachFragment { get; set; }

    /// <summary>The fragment with this index is kept, then the connection drops before the answer.</summary>
    public int? DropAnswerOfFragmentOnce { get; set; }

    /// <summary>
    /// The fragment with this index is answered 202 with only its first <c>Kept</c> bytes kept (0: none; fewer than the
    /// fragment has), as if Graph lost the rest; nextExpectedRanges says so.
    /// </summary>
    public (int Index, int Kept)? LoseFragmentOnce { get; set; }

    /// <summary>The fragment with this index is kept, but its 202 answer names this range in nextExpectedRanges instead of what the session holds.</summary>
    public (int Index, string Range)? AnswerNextExpectedOfFragmentOnce { get; set; }

    /// <summary>Uploaded items are answered without <c>id</c> or without <c>parentReference.driveId</c>.</summary>
    public (bool Id, bool DriveId) OmitFromAnswers { get; set; }

    /// <summary>Content requests are answered with the bytes (200) instead of a redirect.</summary>
    public bool AnswerContentDirectly { get; set; }

    /// <summary>An item by id.</summary>
    public DriveNode? Find(string id)
    {
        lock (_gate)
        {
            return _nodes.GetValueOrDefault(id);
        }
    }

    /// <summary>Every file (not folder) kept.</summary>
    public IReadOnlyList<DriveNode> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _nodes.Values.Where(n => !n.IsFolder)];
            }
        }
    }

    /// <summary>An item's path from the root, e.g. <c>/kazoo/voicemail/x.mp3</c>.</summary>
    public string PathOf(string id)
    {
        lock (_gate)
        {
            var parts = new List<string>();
            for (var node = _nodes[id]; node.ParentId is not null; node = _nodes[node.ParentId])
            {
                parts.Insert(0, node.Name);
            }

            return "/" + string.Join('/', parts);
        }
    }

    /// <summary>The file at <paramref name="path"/> (<c>/a/b.mp3</c>, names without case), or null.</summary>
    public DriveNode? FindByPath(string path)
    {
        lock (_gate)
        {
            return Walk(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    internal async Task HandleGraphAsync(HttpContext context)
    {
        var (path, query) = Target(context, "graph");
        if (!await WellFormedAsync(context, path) || !await AuthorizedAsync(context))
        {
            return;
        }

        if (query.Length > 0)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"Kazoo's requests carry no query string: {query}");
            return;
        }

        var method = context.Request.Method;
        if (path.StartsWith(Root, StringComparison.Ordinal))
        {
            var rest = path[Root.Length..];
            var (itemPath, operation) = rest switch
            {
                _ when rest.EndsWith(":/content", StringComparison.Ordinal) => (rest[..^":/content".Length], "content"),
                _ when rest.EndsWith(":/createUploadSession", StringComparison.Ordinal) => (rest[..^":/createUploadSession".Length], "createUploadSession"),
                _ when rest.EndsWith(':') => (rest[..^1], "item"),
                _ => (rest, "item"),
            };
            if (itemPath.Contains(':', StringComparison.Ordinal))
            {
                await ViolationAsync(context, 400, "invalidRequest", $"A ':' inside the item path ends path-based addressing early: {itemPath}");
                return;
            }

            var segments = Uri.UnescapeDataString(itemPath).Split('/');
            if (segments.Any(s => s.Length == 0))
            {
                await ViolationAsync(context, 400, "invalidRequest", $"The item path has an empty segment: {itemPath}");
                return;
            }

            if (segments.FirstOrDefault(s => s.IndexOfAny(['\\', '*', '<', '>', '?', ':', '|', '"']) >= 0) is { } invalid)
            {
                await ErrorAsync(context, 400, "invalidRequest", $"The name '{invalid}' contains a character OneDrive does not allow.");
                return;
            }

            switch (method, operation)
            {
                case ("PUT", "content"):
                    await SimpleUploadAsync(context, segments);
                    return;
                case ("GET", "content"):
                    await ContentAsync(context, FindPath(segments));
                    return;
                case ("POST", "createUploadSession"):
                    await CreateSessionAsync(context, segments);
                    return;
                case ("DELETE", "item"):
                    await DeleteAsync(context, FindPath(segments));
                    return;
            }
        }
        else if (path.StartsWith(Drives, StringComparison.Ordinal))
        {
            var parts = path[Drives.Length..].Split('/');
            if (parts.Length is 3 or 4 && parts[1] == "items" && (parts.Length == 3 || parts[3] == "content"))
            {
                var driveId = Uri.UnescapeDataString(parts[0]);
                var itemId = Uri.UnescapeDataString(parts[2]);
                var node = driveId == DriveId ? Find(itemId) : null;
                switch (method, parts.Length)
                {
                    case ("GET", 4):
                        await ContentAsync(context, node);
                        return;
                    case ("DELETE", 3):
                        await DeleteAsync(context, node);
                        return;
                }
            }
        }

        await ViolationAsync(context, 400, "BadRequest", $"No route Kazoo uses: {method} {path}");
    }

    internal async Task HandleContentAsync(HttpContext context)
    {
        var (path, query) = Target(context, "content");
        if (context.Request.Headers.Authorization.Count > 0)
        {
            // Graph: "If you include the Authorization header when issuing the PUT call, it may result in an HTTP 401".
            // And a download URL is on another host: a bearer token sent there leaks.
            await ViolationAsync(context, 401, "unauthenticated", $"Authorization sent to a pre-authenticated URL: {context.Request.Method} {path}");
            return;
        }

        if (path.StartsWith("/up/", StringComparison.Ordinal))
        {
            await SessionRequestAsync(context, Uri.UnescapeDataString(path["/up/".Length..]), query);
            return;
        }

        if (path.StartsWith("/download/", StringComparison.Ordinal) && context.Request.Method == "GET")
        {
            await DownloadAsync(context, Uri.UnescapeDataString(path["/download/".Length..]), query);
            return;
        }

        await ViolationAsync(context, 404, "itemNotFound", $"No such URL was handed out: {context.Request.Method} {path}");
    }

    private async Task SimpleUploadAsync(HttpContext context, string[] segments)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.ContentType))
        {
            await ViolationAsync(context, 400, "invalidRequest", "A simple upload states its Content-Type.");
            return;
        }

        if (request.ContentLength is not { } length)
        {
            await ViolationAsync(context, 411, "invalidRequest", "A simple upload states its Content-Length (the handler always knows it).");
            return;
        }

        if (length > SimpleUploadLimit)
        {
            await ViolationAsync(context, 413, "requestTooLarge", $"A simple upload of {length} bytes is over Graph's limit; use an upload session.");
            return;
        }

        using var body = new MemoryStream((int)length);
        await request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length != length)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"The body has {body.Length} bytes where Content-Length said {length}.");
            return;
        }

        if (FailUploads is { } failure)
        {
            await ErrorAsync(context, failure.Status, failure.Code, failure.Message);
            return;
        }

        var (status, node) = Store(segments, body.ToArray(), request.ContentType, replace: true);
        if (node is null)
        {
            await ErrorAsync(context, status, "nameAlreadyExists", "The specified item name already exists as a folder.");
            return;
        }

        await JsonAsync(context, status, Item(node));
    }

    private async Task ContentAsync(HttpContext context, DriveNode? node)
    {
        if (node is null || node.IsFolder)
        {
            await NotFoundAsync(context);
            return;
        }

        if (AnswerContentDirectly)
        {
            await BytesAsync(context, node);
            return;
        }

        context.Response.StatusCode = 302;
        context.Response.Headers.Location = DownloadUrl(node.Id);
        context.Response.ContentLength = 0;
    }

    private async Task DownloadAsync(HttpContext context, string id, string query)
    {
        if (!_downloadSecrets.TryGetValue(query, out var granted) || granted != id)
        {
            await ViolationAsync(context, 401, "unauthenticated", $"The download URL's credential does not match: {id}");
            return;
        }

        var node = Find(id);
        if (node is null)
        {
            await NotFoundAsync(context);
            return;
        }

        await BytesAsync(context, node);
    }

    private async Task DeleteAsync(HttpContext context, DriveNode? node)
    {
        if (node is null || node.ParentId is null)
        {
            await NotFoundAsync(context);
            return;
        }

        lock (_gate)
        {
            Remove(node.Id);
        }

        context.Response.StatusCode = 204;
    }

    private static async Task BytesAsync(HttpContext context, DriveNode node)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = node.Content.Length;
        await context.Response.Body.WriteAsync(node.Content, context.RequestAborted);
    }

    /// <summary>Stores a file, making the folders on its way; replaces a file of that path unless told not to.</summary>
    /// <returns>201 and the new item, 200 and the replaced one, or 409 and null when the path is taken.</returns>
    private (int Status, DriveNode? Node) Store(IReadOnlyList<string> segments, byte[] content, string? mimeType, bool replace)
    {
        lock (_gate)
        {
            var parent = _nodes[RootId];
            foreach (var folder in segments.Take(segments.Count - 1))
            {
                var child = ChildOf(parent.Id, folder);
                if (child is { IsFolder: false })
                {
                    return (409, null);
                }

                parent = child ?? Add(parent.Id, folder, isFolder: true);
            }

            var existing = ChildOf(parent.Id, segments[^1]);
            if (existing is not null)
            {
                if (existing.IsFolder || !replace)
                {
                    return (409, null);
                }

                QuotaRemaining -= content.Length - existing.Content.Length;
                existing.Content = content;
                existing.MimeType = mimeType;
                existing.Version++;
                return (200, existing);
            }

            var file = Add(parent.Id, segments[^1], isFolder: false);
            file.Content = content;
            file.MimeType = mimeType;
            QuotaRemaining -= content.Length;
            return (201, file);
        }
    }

    private DriveNode? FindPath(IReadOnlyList<string> segments)
    {
        lock (_gate)
        {
            return Walk(segments);
        }
    }

    private DriveNode? Walk(IReadOnlyList<string> segments)
    {
        var node = _nodes[RootId];
        foreach (var segment in segments)
        {
            if (ChildOf(node.Id, segment) is not { } child)
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private DriveNode? ChildOf(string parentId, string name) =>
        _nodes.Values.FirstOrDefault(n => n.ParentId == parentId && string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));

    private DriveNode Add(string parentId, string name, bool isFolder)
    {
        var node = new DriveNode
        {
            Id = "8B5C3A2D9E4F1A6B!" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            Name = name,
            ParentId = parentId,
            IsFolder = isFolder,
        };
        _nodes[node.Id] = node;
        return node;
    }

    private void Remove(string id)
    {
        foreach (var child in _nodes.Values.Where(n => n.ParentId == id).ToArray())
        {
            Remove(child.Id);
        }

        _nodes.Remove(id);
    }

    /// <summary>A pre-authenticated download URL on the content host, with a fresh credential.</summary>
    private string DownloadUrl(string id)
    {
        var secret = "tempauth=v1.dl." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _downloadSecrets[secret] = id;
        UrlSecrets.Enqueue(secret["tempauth=".Length..]);
        return new Uri(ContentBase, "download/" + Uri.EscapeDataString(id) + "?" + secret).AbsoluteUri;
    }

    /// <summary>A driveItem as Graph answers an upload: with a download URL (a credential) the handler must not keep.</summary>
    private Dictionary<string, object> Item(DriveNode node)
    {
        string parentPath;
        lock (_gate)
        {
            parentPath = "/drive/root:" + (node.ParentId == RootId ? string.Empty : PathOf(node.ParentId!));
        }

        var item = new Dictionary<string, object>
        {
            ["@odata.context"] = $"{GraphBase}v1.0/$metadata#drives('{DriveId}')/items/$entity",
            ["@microsoft.graph.downloadUrl"] = DownloadUrl(node.Id),
            ["createdDateTime"] = "2024-01-15T12:00:00Z",
            ["eTag"] = $"\"{{{node.Id}}},{node.Version}\"",
            ["id"] = node.Id,
            ["lastModifiedDateTime"] = "2024-01-15T12:00:00Z",
            ["name"] = node.Name,
            ["webUrl"] = "https://onedrive.live.com/?cid=8b5c3a2d9e4f1a6b&id=" + Uri.EscapeDataString(node.Id),
            ["cTag"] = $"\"c:{{{node.Id}}},{node.Version}\"",
            ["size"] = node.Content.Length,
            ["createdBy"] = new Dictionary<string, object> { ["application"] = new Dictionary<string, string> { ["displayName"] = "Kazoo" } },
            ["parentReference"] = new Dictionary<string, object>
            {
                ["driveType"] = "personal",
                ["driveId"] = DriveId,
                ["id"] = node.ParentId!,
                ["path"] = parentPath,
            },
            ["file"] = new Dictionary<string, object>
            {
                ["mimeType"] = node.MimeType ?? "application/octet-stream",
                ["hashes"] = new Dictionary<string, string>
                {
                    ["sha1Hash"] = Convert.ToHexString(SHA1.HashData(node.Content)),
                    ["sha256Hash"] = Convert.ToHexString(SHA256.HashData(node.Content)),
                },
            },
        };
        if (OmitFromAnswers.Id)
        {
            item.Remove("id");
        }

        if (OmitFromAnswers.DriveId)
        {
            ((Dictionary<string, object>)item["parentReference"]).Remove("driveId");
        }

        return item;
    }

    /// <summary>The raw path and query of the request, recorded; Kestrel's decoded path would hide how the client encoded it.</summary>
    private (string Path, string Query) Target(HttpContext context, string host)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Requests.Enqueue(new FakeRequest(host, context.Request.Method, raw, context.Request.Headers.Authorization.Count > 0));
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (raw, string.Empty) : (raw[..question], raw[(question + 1)..]);
    }

    /// <summary>Graph expects URLs that conform to RFC 3986: a path of pchar and '/', with well-formed percent escapes.</summary>
    private async Task<bool> WellFormedAsync(HttpContext context, string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            var ok = char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".Contains(c, StringComparison.Ordinal)
                || (c == '%' && i + 2 < path.Length && char.IsAsciiHexDigit(path[i + 1]) && char.IsAsciiHexDigit(path[i + 2]));
            if (!ok)
            {
                await ViolationAsync(context, 400, "invalidRequest", $"The path is not RFC 3986 at '{c}': {path}");
                return false;
            }
        }

        return true;
    }

    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        string? message = null;
        if (header.Length == 0)
        {
            message = "Access token is empty.";
        }
        else if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !identity.WasIssued(header["Bearer ".Length..]))
        {
            message = "IDX14100: JWT is not well formed, there are no dots (.).";
        }
        else if (!identity.IsValid(header["Bearer ".Length..]))
        {
            message = "Lifetime validation failed, the token is expired.";
        }

        if (message is null)
        {
            return true;
        }

        Interlocked.Increment(ref _unauthorized);
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
        await ErrorAsync(context, 401, "InvalidAuthenticationToken", message);
        return false;
    }

    private Task NotFoundAsync(HttpContext context) => ErrorAsync(context, 404, "itemNotFound", "The resource could not be found.");

    private Task ViolationAsync(HttpContext context, int status, string code, string message)
    {
        Violations.Enqueue(message);
        return ErrorAsync(context, status, code, message);
    }

    /// <summary>Answers as Graph does: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["request-id"] = requestId;
        return JsonAsync(context, status, new Dictionary<string, object>
        {
            ["error"] = new Dictionary<string, object>
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new Dictionary<string, string>
                {
                    ["date"] = "2024-01-15T12:00:00",
                    ["request-id"] = requestId,
                    ["client-request-id"] = requestId,
                },
            },
        });
    }

    private static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), Encoding.UTF8, context.RequestAborted);
    }
}
