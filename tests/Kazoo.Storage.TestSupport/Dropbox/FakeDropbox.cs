using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.TestSupport.Dropbox;

/// <summary>A file the fake keeps.</summary>
public sealed class DropboxEntry
{
    public required string Id { get; init; }
    public required string PathDisplay { get; set; }
    public required byte[] Content { get; set; }
    public required string Rev { get; set; }
    public required DateTimeOffset ServerModified { get; set; }
    public string PathLower => PathDisplay.ToLowerInvariant();
    public string Name => PathDisplay[(PathDisplay.LastIndexOf('/') + 1)..];
}

/// <summary>An upload session the fake keeps.</summary>
public sealed class DropboxSession
{
    public required string Id { get; init; }
    public MemoryStream Received { get; } = new();

    /// <summary>Each call that carried bytes: the route, the cursor offset it named (0 for start) and its body length.</summary>
    public ConcurrentQueue<(string Route, long Offset, int Length)> Calls { get; } = new();

    public bool Closed { get; set; }
    public bool Finished { get; set; }
}

/// <summary>One request the fake received: which host, method and API function, its raw <c>Dropbox-API-Arg</c>.</summary>
public sealed record DropboxCall(string Host, string Method, string Function, string? Arg, string? ContentType, long? ContentLength);

/// <summary>
/// An answer the fake gives instead of the real one, once. <c>{token}</c> in <paramref name="Body"/> is replaced with the
/// request's bearer token (as Dropbox echoes a malformed Authorization value). With <paramref name="AfterProcessing"/> the
/// request is served first (its bytes kept) and only its answer replaced, as when an answer is lost on the way back.
/// </summary>
public sealed record DropboxFault(int Status, string Body, string ContentType = "application/json", string? RetryAfter = null, bool AfterProcessing = false)
{
    public static DropboxFault TooManyRequests(int retryAfterSeconds) => new(
        429,
        $$$"""{"error_summary": "too_many_requests/..", "error": {"reason": {".tag": "too_many_requests"}, "retry_after": {{{retryAfterSeconds}}}}}""",
        RetryAfter: retryAfterSeconds.ToString(CultureInfo.InvariantCulture));

    public static DropboxFault ServiceUnavailable(bool afterProcessing = false) => new(503, "upstream unavailable", "text/plain; charset=utf-8", AfterProcessing: afterProcessing);

    public static DropboxFault InsufficientSpace() => new(
        409, """{"error_summary": "path/insufficient_space/..", "error": {".tag": "path", "reason": {".tag": "insufficient_space"}, "upload_session_id": "pid_upload_session:none"}}""");
}

/// <summary>
/// Dropbox API v2 on loopback, the subset Kazoo's handler uses, checked as strictly as Dropbox checks it: two hosts
/// (content: <c>files/upload</c>, <c>files/upload_session/start|append_v2|finish</c>, <c>files/download</c>; API:
/// <c>files/delete_v2</c> and the OAuth 2 token endpoint), bearer tokens against the tokens it issued (expired ones
/// refused with <c>expired_access_token</c>), the <c>Dropbox-API-Arg</c> header (one, ASCII-only as Dropbox requires,
/// valid JSON, only the members each function takes, paths matching Dropbox's patterns), content types, session
/// offsets (<c>incorrect_offset</c> with <c>correct_offset</c>), request size, and write modes (<c>add</c> refuses a
/// different file at the path with <c>path/conflict/file</c>, keeps an identical one; <c>overwrite</c> replaces and keeps
/// the id). Paths are case-insensitive, as in Dropbox. Errors come back as Dropbox writes them: plain text for 400, JSON
/// <c>{"error_summary", "error"}</c> for 401, 409 and 429. Anything the real service would reject is also recorded as a
/// <see cref="Violations"/> entry, so a test fails on it even when the handler swallowed the answer.
/// </summary>
public sealed class FakeDropbox : IAsyncDisposable
{
    public const string ClientId = "kazoo-dropbox-app-key";
    public const string ClientSecret = "dropbox-app-secret-7c1e";
    public const int MaxRequestSize = 150 * 1024 * 1024;

    private const string WritePathPattern = "(/(.|[\\r\\n])*)|(ns:[0-9]+(/.*)?)";
    private const string ReadPathPattern = "(/(.|[\\r\\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/.*)?)";

    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DropboxEntry> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DropboxFault>> _faults = new(StringComparer.Ordinal);
    private readonly object _writeLock = new();
    private LoopbackServer _content = null!;
    private LoopbackServer _api = null!;
    private int _grants;
    private int _unauthorized;

