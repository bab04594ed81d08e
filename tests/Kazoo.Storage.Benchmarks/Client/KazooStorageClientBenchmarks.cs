using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// GET and POST of the typical storage document through the client and by hand (<see cref="ClientContenders"/>) against
/// a loopback <see cref="CrossbarEmulator"/> running in a process of its own, pinned to a core of its own
/// (<see cref="EmulatorProcess"/>). No settings probes are registered, so the emulator treats every handler kind as
/// passing; the POSTed document is the one the emulator saved in setup, with its <c>_sig</c>s, so no backend is probed
/// again (a replace, as <c>ReplaceAsync</c> sends it; <c>UpdateAsync</c> sends a PATCH of what changed instead,
/// computed with <c>StoragePatch.Between</c>).
/// BenchmarkDotNet runs one contender after the other, each in processes of its own; <see cref="ClientOverhead"/> runs the
/// same contenders interleaved in one process, which a machine whose speed drifts cannot bias.
/// </summary>
public class KazooStorageClientBenchmarks : ClientBenchmarks
{
    private EmulatorProcess _emulator = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _emulator = await EmulatorProcess.SharedOrStartAsync();
        var credentials = CrossbarCredentials.FromApiKey(_emulator.ApiKey);
        var saved = await new KazooStorageClient(_emulator.BaseAddress, credentials)
            .CreateOrReplaceAsync(StorageScope.Account(_emulator.AccountId), ClientContenders.Typical());

        _http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        using (var login = await _http.PutAsJsonAsync("v2/api_auth", new { data = new { api_key = _emulator.ApiKey } }))
        {
            login.EnsureSuccessStatusCode();
            using var answer = JsonDocument.Parse(await login.Content.ReadAsByteArrayAsync());
            _http.DefaultRequestHeaders.Add("X-Auth-Token", answer.RootElement.GetProperty("auth_token").GetString());
        }

        Contenders = new ClientContenders(_http, options => new KazooStorageClient(_emulator.BaseAddress, credentials, options), _emulator.AccountId, saved.Value);
        await Contenders.CheckAsync();
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
}
