using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Kazoo.Storage.TestSupport.GoogleStorage;

/// <summary>An object (one live generation) the fake keeps.</summary>
public sealed class FakeObject
{
    public required string Bucket { get; init; }
    public required string Name { get; init; }
    public required long Generation { get; init; }
    public required string ContentType { get; init; }
    public required byte[] Content { get; init; }
    public string Md5Base64 => Convert.ToBase64String(MD5.HashData(Content));
}

/// <summary>A resumable upload session the fake keeps.</summary>
public sealed class FakeSession : GoogleUploadSession<FakeObject>
{
    public required string Bucket { get; init; }
    public required string ContentType { get; init; }
}

/// <summary>
/// The Cloud Storage JSON API routes Kazoo's google_storage handler uses, kept in memory and checked strictly against
/// Google's documentation: the raw request target (the object name is one percent-encoded path segment, decoded exactly
/// once), the query parameters of each route, <c>uploadType=multipart</c> uploads (JSON metadata part then media part,
/// Content-Length), resumable session starts with <c>X-Upload-Content-*</c>, downloads with <c>alt=media</c> (by name or
/// <c>mediaLink</c>) and deletes (<c>204</c>), and what all Google JSON APIs share
/// (<see cref="GoogleApiFake{TSession, TResult}"/>: the bearer token, framing, the resumable protocol, errors).
/// </summary>
public sealed class FakeCloudStorage(Func<string, bool> isLiveToken) : GoogleApiFake<FakeSession, FakeObject>(isLiveToken)
{
    private readonly ConcurrentDictionary<(string Bucket, string Name), FakeObject> _objects = new();
    private readonly ConcurrentDictionary<string, bool> _buckets = new(StringComparer.Ordinal);
    private long _generation = 1_700_000_000_000_000;

    /// <summary>Where session URIs point; the server's own address unless a test moves them elsewhere.</summary>
    public Uri? SessionBaseUri { get; set; }

    /// <summary>Every request: "METHOD raw-target".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Every Authorization header value received, for leak checks.</summary>
    public ConcurrentQueue<string> BearerTokens { get; } = new();

    /// <summary>Uploads as they were asked for: ("multipart" or "resumable", bucket, object name).</summary>
    public ConcurrentQueue<(string Kind, string Bucket, string Name)> Uploads { get; } = new();

    /// <summary>Uploads (multipart, session starts) fail with this status, message and reason.</summary>
    public (int Status, string Message, string Reason)? FailUploads { get; set; }

    /// <summary>Downloads answer only after this delay (or when the client gives up).</summary>
    public TimeSpan? DelayDownloads { get; set; }

    /// <summary>The next stored object has its first byte flipped, as a corrupting proxy would.</summary>
    public bool CorruptNextUpload { get; set; }

    /// <summary>Creates a bucket.</summary>
    public void AddBucket(string name) => _buckets[name] = true;

    /// <summary>The live object, or null.</summary>
    public FakeObject? Find(string bucket, string name) => _objects.TryGetValue((bucket, name), out var found) ? found : null;

    /// <summary>Every live object.</summary>
    public IReadOnlyCollection<FakeObject> Objects => _objects.Values.ToArray();

    /// <summary>The media link Cloud Storage gives an object: its download URL for one generation.</summary>
    public string MediaLink(FakeObject item) =>
        new Uri(BaseUri, $"download/storage/v1/b/{Uri.EscapeDataString(item.Bucket)}/o/{Uri.EscapeDataString(item.Name)}?generation={item.Generation}&alt=media").AbsoluteUri;

