using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Kazoo.Storage.TestSupport;

/// <summary>A file or folder the fake keeps.</summary>
public sealed class DriveItem
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string MimeType { get; init; }
    public required string ParentId { get; init; }
    public required long Created { get; init; }
    public byte[] Content { get; init; } = [];
    public bool IsFolder => MimeType == FakeDrive.FolderMimeType;
}

/// <summary>A resumable upload session the fake keeps.</summary>
public sealed class UploadSession : GoogleUploadSession<DriveItem>
{
    public required string MimeType { get; init; }
    public required string ParentId { get; init; }
    public string? FileId => Result?.Id;
}

/// <summary>
/// The Drive v3 routes Kazoo uses, kept in memory and checked strictly: the search query's syntax, and what all Google
/// JSON APIs share (<see cref="GoogleApiFake{TSession, TResult}"/>: the bearer token against <see cref="FakeOAuth"/>'s
/// current tokens, the <c>multipart/related</c> framing, the resumable protocol, errors as Drive writes them). Faults can
/// be injected per folder, folder name and chunk.
/// </summary>
public sealed class FakeDrive(FakeOAuth oauth) : GoogleApiFake<UploadSession, DriveItem>(oauth.IsValid)
{
    public const string FolderMimeType = "application/vnd.google-apps.folder";

    private readonly ConcurrentDictionary<string, DriveItem> _items = new(StringComparer.Ordinal);
    private long _clock;
    private int _foldersCreated;

    /// <summary>Every request: "METHOD path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The <c>q</c> of every search, as received.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>How many folders were created through the API.</summary>
    public int FoldersCreated => _foldersCreated;

    /// <summary>Uploads (multipart and resumable starts) per parent folder, in order.</summary>
    public ConcurrentQueue<(string Kind, string ParentId)> Uploads { get; } = new();

    /// <summary>Uploads into these folders fail with the given status and message (at the multipart request or the session start).</summary>
    public ConcurrentDictionary<string, (int Status, string Message)> FailUploadsInto { get; } = new(StringComparer.Ordinal);

    /// <summary>Creating a folder with one of these names fails with 500.</summary>
    public ConcurrentDictionary<string, bool> FailFolderCreation { get; } = new(StringComparer.Ordinal);

    /// <summary>A file or folder by id.</summary>
    public DriveItem? Find(string id) => _items.TryGetValue(id, out var item) ? item : null;

    /// <summary>Everything kept.</summary>
    public IReadOnlyCollection<DriveItem> Items => _items.Values.ToArray();

    /// <summary>Creates a folder directly (as a user would in the Drive UI).</summary>
    public DriveItem AddFolder(string name, string parentId = "root") => Add(name, FolderMimeType, parentId, []);

    /// <summary>The folder path of an item, e.g. <c>root/kazoo/voicemail</c>.</summary>
    public string PathOf(string id)
    {
        var parts = new List<string>();
        var current = id;
        while (current != "root" && _items.TryGetValue(current, out var item))
        {
            parts.Insert(0, item.Name);
            current = item.ParentId;
        }

        parts.Insert(0, current);
        return string.Join('/', parts);
    }

    internal async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (!await AuthorizedAsync(context, RefuseAsync))
        {
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        const string Files = "/drive/v3/files";
        const string Upload = "/upload/drive/v3/files";
        switch (request.Method)
        {
            case "GET" when path == Files:
                await ListAsync(context);
                return;
            case "POST" when path == Files:
                await CreateFolderAsync(context);
                return;
            case "GET" when path.StartsWith(Files + "/", StringComparison.Ordinal):
                await DownloadAsync(context, Uri.UnescapeDataString(path[(Files.Length + 1)..]));
                return;
            case "DELETE" when path.StartsWith(Files + "/", StringComparison.Ordinal):
                await DeleteAsync(context, Uri.UnescapeDataString(path[(Files.Length + 1)..]));
                return;
            case "POST" when path == Upload && request.Query["uploadType"] == "multipart":
                await MultipartAsync(context);
                return;
            case "POST" when path == Upload && request.Query["uploadType"] == "resumable":
                await StartSessionAsync(context);
                return;
            case "PUT" or "DELETE" when path == Upload && request.Query["upload_id"].Count == 1:
                if (!Sessions.TryGetValue(request.Query["upload_id"]!, out var session))
                {
                    await ErrorAsync(context, 404, "Upload session not found.", "notFound");
                }
                else
                {
                    await (request.Method == "PUT" ? ChunkAsync(context, session) : CancelAsync(context, session));
                }

                return;
            default:
                await ViolationAsync(context, 404, $"No such route: {request.Method} {path}{request.QueryString}");
                return;
        }
    }

