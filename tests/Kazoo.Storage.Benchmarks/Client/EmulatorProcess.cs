using System.Diagnostics;
using Kazoo.Storage.Testing;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Benchmarks.Client;

/// <summary>
/// The loopback <see cref="CrossbarEmulator"/> of the client benchmarks, in a process of its own: the server's work then
/// neither shares the benchmark process's thread pool nor its garbage collector, and on a machine with two or more cores
/// it is pinned to the first one (with <c>taskset</c> when present), leaving the others to the client.
/// <see cref="Command"/> runs the emulator in the child: it prints one line, <c>READY base-address account-id api-key</c>,
/// and stops when its standard input closes (when the benchmark process ends or disposes it).
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    /// <summary>The command-line switch that runs the emulator in the child.</summary>
    public const string Command = "--crossbar-emulator";

    /// <summary>
    /// The environment variable through which the benchmark runner hands one emulator process, started and warmed before
    /// BenchmarkDotNet runs, to every benchmark process (<c>address account-id api-key</c>).
    /// </summary>
    public const string SharedVariable = "KAZOO_BENCHMARK_EMULATOR";

    private readonly Process? _process;

    private EmulatorProcess(Process? process, Uri baseAddress, string accountId, string apiKey)
    {
        _process = process;
        BaseAddress = baseAddress;
        AccountId = accountId;
        ApiKey = apiKey;
    }

    /// <summary>The emulator's address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The account made for the benchmark.</summary>
    public string AccountId { get; }

    /// <summary>That account's API key.</summary>
    public string ApiKey { get; }

    /// <summary>
    /// Whether a command line may run the client benchmarks: no <c>--filter</c> (BenchmarkDotNet then asks), or a filter
    /// glob (BenchmarkDotNet's: <c>*</c> and <c>?</c> over <c>Namespace.Type.Method</c>) that matches one of them.
    /// </summary>
    /// <param name="args">The runner's arguments.</param>
    public static bool Selected(string[] args)
    {
        var filters = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--filter" or "-f")
            {
                for (i++; i < args.Length && !args[i].StartsWith('-'); i++)
                {
                    filters.Add(args[i]);
                }

                i--;
            }
        }

        var type = typeof(KazooStorageClientBenchmarks);
        var names = type.GetMethods()
            .Where(method => method.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), inherit: false))
            .Select(method => type.FullName + "." + method.Name)
            .ToList();
        return filters.Count == 0 || filters.Any(glob =>
        {
            var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
            return names.Any(name => System.Text.RegularExpressions.Regex.IsMatch(name, pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        });
    }

    /// <summary>The shared emulator when the runner started one (see <see cref="SharedVariable"/>), else a new child.</summary>
    public static Task<EmulatorProcess> SharedOrStartAsync() =>
        Environment.GetEnvironmentVariable(SharedVariable)?.Split(' ') is [var address, var account, var key]
            ? Task.FromResult(new EmulatorProcess(null, new Uri(address), account, key))
            : StartAsync();

    /// <summary>
    /// Starts an emulator for the whole run, warms it (its JIT, its connection handling) with plain HTTP calls so that no
    /// contender meets it colder than another, and hands it to the benchmark processes through <see cref="SharedVariable"/>.
    /// </summary>
    public static async Task<EmulatorProcess> StartSharedAsync()
    {
        var emulator = await StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using (var login = await http.PutAsync("v2/api_auth", new StringContent("{\"data\":{\"api_key\":\"" + emulator.ApiKey + "\"}}", System.Text.Encoding.UTF8, "application/json")))
        {
            login.EnsureSuccessStatusCode();
            using var answer = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsByteArrayAsync());
            http.DefaultRequestHeaders.Add("X-Auth-Token", answer.RootElement.GetProperty("auth_token").GetString());
        }

        var path = "v2/accounts/" + emulator.AccountId + "/storage";
        var body = "{\"data\":" + StorageDocuments.Typical() + "}";
        (await http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).Dispose();
        for (var i = 0; i < 3000; i++)
        {
            (await http.GetAsync(path)).Dispose();
            if (i % 10 == 0)
            {
                (await http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).Dispose();
            }
        }

        Environment.SetEnvironmentVariable(SharedVariable, $"{emulator.BaseAddress} {emulator.AccountId} {emulator.ApiKey}");
        return emulator;
    }

    /// <summary>Starts the child and waits for its address.</summary>
    public static async Task<EmulatorProcess> StartAsync()
    {
        var (self, arguments) = SelfProcess.CommandLine(Command);
        var taskset = Environment.ProcessorCount >= 2 ? FindOnPath("taskset") : null;
        var start = new ProcessStartInfo
        {
            FileName = taskset ?? self,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (taskset is not null)
        {
            // Pinned before the program starts, so every thread it makes stays on core 0.
            foreach (var argument in new[] { "--cpu-list", "0", self })
            {
                start.ArgumentList.Add(argument);
            }
        }

        arguments.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator process.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line?.Split(' ') is not ["READY", var address, var account, var key])
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The emulator process did not start: " + (line ?? "(no output)"));
        }

        return new EmulatorProcess(process, new Uri(address), account, key);
    }

    /// <summary>The child: the emulator as the benchmarks configure it, until standard input closes.</summary>
    public static async Task<int> RunAsync()
    {
        await using var emulator = await CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions
        {
            Validation = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] },
        });
        var account = emulator.AddAccount("Benchmarks");
        Console.WriteLine($"READY {emulator.BaseAddress} {account.Id} {account.ApiKey}");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return; // the runner's shared emulator
        }

        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
