using Kazoo.Storage.Testing.Documents;
using Kazoo.Storage.Testing.Identity;

namespace Kazoo.Storage.Testing;

/// <summary>A <see cref="SettingsProbe"/> that also learns which account's document is being saved.</summary>
internal delegate Task<ProbeResult> ScopedSettingsProbe(string attachmentId, System.Text.Json.JsonElement entry, string? accountId, CancellationToken cancellationToken);

/// <summary>Everything one emulator instance keeps: the data, the accounts, the tokens, the probes, the faults and the request log.</summary>
internal sealed class EmulatorState
{
    private readonly object _logGate = new();
    // Counts per method and path rather than a list of every request: an emulator that serves a benchmark or a long
    // test run answers millions of requests, and a list that keeps each one grows without end and slows its own GC.
    private readonly Dictionary<(string Method, string Path), int> _requests = [];
    private int _requestCount;

    public EmulatorState(CrossbarEmulatorOptions options)
    {
        Options = options;
        Directory = new AccountDirectory("master");
        Tokens = new TokenIssuer(options.TimeProvider, options.TokenLifetime);
    }

    public CrossbarEmulatorOptions Options { get; }

    public DocumentStore Store { get; } = new();

    public AccountDirectory Directory { get; }

    public TokenIssuer Tokens { get; }

    /// <summary>The settings probes per handler kind (delegates and real handlers); each gets the request's account (null for <c>/v2/storage</c>).</summary>
    public SettingsProbes Probes { get; } = new();

    public FaultInjector Faults { get; } = new();

    /// <summary>Cancelled when the emulator stops, so waiting requests and probes end.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>Kazoo's version, sent in the envelope of authenticated requests.</summary>
    public string Version => "5.0.0";

    /// <summary>The node name as Crossbar sends it (encoded).</summary>
    public string Node { get; } = Convert.ToBase64String("crossbar@emulator.kazoo.test"u8);

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public int RequestCount
    {
        get
        {
            lock (_logGate)
            {
                return _requestCount;
            }
        }
    }

    public void LogRequest(string method, string path)
    {
        lock (_logGate)
        {
            _requestCount++;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_requests, (method, path), out _)++;
        }
    }

    public int CountRequests(string method, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        if (!pathPrefix.StartsWith('/'))
        {
            pathPrefix = "/" + pathPrefix;
        }

        lock (_logGate)
        {
            return _requests.Where(r => string.Equals(r.Key.Method, method, StringComparison.OrdinalIgnoreCase)
                                        && r.Key.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
                .Sum(r => r.Value);
        }
    }
}