    private FakeDropbox(TimeProvider clock) => _clock = clock;

    public Uri ContentUri => _content.BaseAddress;

    public Uri ApiUri => _api.BaseAddress;

    public Uri TokenEndpoint => new(ApiUri, "oauth2/token");

    /// <summary>How long an access token from the token endpoint lasts (Dropbox's are 4 hours).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The largest request body accepted; Dropbox's is 150 MiB. Tests lower it to prove the handler's limits.</summary>
    public long MaxRequestBytes { get; set; } = MaxRequestSize;

    /// <summary>What the fake found wrong in requests (it also answered them with Dropbox's error).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Every API call, in order.</summary>
    public ConcurrentQueue<DropboxCall> Calls { get; } = new();

    /// <summary>Upload sessions by id.</summary>
    public ConcurrentDictionary<string, DropboxSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>How many tokens the token endpoint issued.</summary>
    public int Grants => Volatile.Read(ref _grants);

    /// <summary>How many calls were refused for an unknown or expired token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Every access token issued, for leak checks.</summary>
    public IReadOnlyCollection<string> IssuedTokens => _accessTokens.Keys.ToArray();

    /// <summary>The files kept.</summary>
    public IReadOnlyCollection<DropboxEntry> Files => _files.Values.ToArray();

    public static async Task<FakeDropbox> StartAsync(TimeProvider clock)
    {
        var fake = new FakeDropbox(clock);
        fake._content = await LoopbackServer.StartAsync(context => fake.HandleAsync(context, "content"));
        fake._api = await LoopbackServer.StartAsync(context => fake.HandleAsync(context, "api"));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _content.DisposeAsync();
        await _api.DisposeAsync();
    }

    /// <summary>A file by path (any case), or null.</summary>
    public DropboxEntry? Find(string path) => _files.TryGetValue(path.ToLowerInvariant(), out var file) ? file : null;

    /// <summary>A file by id (<c>id:…</c>), or null.</summary>
    public DropboxEntry? FindById(string id) => _files.Values.FirstOrDefault(f => f.Id == id);

    /// <summary>Issues an access token directly (as an app console's "generate token" does).</summary>
    public string IssueAccessToken(TimeSpan? lifetime = null)
    {
        var token = "sl.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        _accessTokens[token] = _clock.GetUtcNow() + (lifetime ?? TokenLifetime);
        return token;
    }

    /// <summary>Makes a refresh token the token endpoint accepts.</summary>
    public string CreateRefreshToken()
    {
        var token = "refresh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _refreshTokens[token] = true;
        return token;
    }

    /// <summary>Revokes a refresh token: later grants fail with <c>invalid_grant</c>.</summary>
    public void Revoke(string refreshToken) => _refreshTokens[refreshToken] = false;

    /// <summary>The next call of <paramref name="function"/> (e.g. <c>files/upload_session/append_v2</c>) gets <paramref name="fault"/>.</summary>
    public void Fail(string function, DropboxFault fault) => _faults.GetOrAdd(function, _ => new()).Enqueue(fault);

