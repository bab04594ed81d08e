using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// GET and POST of the typical storage document (<see cref="StorageDocuments.Typical"/>) against a loopback
/// <see cref="CrossbarEmulator"/> running in a process of its own, pinned to a core of its own (<see cref="EmulatorProcess"/>),
/// two ways:
/// <list type="bullet">
/// <item><c>HttpClient</c> (the baseline each ratio is against): a hand-written call, one <see cref="HttpClient"/>, the
/// same <c>X-Auth-Token</c> obtained once from the emulator, a <c>{"data": …}</c> envelope written with
/// <see cref="Utf8JsonWriter"/>, the answer's <c>data</c> read with <see cref="KazooStorageJson.Options"/>.</item>
/// <item><c>KazooStorageClient</c>: <see cref="KazooStorageClient.GetAsync"/> and <see cref="KazooStorageClient.ReplaceAsync"/>
/// with API-key credentials and default options (retries, timeouts, request ids, token cache).</item>
/// <item><c>KazooStorageClient, no retries</c> (GET only): the same with <see cref="KazooStorageClientOptions.MaxRetries"/> = 0,
/// which shows what the GET retry pipeline (total timeout, retry, attempt timeout instead of one timeout) costs. Writes
/// always go through the single timeout.</item>
/// </list>
/// The client validates the document before every POST by default (<see cref="KazooStorageClientOptions.ValidateBeforeSending"/>);
/// that stays ON here: it is part of what the client costs. The baseline does not validate.
/// No settings probes are registered, so the emulator treats every handler kind as passing; the POSTed document is the one
/// the emulator saved in setup, with its <c>_sig</c>s, so no backend is probed again (what <c>UpdateAsync</c> sends).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class KazooStorageClientBenchmarks
{
    private const string Get = "Get";
    private const string Post = "Post";

    private static readonly JsonSerializerOptions Options = KazooStorageJson.Options;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private EmulatorProcess _emulator = null!;
    private KazooStorageClient _client = null!;
    private KazooStorageClient _noRetries = null!;
    private HttpClient _http = null!;
    private StorageScope _scope = null!;
    private string _path = "";
    private StorageDocument _document = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _emulator = await EmulatorProcess.SharedOrStartAsync();
        _scope = StorageScope.Account(_emulator.AccountId);
        _path = "v2/accounts/" + _emulator.AccountId + "/storage";
        var apiKey = _emulator.ApiKey;

        _client = new KazooStorageClient(_emulator.BaseAddress, CrossbarCredentials.FromApiKey(apiKey));
        _noRetries = new KazooStorageClient(_emulator.BaseAddress, CrossbarCredentials.FromApiKey(apiKey), new KazooStorageClientOptions { MaxRetries = 0 });

        var typical = JsonSerializer.Deserialize<StorageDocument>(StorageDocuments.Typical(), Options)
            ?? throw new InvalidOperationException("The typical document read as null.");
        _document = (await _client.CreateOrReplaceAsync(_scope, typical)).Value;

        _http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        using (var login = await _http.PutAsJsonAsync("v2/api_auth", new { data = new { api_key = apiKey } }))
        {
            login.EnsureSuccessStatusCode();
            using var answer = JsonDocument.Parse(await login.Content.ReadAsByteArrayAsync());
            _http.DefaultRequestHeaders.Add("X-Auth-Token", answer.RootElement.GetProperty("auth_token").GetString());
        }

        // Both contenders must do the same work: each reads back the three attachment entries.
        foreach (var (name, read) in new[]
        {
            ("HttpClient GET", await GetHttpClientOnce()),
            ("KazooStorageClient GET", await GetKazooStorageClientOnce()),
            ("KazooStorageClient GET without retries", await GetKazooStorageClientNoRetriesOnce()),
            ("HttpClient POST", await PostHttpClientOnce()),
            ("KazooStorageClient POST", await PostKazooStorageClientOnce()),
        })
        {
            if (read.Attachments?.Count != 3 || read.Plan is null)
            {
                throw new InvalidOperationException(name + " did not read back the typical document.");
            }
        }
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    // Each invocation awaits Calls requests one after another and counts as Calls operations: BenchmarkDotNet blocks its
    // thread on every invocation, and on a small VM that wake-up alone varies by tens of µs; a run of awaited calls is
    // also how an application makes them.
    private const int Calls = 16;

    [Benchmark(Description = "HttpClient", Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetHttpClient() => Repeat(GetHttpClientOnce);

    [Benchmark(Description = "KazooStorageClient", OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetKazooStorageClient() => Repeat(GetKazooStorageClientOnce);

    // MaxRetries = 0: a GET then goes through the attempt timeout alone instead of retry and attempt timeout.
    [Benchmark(Description = "KazooStorageClient, no retries", OperationsPerInvoke = Calls), BenchmarkCategory(Get)]
    public Task<StorageDocument> GetKazooStorageClientNoRetries() => Repeat(GetKazooStorageClientNoRetriesOnce);

    [Benchmark(Description = "HttpClient", Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory(Post)]
    public Task<StorageDocument> PostHttpClient() => Repeat(PostHttpClientOnce);

    // ValidateBeforeSending stays on (the default): local validation is part of the client's cost.
    [Benchmark(Description = "KazooStorageClient", OperationsPerInvoke = Calls), BenchmarkCategory(Post)]
    public Task<StorageDocument> PostKazooStorageClient() => Repeat(PostKazooStorageClientOnce);

    private static async Task<StorageDocument> Repeat(Func<Task<StorageDocument>> call)
    {
        var last = await call();
        for (var i = 1; i < Calls; i++)
        {
            last = await call();
        }

        return last;
    }

    private async Task<StorageDocument> GetHttpClientOnce()
    {
        using var response = await _http.GetAsync(_path);
        return await ReadDataAsync(response);
    }

    private async Task<StorageDocument> GetKazooStorageClientOnce() => (await _client.GetAsync(_scope)).Value;

    private async Task<StorageDocument> GetKazooStorageClientNoRetriesOnce() => (await _noRetries.GetAsync(_scope)).Value;

    private async Task<StorageDocument> PostHttpClientOnce()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, _document, Options);
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(_path, content);
        return await ReadDataAsync(response);
    }

    private async Task<StorageDocument> PostKazooStorageClientOnce() => (await _client.ReplaceAsync(_scope, _document)).Value;

    private static async Task<StorageDocument> ReadDataAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return ReadData(bytes);
    }

    private static StorageDocument ReadData(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                return JsonSerializer.Deserialize<StorageDocument>(ref reader, Options)
                    ?? throw new InvalidOperationException("The answer's data was null.");
            }

            reader.Read();
            reader.Skip();
        }

        throw new InvalidOperationException("The answer has no data member.");
    }
}