    private static Task RefuseAsync(HttpContext context, bool tokenSent) => tokenSent
        ? ErrorAsync(context, 401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "authError", "UNAUTHENTICATED")
        : ErrorAsync(context, 401, "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "required", "UNAUTHENTICATED");

    private async Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        foreach (var key in query.Keys)
        {
            if (key is not ("q" or "fields" or "orderBy" or "pageToken"))
            {
                await ViolationAsync(context, 400, $"Unexpected list parameter '{key}'.");
                return;
            }
        }

        if (query["orderBy"].Count > 0 && query["orderBy"] != "createdTime desc")
        {
            await ViolationAsync(context, 400, $"Unexpected orderBy '{query["orderBy"]}'.");
            return;
        }

        var q = query["q"].ToString();
        Queries.Enqueue(q);
        IReadOnlyList<DriveQueryTerm> terms;
        try
        {
            terms = DriveQueryParser.Parse(q);
        }
        catch (FormatException ex)
        {
            Violations.Enqueue($"Query '{q}': {ex.Message}");
            await ErrorAsync(context, 400, "Invalid Value", "invalid", locationType: "parameter", location: "q");
            return;
        }

        if (terms.Count(t => t.Field == "parents") != 1 || terms.Count(t => t.Field == "name") != 1)
        {
            await ViolationAsync(context, 400, $"Query '{q}' must name exactly one parent and one name, as Kazoo's lookups do.");
            return;
        }

        var matches = _items.Values.Where(item => terms.All(term => Matches(item, term)));
        matches = query["orderBy"].Count > 0 ? matches.OrderByDescending(i => i.Created) : matches.OrderBy(i => i.Created);
        var files = matches.Select(i => new Dictionary<string, string> { ["id"] = i.Id }).ToArray();
        await JsonAsync(context, 200, new Dictionary<string, object> { ["files"] = files });
    }

    private static bool Matches(DriveItem item, DriveQueryTerm term) => term switch
    {
        { Field: "parents" } => item.ParentId == term.Value,
        { Field: "name" } => item.Name == term.Value,
        { Field: "mimeType", Operator: "=" } => item.MimeType == term.Value,
        { Field: "mimeType", Operator: "!=" } => item.MimeType != term.Value,
        _ => false,
    };

    private async Task CreateFolderAsync(HttpContext context)
    {
        if (context.Request.Query["fields"] != "id" || context.Request.Query.Count != 1)
        {
            await ViolationAsync(context, 400, $"Folder creation must ask for fields=id only: {context.Request.QueryString}.");
            return;
        }

        var metadata = await ReadMetadataAsync(context, context.Request.Body, context.Request.ContentType);
        if (metadata is null)
        {
            return;
        }

        if (metadata.Value.MimeType != FolderMimeType)
        {
            await ViolationAsync(context, 400, "Only folders are created without content.");
            return;
        }

        if (!await ParentExistsAsync(context, metadata.Value.ParentId))
        {
            return;
        }

        if (FailFolderCreation.ContainsKey(metadata.Value.Name))
        {
            await ErrorAsync(context, 500, "Internal Error", "internalError");
            return;
        }

        var folder = Add(metadata.Value.Name, FolderMimeType, metadata.Value.ParentId, []);
        Interlocked.Increment(ref _foldersCreated);
        await JsonAsync(context, 200, new Dictionary<string, object> { ["id"] = folder.Id });
    }

    private async Task MultipartAsync(HttpContext context)
    {
        if (await ReadMultipartAsync(context) is not { } upload
            || await ReadMetadataAsync(context, new MemoryStream(upload.Metadata), upload.MetadataContentType) is not { } metadata)
        {
            return;
        }

        if (upload.MediaContentType != metadata.MimeType)
        {
            await ViolationAsync(context, 400, $"The media part's Content-Type '{upload.MediaContentType}' is not the metadata's mimeType '{metadata.MimeType}'.");
            return;
        }

        Uploads.Enqueue(("multipart", metadata.ParentId));
        if (!await ParentExistsAsync(context, metadata.ParentId) || !await UploadAllowedAsync(context, metadata.ParentId))
        {
            return;
        }

        var file = Add(metadata.Name, metadata.MimeType, metadata.ParentId, upload.Media);
        await JsonAsync(context, 200, FileResource(file));
    }

