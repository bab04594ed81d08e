using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Client.Tests.Support;

/// <summary>One request the fake saw: what was on the wire.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public JsonNode? Json => Body is null ? null : JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>
/// A Crossbar stand-in at the HTTP-handler level: records every request and answers with the first rule that matches,
/// or with a login answer for the auth routes. For wire-level unit tests; integration tests use the emulator.
/// </summary>
internal sealed class FakeCrossbar : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(string Method, string PathPrefix, Func<RecordedRequest, int, Task<HttpResponseMessage>> Answer)> _rules = [];
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private int _logins;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public int Logins => _logins;

    /// <summary>Whether someone disposed this handler (a client must not dispose a transport it was given).</summary>
    public bool Disposed { get; private set; }

    /// <summary>The token the next login hands out (a new one per login by default).</summary>
    public Func<int, string> TokenForLogin { get; set; } = n => "token-" + n + "-eyJhbGciOiJSUzI1NiJ9.c2VjcmV0";

    public static Uri Endpoint { get; } = new("http://crossbar.test:8000/");

    public IEnumerable<RecordedRequest> To(string method, string path) => Requests.Where(r => r.Method == method && r.Path == path);

    /// <summary>Answers requests with this method whose path starts with the prefix; the handler gets the request and its 1-based number for that rule.</summary>
    public FakeCrossbar On(string method, string pathPrefix, Func<RecordedRequest, int, HttpResponseMessage> answer) =>
        OnAsync(method, pathPrefix, (request, n) => Task.FromResult(answer(request, n)));

    public FakeCrossbar OnAsync(string method, string pathPrefix, Func<RecordedRequest, int, Task<HttpResponseMessage>> answer)
    {
        lock (_rules)
        {
            _rules.Add((method, pathPrefix, answer));
        }

        return this;
    }

    public FakeCrossbar On(string method, string pathPrefix, Func<HttpResponseMessage> answer) => On(method, pathPrefix, (_, _) => answer());

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, headers, body);
        _requests.Enqueue(recorded);

        HttpResponseMessage response;
        if (recorded.Method == "PUT" && recorded.Path is "/v2/api_auth" or "/v2/user_auth" && !HasRule(recorded))
        {
            var n = Interlocked.Increment(ref _logins);
            response = Json(HttpStatusCode.Created, Envelope(new JsonObject { ["account_id"] = "a1" }, authToken: TokenForLogin(n)));
        }
        else
        {
            (string Method, string PathPrefix, Func<RecordedRequest, int, Task<HttpResponseMessage>> Answer) rule;
            lock (_rules)
            {
                // The most specific rule wins; among equals, the last one added.
                rule = _rules.Where(r => r.Method == recorded.Method && recorded.Path.StartsWith(r.PathPrefix, StringComparison.Ordinal))
                    .OrderBy(r => r.PathPrefix.Length)
                    .LastOrDefault();
            }

            if (rule.Answer is null)
            {
                response = Json(HttpStatusCode.NotFound, Error(404, "not_found", new JsonObject { ["message"] = "not found" }));
            }
            else
            {
                var count = _counts.AddOrUpdate(rule.Method + " " + rule.PathPrefix, 1, (_, c) => c + 1);
                if (recorded.Path is "/v2/api_auth" or "/v2/user_auth")
                {
                    Interlocked.Increment(ref _logins);
                }

                response = await rule.Answer(recorded, count).WaitAsync(cancellationToken);
            }
        }

        response.RequestMessage = request;
        return response;
    }

    private bool HasRule(RecordedRequest request)
    {
        lock (_rules)
        {
            return _rules.Any(r => r.Method == request.Method && request.Path.StartsWith(r.PathPrefix, StringComparison.Ordinal));
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Ok(JsonNode? data, string revision = "1-abc", HttpStatusCode status = HttpStatusCode.OK) =>
        Json(status, Envelope(data, revision: revision));

    public static JsonObject Envelope(JsonNode? data, string? revision = null, string authToken = "tok", string requestId = "req-1")
    {
        var envelope = new JsonObject
        {
            ["auth_token"] = authToken,
            ["data"] = data,
            ["node"] = "node-1",
            ["request_id"] = requestId,
            ["status"] = "success",
            ["timestamp"] = "2024-01-01T00:00:00Z",
            ["tokens"] = new JsonObject { ["consumed"] = 1, ["remaining"] = 99 },
            ["version"] = "5.0.0",
        };
        if (revision is not null)
        {
            envelope["revision"] = revision;
        }

        return envelope;
    }

    public static JsonObject Error(int status, string message, JsonNode? data, string requestId = "req-err") => new()
    {
        ["auth_token"] = "tok",
        ["data"] = data ?? new JsonObject(),
        ["error"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["message"] = message,
        ["node"] = "node-1",
        ["request_id"] = requestId,
        ["status"] = "error",
        ["timestamp"] = "2024-01-01T00:00:00Z",
    };

    public static HttpResponseMessage Fail(int status, string message, JsonNode? data = null, string requestId = "req-err") =>
        Json((HttpStatusCode)status, Error(status, message, data, requestId));

    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
