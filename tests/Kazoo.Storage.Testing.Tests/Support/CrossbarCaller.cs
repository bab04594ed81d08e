using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Tests.Support;

/// <summary>
/// A plain HTTP client for the emulator: sends Crossbar envelopes (<c>{"data": …}</c>) with an <c>X-Auth-Token</c> and
/// parses what comes back. Deliberately not the SDK's client: these tests pin the wire.
/// </summary>
internal sealed class CrossbarCaller : IDisposable
{
    private readonly HttpClient _http;

    public CrossbarCaller(CrossbarEmulator emulator, string? token = null, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = emulator.BaseAddress;
        _http.Timeout = TimeSpan.FromSeconds(20);
        Token = token;
    }

    public string? Token { get; set; }

    public static string Md5Credentials(string username, string password) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(username.ToLowerInvariant() + ":" + password)));

    public Task<CrossbarAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, (string?)null);

    public Task<CrossbarAnswer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, (string?)null);

    public Task<CrossbarAnswer> PutAsync(string path, JsonNode? data) => SendAsync(HttpMethod.Put, path, data);

    public Task<CrossbarAnswer> PostAsync(string path, JsonNode? data) => SendAsync(HttpMethod.Post, path, data);

    public Task<CrossbarAnswer> PatchAsync(string path, JsonNode? data) => SendAsync(HttpMethod.Patch, path, data);

    /// <summary>Sends <c>{"data": data}</c>.</summary>
    public Task<CrossbarAnswer> SendAsync(HttpMethod method, string path, JsonNode? data) =>
        SendAsync(method, path, new JsonObject { ["data"] = data?.DeepClone() }.ToJsonString());

    /// <summary>Sends the body as it is (null: no body).</summary>
    public async Task<CrossbarAnswer> SendAsync(HttpMethod method, string path, string? body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (Token is not null)
        {
            request.Headers.Add("X-Auth-Token", Token);
        }

        configure?.Invoke(request);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return new CrossbarAnswer(response.StatusCode, response.Headers, response.Content.Headers, document.RootElement.Clone());
    }

    /// <summary>Logs in with an API key and keeps the token.</summary>
    public async Task<CrossbarAnswer> LoginWithApiKeyAsync(string apiKey)
    {
        var answer = await PutAsync("v2/api_auth", new JsonObject { ["api_key"] = apiKey });
        if (answer.Status == System.Net.HttpStatusCode.Created)
        {
            Token = answer.Envelope.GetProperty("auth_token").GetString();
        }

        return answer;
    }

    public void Dispose() => _http.Dispose();
}