    private async Task StartSessionAsync(HttpContext context)
    {
        var request = context.Request;
        var metadata = await ReadMetadataAsync(context, request.Body, request.ContentType);
        if (metadata is null)
        {
            return;
        }

        if (request.Headers["X-Upload-Content-Type"] != metadata.Value.MimeType)
        {
            await ViolationAsync(context, 400, $"X-Upload-Content-Type '{request.Headers["X-Upload-Content-Type"]}' is not the metadata's mimeType.");
            return;
        }

        var (valid, declared) = await DeclaredLengthAsync(context);
        if (!valid)
        {
            return;
        }

        Uploads.Enqueue(("resumable", metadata.Value.ParentId));
        if (!await ParentExistsAsync(context, metadata.Value.ParentId) || !await UploadAllowedAsync(context, metadata.Value.ParentId))
        {
            return;
        }

        var session = new UploadSession
        {
            Id = "session-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Name = metadata.Value.Name,
            MimeType = metadata.Value.MimeType,
            ParentId = metadata.Value.ParentId,
            DeclaredLength = declared,
        };
        Sessions[session.Id] = session;
        context.Response.StatusCode = 200;
        context.Response.Headers.Location = new Uri(BaseUri, $"upload/drive/v3/files?uploadType=resumable&upload_id={session.Id}").AbsoluteUri;
        context.Response.ContentLength = 0;
    }

    private async Task DownloadAsync(HttpContext context, string id)
    {
        if (context.Request.Query["alt"] != "media" || context.Request.Query.Count != 1)
        {
            await ViolationAsync(context, 400, $"Downloads ask for alt=media only: {context.Request.QueryString}.");
            return;
        }

        if (!_items.TryGetValue(id, out var item) || item.IsFolder)
        {
            await NotFoundAsync(context, id);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = item.MimeType;
        context.Response.ContentLength = item.Content.Length;
        await context.Response.Body.WriteAsync(item.Content, context.RequestAborted);
    }

    private async Task DeleteAsync(HttpContext context, string id)
    {
        if (context.Request.Query.Count != 0)
        {
            await ViolationAsync(context, 400, $"Deletes take no parameters: {context.Request.QueryString}.");
            return;
        }

        if (!_items.TryRemove(id, out _))
        {
            await NotFoundAsync(context, id);
            return;
        }

        foreach (var child in _items.Values.Where(i => i.ParentId == id).ToArray())
        {
            _items.TryRemove(child.Id, out _);
        }

        context.Response.StatusCode = 204;
    }

    private async Task<(string Name, string MimeType, string ParentId)?> ReadMetadataAsync(HttpContext context, Stream body, string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.MediaType != "application/json")
        {
            await ViolationAsync(context, 400, $"Metadata with Content-Type '{contentType}'.");
            return null;
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await ViolationAsync(context, 400, "Metadata that is not JSON.");
            return null;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0
                || !root.TryGetProperty("mimeType", out var mime) || mime.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("parents", out var parents) || parents.ValueKind != JsonValueKind.Array || parents.GetArrayLength() != 1
                || parents[0].ValueKind != JsonValueKind.String
                || root.EnumerateObject().Count() != 3)
            {
                await ViolationAsync(context, 400, $"Metadata must be exactly name, mimeType and one parent: {root.GetRawText()}");
                return null;
            }

            return (name.GetString()!, mime.GetString()!, parents[0].GetString()!);
        }
    }

    private async Task<bool> ParentExistsAsync(HttpContext context, string parentId)
    {
        if (parentId == "root" || (_items.TryGetValue(parentId, out var parent) && parent.IsFolder))
        {
            return true;
        }

        await NotFoundAsync(context, parentId);
        return false;
    }

    private async Task<bool> UploadAllowedAsync(HttpContext context, string parentId)
    {
        if (FailUploadsInto.TryGetValue(parentId, out var failure) || FailUploadsInto.TryGetValue("*", out failure))
        {
            await ErrorAsync(context, failure.Status, failure.Message, failure.Status == 403 ? "storageQuotaExceeded" : "backendError");
            return false;
        }

        return true;
    }

    private DriveItem Add(string name, string mimeType, string parentId, byte[] content)
    {
        var item = new DriveItem
        {
            Id = "1" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Name = name,
            MimeType = mimeType,
            ParentId = parentId,
            Content = content,
            Created = Interlocked.Increment(ref _clock),
        };
        _items[item.Id] = item;
        return item;
    }

    protected override DriveItem Complete(UploadSession session) =>
        Add(session.Name, session.MimeType, session.ParentId, session.Received.ToArray());

    protected override object Resource(DriveItem file) => FileResource(file);

    private static Dictionary<string, object> FileResource(DriveItem file) => new()
    {
        ["id"] = file.Id,
        ["name"] = file.Name,
        ["mimeType"] = file.MimeType,
        ["size"] = file.Content.Length.ToString(CultureInfo.InvariantCulture),
        ["md5Checksum"] = Convert.ToHexStringLower(MD5.HashData(file.Content)),
    };

    private static Task NotFoundAsync(HttpContext context, string id) =>
        ErrorAsync(context, 404, $"File not found: {id}.", "notFound", locationType: "parameter", location: "fileId");
}
