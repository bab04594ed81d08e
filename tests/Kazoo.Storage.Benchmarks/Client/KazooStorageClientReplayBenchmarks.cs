using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// The contenders of <see cref="KazooStorageClientBenchmarks"/> (<see cref="ClientContenders"/>) over a transport that
/// replays the emulator's recorded answers from memory instead of a socket: no network, no other process, no thread
/// waking up. What is left is the work each contender does in its own process (building the request, the handlers, the
/// resilience pipeline, serializing, validating, reading the answer), so the differences here are the client's own cost
/// per call, measured without the loopback round trip's noise, and the profile to read when that cost has to shrink.
/// </summary>
public class KazooStorageClientReplayBenchmarks : ClientBenchmarks
{
    private ReplayHandler _replay = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public async Task RecordAsync()
    {
        // Record the emulator's answers to the calls the contenders make, then stop it.
        using var recorder = new RecordingHandler();
        string accountId, apiKey;
        StorageDocument saved;
        await using (var emulator = await CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions
        {
            Validation = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] },
        }))
        {
            var account = emulator.AddAccount("Benchmarks");
            (accountId, apiKey) = (account.Id, account.ApiKey);
            var scope = StorageScope.Account(accountId);
            var recording = new KazooStorageClient(emulator.BaseAddress, CrossbarCredentials.FromApiKey(apiKey), new KazooStorageClientOptions { Transport = recorder });
            saved = (await recording.CreateOrReplaceAsync(scope, ClientContenders.Typical())).Value;
            await recording.GetAsync(scope);
            await recording.ReplaceAsync(scope, saved);
        }

        _replay = recorder.ToReplay();
        var endpoint = new Uri("http://127.0.0.1:1/");
        _http = new HttpClient(_replay, disposeHandler: false) { BaseAddress = endpoint };
        _http.DefaultRequestHeaders.Add("X-Auth-Token", _replay.Token);
        Contenders = new ClientContenders(
            _http,
            options =>
            {
                options.Transport = _replay;
                return new KazooStorageClient(endpoint, CrossbarCredentials.FromApiKey(apiKey), options);
            },
            accountId,
            saved);
        await Contenders.CheckAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http?.Dispose();
        _replay?.Dispose();
    }

    private static string Key(HttpRequestMessage request) => request.Method + " " + request.RequestUri!.AbsolutePath;

    private sealed record Recorded(HttpStatusCode Status, byte[] Body, KeyValuePair<string, string[]>[] Headers, KeyValuePair<string, string[]>[] ContentHeaders);

    /// <summary>Passes calls to a socket and keeps the last answer to each method and path.</summary>
    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly Dictionary<string, Recorded> _answers = [];

        public RecordingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public ReplayHandler ToReplay() => new(_answers);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            _answers[Key(request)] = new Recorded(
                response.StatusCode,
                body,
                [.. response.Headers.Select(header => KeyValuePair.Create(header.Key, header.Value.ToArray()))],
                [.. response.Content.Headers.Select(header => KeyValuePair.Create(header.Key, header.Value.ToArray()))]);
            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
            return response;
        }
    }

    /// <summary>
    /// Answers each call with the recorded answer to its method and path, after reading the request body as a socket handler
    /// would send it. The recorded login's token is the baseline's.
    /// </summary>
    private sealed class ReplayHandler(Dictionary<string, Recorded> answers) : HttpMessageHandler
    {
        public string Token { get; } = JsonDocument.Parse(answers["PUT /v2/api_auth"].Body).RootElement.GetProperty("auth_token").GetString()
            ?? throw new InvalidOperationException("The recorded login has no token.");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken);
            }

            var recorded = answers[Key(request)];
            var response = new HttpResponseMessage(recorded.Status) { RequestMessage = request, Content = new ByteArrayContent(recorded.Body) };
            foreach (var (name, values) in recorded.Headers)
            {
                response.Headers.TryAddWithoutValidation(name, values);
            }

            foreach (var (name, values) in recorded.ContentHeaders)
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }

            return response;
        }
    }
}
