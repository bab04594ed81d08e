using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// One GET or POST of the typical storage document (<see cref="StorageDocuments.Typical"/>) per call, each contender its
/// own way, over whatever transport the caller built the clients on (a loopback emulator, or recorded answers):
/// <list type="bullet">
/// <item><c>HttpClient</c> (the baseline): a hand-written call, one <see cref="HttpClient"/> with the <c>X-Auth-Token</c>
/// obtained once, a <c>{"data": …}</c> envelope written with <see cref="Utf8JsonWriter"/>, and the answer read with
/// System.Text.Json into a hand-written <see cref="Envelope"/>: the document and the metadata the client also returns
/// (revision, request id, node, version, timestamp, tokens). The client's work, written by hand.</item>
/// <item><c>HttpClient, data only</c>: the same call reading nothing but <c>data</c> (a <see cref="Utf8JsonReader"/>
/// skips the rest), less work than the client does, so the envelope's cost shows too.</item>
/// <item><c>KazooStorageClient</c>: <see cref="KazooStorageClient.GetAsync"/> and <see cref="KazooStorageClient.ReplaceAsync"/>
/// with API-key credentials and default options (retries, timeouts, request ids, token cache, validation before
/// sending).</item>
/// <item><c>KazooStorageClient, no retries</c> (GET): <see cref="KazooStorageClientOptions.MaxRetries"/> = 0, which shows
/// what the retry pipeline costs.</item>
/// <item><c>KazooStorageClient, no validation</c> (POST): <see cref="KazooStorageClientOptions.ValidateBeforeSending"/>
/// off, which shows what the local validation costs. The hand-written calls do not validate.</item>
/// </list>
/// </summary>
internal sealed class ClientContenders
{
    private static readonly JsonSerializerOptions Options = KazooStorageJson.Options;

    // The hand-written envelope is read with System.Text.Json's reflection metadata; the document inside with the
    // generated converters.
    private static readonly JsonTypeInfo<Envelope> EnvelopeInfo = (JsonTypeInfo<Envelope>)new JsonSerializerOptions(Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(KazooStorageJson.Resolver, new DefaultJsonTypeInfoResolver()),
    }.GetTypeInfo(typeof(Envelope));

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly KazooStorageClient _client;
    private readonly KazooStorageClient _noRetries;
    private readonly KazooStorageClient _noValidation;
    private readonly StorageScope _scope;
    private readonly string _path;
    private readonly StorageDocument _document;

    /// <param name="http">The hand-written calls' client: base address set, <c>X-Auth-Token</c> among its default headers.</param>
    /// <param name="newClient">Makes a <see cref="KazooStorageClient"/> with API-key credentials over the same transport, from options.</param>
    /// <param name="accountId">The account whose storage document is read and replaced.</param>
    /// <param name="document">The document every POST sends: the one the server saved, with its <c>_sig</c>s.</param>
    public ClientContenders(HttpClient http, Func<KazooStorageClientOptions, KazooStorageClient> newClient, string accountId, StorageDocument document)
    {
        _http = http;
        _client = newClient(new KazooStorageClientOptions());
        _noRetries = newClient(new KazooStorageClientOptions { MaxRetries = 0 });
        _noValidation = newClient(new KazooStorageClientOptions { ValidateBeforeSending = false });
        _scope = StorageScope.Account(accountId);
        _path = "v2/accounts/" + accountId + "/storage";
        _document = document;
    }

    /// <summary>The typical document, read from its JSON.</summary>
    public static StorageDocument Typical() =>
        JsonSerializer.Deserialize<StorageDocument>(StorageDocuments.Typical(), Options)
            ?? throw new InvalidOperationException("The typical document read as null.");

    /// <summary>Every contender once; throws unless each read back the typical document (so none can win by doing less).</summary>
    public async Task CheckAsync()
    {
        foreach (var (name, read) in new[]
        {
            ("HttpClient GET", await GetHttpClient()),
            ("HttpClient GET, data only", await GetHttpClientDataOnly()),
            ("KazooStorageClient GET", await GetKazooStorageClient()),
            ("KazooStorageClient GET, no retries", await GetKazooStorageClientNoRetries()),
            ("HttpClient POST", await PostHttpClient()),
            ("HttpClient POST, data only", await PostHttpClientDataOnly()),
            ("KazooStorageClient POST", await PostKazooStorageClient()),
            ("KazooStorageClient POST, no validation", await PostKazooStorageClientNoValidation()),
        })
        {
            if (read.Attachments?.Count != 3 || read.Plan is null)
            {
                throw new InvalidOperationException(name + " did not read back the typical document.");
            }
        }
    }

    public async Task<StorageDocument> GetHttpClient()
    {
        using var response = await _http.GetAsync(_path);
        return await ReadEnvelopeAsync(response);
    }

    public async Task<StorageDocument> GetHttpClientDataOnly()
    {
        using var response = await _http.GetAsync(_path);
        return await ReadDataAsync(response);
    }

    public async Task<StorageDocument> GetKazooStorageClient() => (await _client.GetAsync(_scope)).Value;

    public async Task<StorageDocument> GetKazooStorageClientNoRetries() => (await _noRetries.GetAsync(_scope)).Value;

    public async Task<StorageDocument> PostHttpClient()
    {
        using var response = await PostAsync();
        return await ReadEnvelopeAsync(response);
    }

    public async Task<StorageDocument> PostHttpClientDataOnly()
    {
        using var response = await PostAsync();
        return await ReadDataAsync(response);
    }

    public async Task<StorageDocument> PostKazooStorageClient() => (await _client.ReplaceAsync(_scope, _document)).Value;

    public async Task<StorageDocument> PostKazooStorageClientNoValidation() => (await _noValidation.ReplaceAsync(_scope, _document)).Value;

    private async Task<HttpResponseMessage> PostAsync()
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
        return await _http.PostAsync(_path, content);
    }

    private static async Task<StorageDocument> ReadEnvelopeAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var envelope = JsonSerializer.Deserialize(bytes, EnvelopeInfo);
        return envelope?.Data is { } data && envelope.RequestId is not null && envelope.Timestamp is not null
            ? data
            : throw new InvalidOperationException("The answer has no data, request id or timestamp.");
    }

    private static async Task<StorageDocument> ReadDataAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
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

    /// <summary>Crossbar's answer envelope as a hand-written call would declare it: the members the client returns.</summary>
    private sealed class Envelope
    {
        [JsonPropertyName("data")]
        public StorageDocument? Data { get; set; }

        [JsonPropertyName("revision")]
        public string? Revision { get; set; }

        [JsonPropertyName("request_id")]
        public string? RequestId { get; set; }

        [JsonPropertyName("node")]
        public string? Node { get; set; }

        [JsonPropertyName("version")]
        public string? Version { get; set; }

        [JsonPropertyName("timestamp")]
        public DateTimeOffset? Timestamp { get; set; }

        [JsonPropertyName("tokens")]
        public Tokens? Tokens { get; set; }
    }

    private sealed record Tokens([property: JsonPropertyName("consumed")] long Consumed, [property: JsonPropertyName("remaining")] long Remaining);
}