    private async Task HandleAsync(HttpContext context, string host)
    {
        var request = context.Request;
        var route = request.Path.Value ?? string.Empty;
        if (host == "api" && route == "/oauth2/token")
        {
            await TokenAsync(context);
            return;
        }

        var function = route.StartsWith("/2/", StringComparison.Ordinal) ? route[3..] : route;
        var arg = request.Headers.TryGetValue("Dropbox-API-Arg", out var argValues) ? argValues.ToString() : null;
        Calls.Enqueue(new DropboxCall(host, request.Method, function, arg, request.ContentType, request.ContentLength));

        var expectedHost = function switch
        {
            "files/upload" or "files/upload_session/start" or "files/upload_session/append_v2" or "files/upload_session/finish" or "files/download" => "content",
            "files/delete_v2" => "api",
            _ => null,
        };
        if (expectedHost is null || !route.StartsWith("/2/", StringComparison.Ordinal))
        {
            await ViolationTextAsync(context, 404, $"Unknown API function: \"{function}\"", $"No such route: {request.Method} {route}");
            return;
        }

        if (expectedHost != host)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": this function is not served by this host", $"{function} sent to the {host} host, not the {expectedHost} host");
            return;
        }

        var allowedMethod = request.Method == "POST" || (function == "files/download" && request.Method == "GET");
        if (!allowedMethod)
        {
            await ViolationTextAsync(context, 405, $"Error in call to API function \"{function}\": method {request.Method} not allowed", $"{request.Method} {function}");
            return;
        }

        if (request.QueryString.HasValue)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": unexpected URL parameters", $"{function} with a query string {request.QueryString}");
            return;
        }

        var token = await AuthorizeAsync(context, function);
        if (token is null)
        {
            return;
        }

        DropboxFault? fault = null;
        if (_faults.TryGetValue(function, out var queue) && queue.TryDequeue(out var next))
        {
            if (!next.AfterProcessing)
            {
                await DrainAsync(context);
                await FaultAsync(context, next, token);
                return;
            }

            fault = next;
        }

        var realBody = context.Response.Body;
        if (fault is not null)
        {
            // Serve the call for real, then throw its answer away: Dropbox did the work, the client never hears of it.
            context.Response.Body = new MemoryStream();
        }

        switch (function)
        {
            case "files/upload":
                await UploadAsync(context);
                break;
            case "files/upload_session/start":
                await StartAsync(context);
                break;
            case "files/upload_session/append_v2":
                await AppendAsync(context);
                break;
            case "files/upload_session/finish":
                await FinishAsync(context);
                break;
            case "files/download":
                await DownloadAsync(context);
                break;
            case "files/delete_v2":
                await DeleteAsync(context);
                break;
        }

        if (fault is not null)
        {
            context.Response.Clear();
            context.Response.Body = realBody;
            await FaultAsync(context, fault, token);
        }
    }

    private async Task<string?> AuthorizeAsync(HttpContext context, string function)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count == 0)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": Must provide HTTP header \"Authorization\" or URL parameter \"authorization\".", $"{function} without Authorization");
            return null;
        }

        var value = header.ToString();
        if (header.Count != 1 || !value.StartsWith("Bearer ", StringComparison.Ordinal) || value.Length == "Bearer ".Length)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": Invalid authorization value in HTTP header \"Authorization\": \"{value}\".  Expecting \"Bearer <oauth2-access-token>\".", $"{function} with a malformed Authorization");
            return null;
        }

        var token = value["Bearer ".Length..];
        if (!_accessTokens.TryGetValue(token, out var expiry))
        {
            Interlocked.Increment(ref _unauthorized);
            await DrainAsync(context);
            await ErrorJsonAsync(context, 401, "invalid_access_token/...", new JsonObject { [".tag"] = "invalid_access_token" });
            return null;
        }

        if (_clock.GetUtcNow() >= expiry)
        {
            Interlocked.Increment(ref _unauthorized);
            await DrainAsync(context);
            await ErrorJsonAsync(context, 401, "expired_access_token/", new JsonObject { [".tag"] = "expired_access_token" });
            return null;
        }

        return token;
    }

    private async Task UploadAsync(HttpContext context)
    {
        var arg = await ArgAsync(context, "files/upload", "path", "mode", "autorename", "client_modified", "mute", "property_groups", "strict_conflict", "content_hash");
        if (arg is null || !await UploadContentTypeAsync(context, "files/upload") || await WritePathAsync(context, "files/upload", arg, "path") is not { } path
            || await ModeAsync(context, "files/upload", arg) is not { } mode || await AutorenameAsync(context, "files/upload", arg) is false)
        {
            return;
        }

        var body = await BodyAsync(context, "files/upload");
        if (body is null)
        {
            return;
        }

        var (file, writeError, summary) = Commit(path, mode, body);
        if (file is null)
        {
            var error = new JsonObject { [".tag"] = "path", ["reason"] = writeError, ["upload_session_id"] = "pid_upload_session:" + Random(12) };
            await ErrorJsonAsync(context, 409, "path/" + summary + "..", error);
            return;
        }

        await JsonAsync(context, 200, Metadata(file));
    }

    private async Task StartAsync(HttpContext context)
    {
        var arg = await ArgAsync(context, "files/upload_session/start", "close", "session_type", "content_hash");
        if (arg is null || !await UploadContentTypeAsync(context, "files/upload_session/start"))
        {
            return;
        }

        if (arg["session_type"] is { } type && type.ToString() != "sequential")
        {
            await ViolationTextAsync(context, 400, "Error in call to API function \"files/upload_session/start\": concurrent sessions are not used by Kazoo's handler", "session_type " + type);
            return;
        }

        var body = await BodyAsync(context, "files/upload_session/start");
        if (body is null)
        {
            return;
        }

        var session = new DropboxSession { Id = "pid_upload_session:" + Random(24), Closed = arg["close"]?.GetValue<bool>() == true };
        session.Received.Write(body);
        session.Calls.Enqueue(("start", 0, body.Length));
        Sessions[session.Id] = session;
        await JsonAsync(context, 200, new JsonObject { ["session_id"] = session.Id });
    }

    private async Task AppendAsync(HttpContext context)
    {
        const string Function = "files/upload_session/append_v2";
        var arg = await ArgAsync(context, Function, "cursor", "close", "content_hash");
        if (arg is null || !await UploadContentTypeAsync(context, Function) || await CursorAsync(context, Function, arg) is not { } cursor)
        {
            return;
        }

        var body = await BodyAsync(context, Function);
        if (body is null)
        {
            return;
        }

        if (!Sessions.TryGetValue(cursor.SessionId, out var session) || session.Finished)
        {
            await ErrorJsonAsync(context, 409, "not_found/..", new JsonObject { [".tag"] = "not_found" });
            return;
        }

        session.Calls.Enqueue(("append_v2", cursor.Offset, body.Length));
        if (cursor.Offset != session.Received.Length)
        {
            await ErrorJsonAsync(context, 409, "incorrect_offset/..", new JsonObject { [".tag"] = "incorrect_offset", ["correct_offset"] = session.Received.Length });
            return;
        }

        if (session.Closed)
        {
            await ErrorJsonAsync(context, 409, "closed/..", new JsonObject { [".tag"] = "closed" });
            return;
        }

        session.Received.Write(body);
        session.Closed = arg["close"]?.GetValue<bool>() == true;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("null");
    }

    private async Task FinishAsync(HttpContext context)
    {
        const string Function = "files/upload_session/finish";
        var arg = await ArgAsync(context, Function, "cursor", "commit", "content_hash");
        if (arg is null || !await UploadContentTypeAsync(context, Function) || await CursorAsync(context, Function, arg) is not { } cursor)
        {
            return;
        }

        if (arg["commit"] is not JsonObject commit)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": HTTP header \"Dropbox-API-Arg\": missing required field 'commit'", "finish without commit");
            return;
        }

        foreach (var member in commit)
        {
            if (member.Key is not ("path" or "mode" or "autorename" or "client_modified" or "mute" or "property_groups" or "strict_conflict"))
            {
                await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": HTTP header \"Dropbox-API-Arg\": commit: unknown field '{member.Key}'", "commit member " + member.Key);
                return;
            }
        }

        if (await WritePathAsync(context, Function, commit, "path") is not { } path || await ModeAsync(context, Function, commit) is not { } mode || await AutorenameAsync(context, Function, commit) is false)
        {
            return;
        }

        var body = await BodyAsync(context, Function);
        if (body is null)
        {
            return;
        }

        if (!Sessions.TryGetValue(cursor.SessionId, out var session) || session.Finished)
        {
            await ErrorJsonAsync(context, 409, "lookup_failed/not_found/..", new JsonObject { [".tag"] = "lookup_failed", ["lookup_failed"] = new JsonObject { [".tag"] = "not_found" } });
            return;
        }

        session.Calls.Enqueue(("finish", cursor.Offset, body.Length));
        if (cursor.Offset != session.Received.Length)
        {
            await ErrorJsonAsync(
                context,
                409,
                "lookup_failed/incorrect_offset/..",
                new JsonObject { [".tag"] = "lookup_failed", ["lookup_failed"] = new JsonObject { [".tag"] = "incorrect_offset", ["correct_offset"] = session.Received.Length } });
            return;
        }

        session.Received.Write(body);
        var (file, writeError, summary) = Commit(path, mode, session.Received.ToArray());
        if (file is null)
        {
            await ErrorJsonAsync(context, 409, "path/" + summary + "..", new JsonObject { [".tag"] = "path", ["path"] = writeError });
            return;
        }

        session.Finished = true;
        await JsonAsync(context, 200, Metadata(file));
    }

    private async Task DownloadAsync(HttpContext context)
    {
        const string Function = "files/download";
        var arg = await ArgAsync(context, Function, "path", "rev");
        if (arg is null)
        {
            return;
        }

        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && contentType is not ("text/plain" or "text/plain; charset=dropbox-cors-hack"))
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"text/plain\", \"text/plain; charset=dropbox-cors-hack\".", "download with Content-Type " + contentType);
            return;
        }

        var body = await BodyAsync(context, Function);
        if (body is null)
        {
            return;
        }

        if (body.Length != 0)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": this function takes no request body", "download with a body");
            return;
        }

        if (arg["path"] is not JsonValue pathValue || pathValue.GetValueKind() != JsonValueKind.String
            || !System.Text.RegularExpressions.Regex.IsMatch(pathValue.GetValue<string>(), "^(" + ReadPathPattern + ")$"))
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": HTTP header \"Dropbox-API-Arg\": path: '{arg["path"]}' did not match pattern '{ReadPathPattern}'", "download path " + arg["path"]);
            return;
        }

        var target = pathValue.GetValue<string>();
        var file = target.StartsWith("id:", StringComparison.Ordinal) ? FindById(target) : Find(target);
        if (file is null)
        {
            var isFolder = !target.StartsWith("id:", StringComparison.Ordinal) && IsFolder(target.ToLowerInvariant());
            var tag = isFolder ? "not_file" : "not_found";
            await ErrorJsonAsync(context, 409, $"path/{tag}/..", new JsonObject { [".tag"] = "path", ["path"] = new JsonObject { [".tag"] = tag } });
            return;
        }

        var content = file.Content;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length;
        context.Response.Headers["Dropbox-API-Result"] = Metadata(file).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        await context.Response.Body.WriteAsync(content, context.RequestAborted);
    }

    private async Task DeleteAsync(HttpContext context)
    {
        const string Function = "files/delete_v2";
        var contentType = context.Request.ContentType;
        if (contentType is not ("application/json" or "application/json; charset=utf-8" or "text/plain; charset=dropbox-cors-hack"))
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/json\", \"application/json; charset=utf-8\", \"text/plain; charset=dropbox-cors-hack\".", "delete with Content-Type " + contentType);
            return;
        }

        if (context.Request.Headers.ContainsKey("Dropbox-API-Arg"))
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": RPC functions take their arguments in the body", "delete with a Dropbox-API-Arg header");
            return;
        }

        var body = await BodyAsync(context, Function);
        if (body is null)
        {
            return;
        }

        JsonObject? arg;
        try
        {
            arg = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            arg = null;
        }

        if (arg is null || arg.Any(m => m.Key is not ("path" or "parent_rev")))
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": request body: could not decode input as JSON", "delete body " + Encoding.UTF8.GetString(body));
            return;
        }

        if (arg["path"] is not JsonValue pathValue || pathValue.GetValueKind() != JsonValueKind.String
            || !System.Text.RegularExpressions.Regex.IsMatch(pathValue.GetValue<string>(), "^((/(.|[\\r\\n])*)|(ns:[0-9]+(/.*)?)|(id:.*))$"))
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{Function}\": request body: path: '{arg["path"]}' did not match pattern", "delete path " + arg["path"]);
            return;
        }

        var target = pathValue.GetValue<string>();
        DropboxEntry? file;
        lock (_writeLock)
        {
            file = target.StartsWith("id:", StringComparison.Ordinal) ? FindById(target) : Find(target);
            if (file is not null)
            {
                _files.TryRemove(file.PathLower, out _);
            }
        }

        if (file is null)
        {
            await ErrorJsonAsync(context, 409, "path_lookup/not_found/..", new JsonObject { [".tag"] = "path_lookup", ["path_lookup"] = new JsonObject { [".tag"] = "not_found" } });
            return;
        }

        var metadata = Metadata(file);
        metadata.Insert(0, ".tag", "file");
        await JsonAsync(context, 200, new JsonObject { ["metadata"] = metadata });
    }

    private async Task TokenAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method != "POST" || !request.HasFormContentType)
        {
            Violations.Enqueue("token request that is not a form POST");
            await OAuthErrorAsync(context, 400, "invalid_request", "Expected a form POST.");
            return;
        }

        var form = await request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "refresh_token")
        {
            Violations.Enqueue("token grant " + form["grant_type"]);
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "\"grant_type\" must be one of: authorization_code, refresh_token.");
            return;
        }

        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await OAuthErrorAsync(context, 400, "invalid_client", "Invalid client_id or client_secret");
            return;
        }

        if (!_refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var live) || !live)
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "refresh token is invalid or revoked");
            return;
        }

        var token = IssueAccessToken();
        Interlocked.Increment(ref _grants);
        await JsonAsync(context, 200, new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = (int)TokenLifetime.TotalSeconds });
    }

    /// <summary>
    /// Writes content at <paramref name="path"/> in <paramref name="mode"/>; returns the file, or Dropbox's <c>WriteError</c>
    /// and its summary fragment.
    /// </summary>
    private (DropboxEntry? File, JsonObject? WriteError, string? Summary) Commit(string path, string mode, byte[] content)
    {
        if (path == "/" || path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal))
        {
            return (null, new JsonObject { [".tag"] = "malformed_path" }, "malformed_path/");
        }

        var lower = path.ToLowerInvariant();
        lock (_writeLock)
        {
            for (var slash = lower.IndexOf('/', 1); slash > 0; slash = lower.IndexOf('/', slash + 1))
            {
                if (_files.ContainsKey(lower[..slash]))
                {
                    return (null, Conflict("file_ancestor"), "conflict/file_ancestor/");
                }
            }

            if (IsFolder(lower))
            {
                return (null, Conflict("folder"), "conflict/folder/");
            }

            var now = _clock.GetUtcNow();
            if (_files.TryGetValue(lower, out var existing))
            {
                if (existing.Content.AsSpan().SequenceEqual(content))
                {
                    // Dropbox keeps an identical file as it is, in either mode (only strict_conflict refuses it).
                    return (existing, null, null);
                }

                if (mode != "overwrite")
                {
                    return (null, Conflict("file"), "conflict/file/");
                }

                existing.Content = content;
                existing.PathDisplay = path;
                existing.Rev = Rev();
                existing.ServerModified = now;
                return (existing, null, null);
            }

            var file = new DropboxEntry { Id = "id:" + Random(16), PathDisplay = path, Content = content, Rev = Rev(), ServerModified = now };
            _files[lower] = file;
            return (file, null, null);
        }

        static JsonObject Conflict(string what) => new() { [".tag"] = "conflict", ["conflict"] = new JsonObject { [".tag"] = what } };
    }

    private bool IsFolder(string lowerPath) => _files.Keys.Any(key => key.StartsWith(lowerPath.TrimEnd('/') + "/", StringComparison.Ordinal));

    private static JsonObject Metadata(DropboxEntry file) => new()
    {
        ["name"] = file.Name,
        ["path_lower"] = file.PathLower,
        ["path_display"] = file.PathDisplay,
        ["id"] = file.Id,
        ["client_modified"] = file.ServerModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["server_modified"] = file.ServerModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["rev"] = file.Rev,
        ["size"] = file.Content.Length,
        ["is_downloadable"] = true,
        ["content_hash"] = DropboxContentHash.Of(file.Content),
    };

    /// <summary>
    /// The <c>Dropbox-API-Arg</c> header: exactly one, only printable ASCII (Dropbox's "HTTP header safe" JSON: 0x7F and
    /// non-ASCII as <c>\uXXXX</c>), a JSON object with only <paramref name="allowed"/> members.
    /// </summary>
    private async Task<JsonObject?> ArgAsync(HttpContext context, string function, params string[] allowed)
    {
        var values = context.Request.Headers["Dropbox-API-Arg"];
        if (values.Count != 1)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": Must provide HTTP header \"Dropbox-API-Arg\" or URL parameter \"arg\".", $"{function} with {values.Count} Dropbox-API-Arg headers");
            return null;
        }

        var raw = values[0]!;
        if (raw.AsSpan().IndexOfAnyExceptInRange(' ', '~') is >= 0 and var at)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": HTTP header \"Dropbox-API-Arg\": could not decode input as JSON", $"{function}: Dropbox-API-Arg has the character U+{(int)raw[at]:X4} at {at}, not escaped as \\uXXXX");
            return null;
        }

        JsonObject? arg;
        try
        {
            arg = JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            arg = null;
        }

        if (arg is null)
        {
            await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": HTTP header \"Dropbox-API-Arg\": could not decode input as JSON", $"{function}: Dropbox-API-Arg is not a JSON object: {raw}");
            return null;
        }

        foreach (var member in arg)
        {
            if (!allowed.Contains(member.Key))
            {
                await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": HTTP header \"Dropbox-API-Arg\": unknown field '{member.Key}'", $"{function}: unknown argument {member.Key}");
                return null;
            }
        }

        return arg;
    }

    private async Task<bool> UploadContentTypeAsync(HttpContext context, string function)
    {
        var contentType = context.Request.ContentType;
        if (contentType is "application/octet-stream" or "text/plain; charset=dropbox-cors-hack")
        {
            return true;
        }

        await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/octet-stream\", \"text/plain; charset=dropbox-cors-hack\".", $"{function} with Content-Type {contentType}");
        return false;
    }

    private async Task<string?> WritePathAsync(HttpContext context, string function, JsonObject arg, string member)
    {
        if (arg[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && System.Text.RegularExpressions.Regex.IsMatch(value.GetValue<string>(), "^(" + WritePathPattern + ")$"))
        {
            return value.GetValue<string>();
        }

        await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": HTTP header \"Dropbox-API-Arg\": {member}: '{arg[member]}' did not match pattern '{WritePathPattern}'", $"{function}: path {arg[member]}");
        return null;
    }

    /// <summary>The write mode: <c>add</c> when absent (Dropbox's default), or <c>add</c>/<c>overwrite</c> in either union form.</summary>
    private async Task<string?> ModeAsync(HttpContext context, string function, JsonObject arg)
    {
        var mode = arg["mode"] switch
        {
            null => "add",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonObject o when o.Count == 1 && o[".tag"] is JsonValue t && t.GetValueKind() == JsonValueKind.String => t.GetValue<string>(),
            _ => null,
        };
        if (mode is "add" or "overwrite")
        {
            return mode;
        }

        await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": HTTP header \"Dropbox-API-Arg\": mode: unknown tag", $"{function}: mode {arg["mode"]}");
        return null;
    }

    private async Task<bool> AutorenameAsync(HttpContext context, string function, JsonObject arg)
    {
        if (arg["autorename"] is null || arg["autorename"]!.GetValueKind() == JsonValueKind.False)
        {
            return true;
        }

        // A renamed file would not be where Kazoo's object name says: the handler must never ask for it.
        await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": autorename is not expected from Kazoo's handler", $"{function}: autorename {arg["autorename"]}");
        return false;
    }

    private async Task<(string SessionId, long Offset)?> CursorAsync(HttpContext context, string function, JsonObject arg)
    {
        if (arg["cursor"] is JsonObject cursor && cursor.Count == 2
            && cursor["session_id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
            && cursor["offset"] is JsonValue offset && offset.GetValueKind() == JsonValueKind.Number && offset.TryGetValue<long>(out var value) && value >= 0)
        {
            return (id.GetValue<string>(), value);
        }

        await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": HTTP header \"Dropbox-API-Arg\": cursor: expected {{session_id, offset}}", $"{function}: cursor {arg["cursor"]}");
        return null;
    }

    /// <summary>The request body, refused past <see cref="MaxRequestBytes"/>.</summary>
    private async Task<byte[]?> BodyAsync(HttpContext context, string function)
    {
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > MaxRequestBytes)
            {
                await ViolationTextAsync(context, 400, $"Error in call to API function \"{function}\": request body is too large", $"{function} with more than {MaxRequestBytes} bytes");
                return null;
            }
        }

        return body.ToArray();
    }

    private static async Task DrainAsync(HttpContext context)
    {
        var buffer = new byte[81920];
        while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
        {
        }
    }

    private static async Task FaultAsync(HttpContext context, DropboxFault fault, string token)
    {
        context.Response.StatusCode = fault.Status;
        context.Response.ContentType = fault.ContentType;
        if (fault.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfter;
        }

        await context.Response.WriteAsync(fault.Body.Replace("{token}", token, StringComparison.Ordinal));
    }

    private async Task ViolationTextAsync(HttpContext context, int status, string text, string violation)
    {
        Violations.Enqueue(violation);
        await DrainAsync(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text);
    }

    private static Task ErrorJsonAsync(HttpContext context, int status, string summary, JsonObject error) =>
        JsonAsync(context, status, new JsonObject { ["error_summary"] = summary, ["error"] = error });

    private static Task OAuthErrorAsync(HttpContext context, int status, string error, string description) =>
        JsonAsync(context, status, new JsonObject { ["error"] = error, ["error_description"] = description });

    private static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static string Random(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Rev() => "0" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