    internal async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var method = context.Request.Method;
        Requests.Enqueue($"{method} {rawTarget}");
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } header)
        {
            BearerTokens.Enqueue(header);
        }

        if (!await AuthorizedAsync(context, RefuseAsync))
        {
            return;
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        Dictionary<string, string> query;
        List<string> segments;
        try
        {
            query = ParseQuery(question < 0 ? string.Empty : rawTarget[(question + 1)..]);
            segments = [.. rawPath.Split('/').Skip(1).Select(DecodeSegment)];
        }
        catch (FormatException ex)
        {
            await ViolationAsync(context, 400, $"Malformed request target '{rawTarget}': {ex.Message}");
            return;
        }

        switch (segments)
        {
            case ["upload", "storage", "v1", "b", var bucket, "o"] when method == "POST" && query.GetValueOrDefault("uploadType") == "multipart":
                await MultipartAsync(context, bucket, query);
                return;
            case ["upload", "storage", "v1", "b", var bucket, "o"] when method == "POST" && query.GetValueOrDefault("uploadType") == "resumable":
                await StartSessionAsync(context, bucket, query);
                return;
            case ["upload", "storage", "v1", "b", var bucket, "o"] when method is "PUT" or "DELETE" && query.ContainsKey("upload_id"):
                await SessionAsync(context, bucket, query);
                return;
            case ["storage", "v1", "b", var bucket, "o", var name] when method == "GET":
                await DownloadAsync(context, bucket, name, query, byMediaLink: false);
                return;
            case ["download", "storage", "v1", "b", var bucket, "o", var name] when method == "GET":
                await DownloadAsync(context, bucket, name, query, byMediaLink: true);
                return;
            case ["storage", "v1", "b", var bucket, "o", var name] when method == "DELETE":
                await DeleteAsync(context, bucket, name, query);
                return;
            default:
                await ViolationAsync(context, 404, $"No such route: {method} {rawTarget}");
                return;
        }
    }

    private static Task RefuseAsync(HttpContext context, bool tokenSent) => tokenSent
        ? ErrorAsync(context, 401, "Invalid Credentials", "authError", locationType: "header", location: "Authorization")
        : ErrorAsync(context, 401, "Login Required", "required", locationType: "header", location: "Authorization");

    private async Task MultipartAsync(HttpContext context, string bucket, Dictionary<string, string> query)
    {
        if (!await OnlyParametersAsync(context, query, ["uploadType"], ["name"])
            || await ReadMultipartAsync(context) is not { } upload
            || await ReadMetadataAsync(context, new MemoryStream(upload.Metadata), upload.MetadataContentType, query, required: true) is not { } metadata)
        {
            return;
        }

        if (metadata.ContentType is { } declared && declared != upload.MediaContentType)
        {
            await ViolationAsync(context, 400, $"The media part's Content-Type '{upload.MediaContentType}' is not the metadata's contentType '{declared}'.");
            return;
        }

        Uploads.Enqueue(("multipart", bucket, metadata.Name));
        if (!await UploadAllowedAsync(context, bucket))
        {
            return;
        }

        var stored = Store(bucket, metadata.Name, metadata.ContentType ?? upload.MediaContentType, upload.Media);
        await JsonAsync(context, 200, Resource(stored));
    }

    private async Task StartSessionAsync(HttpContext context, string bucket, Dictionary<string, string> query)
    {
        if (!await OnlyParametersAsync(context, query, ["uploadType"], ["name"]))
        {
            return;
        }

        var request = context.Request;
        var metadata = await ReadMetadataAsync(context, request.Body, request.ContentType, query, required: false);
        if (metadata is null)
        {
            return;
        }

        var uploadType = request.Headers["X-Upload-Content-Type"].ToString();
        if (uploadType.Length > 0 && metadata.Value.ContentType is { } declared && declared != uploadType)
        {
            await ViolationAsync(context, 400, $"X-Upload-Content-Type '{uploadType}' is not the metadata's contentType '{declared}'.");
            return;
        }

        var (valid, length) = await DeclaredLengthAsync(context);
        if (!valid)
        {
            return;
        }

        Uploads.Enqueue(("resumable", bucket, metadata.Value.Name));
        if (!await UploadAllowedAsync(context, bucket))
        {
            return;
        }

        var session = new FakeSession
        {
            Id = "ADPycd" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Bucket = bucket,
            Name = metadata.Value.Name,
            ContentType = metadata.Value.ContentType ?? (uploadType.Length > 0 ? uploadType : "application/octet-stream"),
            DeclaredLength = length,
        };
        Sessions[session.Id] = session;
        context.Response.StatusCode = 200;
        context.Response.Headers.Location = new Uri(SessionBaseUri ?? BaseUri, $"upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&upload_id={session.Id}").AbsoluteUri;
        context.Response.ContentLength = 0;
    }

    /// <summary>A chunk or status query (PUT), or a cancellation (DELETE), of a session.</summary>
    private async Task SessionAsync(HttpContext context, string bucket, Dictionary<string, string> query)
    {
        if (!await OnlyParametersAsync(context, query, ["uploadType", "upload_id"], []) || !await ExpectAsync(context, query["uploadType"] == "resumable", "A session URI keeps uploadType=resumable."))
        {
            return;
        }

        if (!Sessions.TryGetValue(query["upload_id"], out var session) || session.Bucket != bucket)
        {
            await ErrorAsync(context, 404, "No such upload session.", "notFound");
            return;
        }

        await (context.Request.Method == "PUT" ? ChunkAsync(context, session) : CancelAsync(context, session));
    }

    protected override FakeObject Complete(FakeSession session) =>
        Store(session.Bucket, session.Name, session.ContentType, session.Received.ToArray());

    private async Task DownloadAsync(HttpContext context, string bucket, string name, Dictionary<string, string> query, bool byMediaLink)
    {
        var allowed = await (byMediaLink
            ? OnlyParametersAsync(context, query, ["alt", "generation"], [])
            : OnlyParametersAsync(context, query, ["alt"], ["generation"]));
        if (!allowed || !await ExpectAsync(context, query["alt"] == "media", "A download asks for alt=media (without it the API answers the object's metadata).")
            || !await NoBodyAsync(context))
        {
            return;
        }

        if (DelayDownloads is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (!_buckets.ContainsKey(bucket))
        {
            await NoBucketAsync(context);
            return;
        }

        if (Find(bucket, name) is not { } item || (query.TryGetValue("generation", out var generation) && generation != item.Generation.ToString(CultureInfo.InvariantCulture)))
        {
            await NoObjectAsync(context, bucket, name);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = item.ContentType;
        context.Response.ContentLength = item.Content.Length;
        context.Response.Headers["x-goog-generation"] = item.Generation.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-goog-hash"] = "md5=" + item.Md5Base64;
        context.Response.Headers["x-goog-stored-content-length"] = item.Content.Length.ToString(CultureInfo.InvariantCulture);
        await context.Response.Body.WriteAsync(item.Content, context.RequestAborted);
    }

    private async Task DeleteAsync(HttpContext context, string bucket, string name, Dictionary<string, string> query)
    {
        if (!await OnlyParametersAsync(context, query, [], ["generation"]) || !await NoBodyAsync(context))
        {
            return;
        }

        if (!_buckets.ContainsKey(bucket))
        {
            await NoBucketAsync(context);
            return;
        }

        if (Find(bucket, name) is not { } item
            || (query.TryGetValue("generation", out var generation) && generation != item.Generation.ToString(CultureInfo.InvariantCulture))
            || !_objects.TryRemove(new KeyValuePair<(string, string), FakeObject>((bucket, name), item)))
        {
            await NoObjectAsync(context, bucket, name);
            return;
        }

        context.Response.StatusCode = 204;
    }

    private async Task<(string Name, string? ContentType)?> ReadMetadataAsync(HttpContext context, Stream body, string? contentType, Dictionary<string, string> query, bool required)
    {
        query.TryGetValue("name", out var queryName);
        using var buffered = new MemoryStream();
        await body.CopyToAsync(buffered, context.RequestAborted);
        if (buffered.Length == 0 && !required)
        {
            return queryName is { Length: > 0 } ? (queryName, null) : await NoNameAsync();
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.MediaType != "application/json")
        {
            await ViolationAsync(context, 400, $"Metadata with Content-Type '{contentType}'.");
            return null;
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(buffered.ToArray()).RootElement;
        }
        catch (JsonException)
        {
            await ViolationAsync(context, 400, "Metadata that is not JSON.");
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(m => m.Name is not ("name" or "contentType") || m.Value.ValueKind != JsonValueKind.String))
        {
            await ViolationAsync(context, 400, $"The handler's metadata is name and contentType, as strings: {root.GetRawText()}");
            return null;
        }

        var name = root.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (name is not null && queryName is not null && name != queryName)
        {
            await ViolationAsync(context, 400, $"The name parameter '{queryName}' and the metadata's name '{name}' differ.");
            return null;
        }

        name ??= queryName;
        if (name is null)
        {
            return await NoNameAsync();
        }

        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > 1024 || name.Contains('\r') || name.Contains('\n') || name is "." or "..")
        {
            await ErrorAsync(context, 400, "The specified object name is not valid.", "invalid");
            return null;
        }

        return (name, root.TryGetProperty("contentType", out var ct) ? ct.GetString() : null);

        async Task<(string, string?)?> NoNameAsync()
        {
            await ViolationAsync(context, 400, "An upload names its object (metadata name or the name parameter).");
            return null;
        }
    }

    private async Task<bool> UploadAllowedAsync(HttpContext context, string bucket)
    {
        if (!_buckets.ContainsKey(bucket))
        {
            await NoBucketAsync(context);
            return false;
        }

        if (FailUploads is { } failure)
        {
            await ErrorAsync(context, failure.Status, failure.Message, failure.Reason);
            return false;
        }

        return true;
    }

    private FakeObject Store(string bucket, string name, string contentType, byte[] content)
    {
        if (CorruptNextUpload && content.Length > 0)
        {
            CorruptNextUpload = false;
            content[0] ^= 0xFF;
        }

        var item = new FakeObject
        {
            Bucket = bucket,
            Name = name,
            Generation = Interlocked.Increment(ref _generation),
            ContentType = contentType,
            Content = content,
        };
        _objects[(bucket, name)] = item;
        return item;
    }

    protected override object Resource(FakeObject item)
    {
        var generation = item.Generation.ToString(CultureInfo.InvariantCulture);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(item.Generation / 1000).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return new Dictionary<string, object>
        {
            ["kind"] = "storage#object",
            ["id"] = $"{item.Bucket}/{item.Name}/{generation}",
            ["selfLink"] = new Uri(BaseUri, $"storage/v1/b/{Uri.EscapeDataString(item.Bucket)}/o/{Uri.EscapeDataString(item.Name)}").AbsoluteUri,
            ["mediaLink"] = MediaLink(item),
            ["name"] = item.Name,
            ["bucket"] = item.Bucket,
            ["generation"] = generation,
            ["metageneration"] = "1",
            ["contentType"] = item.ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = item.Content.Length.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = item.Md5Base64,
            ["etag"] = Convert.ToBase64String(BitConverter.GetBytes(item.Generation)),
            ["timeCreated"] = created,
            ["updated"] = created,
        };
    }

    private async Task<bool> OnlyParametersAsync(HttpContext context, Dictionary<string, string> query, string[] required, string[] optional)
    {
        foreach (var name in required)
        {
            if (!query.ContainsKey(name))
            {
                await ViolationAsync(context, 400, $"Missing parameter '{name}'.");
                return false;
            }
        }

        foreach (var name in query.Keys)
        {
            if (!required.Contains(name) && !optional.Contains(name))
            {
                await ViolationAsync(context, 400, $"Unexpected parameter '{name}'.");
                return false;
            }
        }

        return true;
    }

    private Task<bool> NoBodyAsync(HttpContext context) =>
        ExpectAsync(context, context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding"), "This request has no body.");

    /// <summary>Decodes one path segment exactly once: %XX escapes of UTF-8; raw characters outside RFC 3986's pchar set are invalid.</summary>
    private static string DecodeSegment(string raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    throw new FormatException($"bad escape in '{raw}'");
                }

                bytes.Add(byte.Parse(raw.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@".Contains(c))
            {
                bytes.Add((byte)c);
            }
            else
            {
                throw new FormatException($"raw '{c}' in a path segment");
            }
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
    }

    private static Dictionary<string, string> ParseQuery(string raw)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (raw.Length == 0)
        {
            return query;
        }

        foreach (var pair in raw.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = DecodeSegment(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : DecodeSegment(pair[(equals + 1)..]);
            if (!query.TryAdd(key, value))
            {
                throw new FormatException($"parameter '{key}' given twice");
            }
        }

        return query;
    }

    private static Task NoBucketAsync(HttpContext context) =>
        ErrorAsync(context, 404, "The specified bucket does not exist.", "notFound");

    private static Task NoObjectAsync(HttpContext context, string bucket, string name) =>
        ErrorAsync(context, 404, $"No such object: {bucket}/{name}", "notFound");
}
