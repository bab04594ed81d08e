using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// Keeps every log record at every level (Microsoft's <see cref="FakeLogCollector"/>), and shows each as one line with its
/// category, message, structured values, scopes and exception: tests look for what was logged, and for secrets that must
/// never be.
/// </summary>
/// <remarks>
/// One exception: the structured values of IHttpClientFactory's "Request Headers"/"Response Headers" records are left
/// out. They hold the raw header values (an Authorization or X-Auth-Token header too) even with
/// <c>RedactLoggedHeaders</c>, which redacts only the message; a sink that writes structured values would show them.
/// <see cref="Collector"/> has the records as they are.
/// </remarks>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly FakeLoggerProvider _provider;

    public LogCapture() => _provider = new FakeLoggerProvider(Collector);

    /// <summary>The records themselves.</summary>
    public FakeLogCollector Collector { get; } = new();

    /// <summary>Every record so far, one line each.</summary>
    public IReadOnlyList<string> Lines => [.. Collector.GetSnapshot().Select(Line)];

    /// <summary>Every line so far, joined.</summary>
    public string All => string.Join(Environment.NewLine, Lines);

    /// <summary>A factory that logs every level into this capture only.</summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _provider.SetScopeProvider(scopeProvider);

    public void Dispose() => _provider.Dispose();

    private static string Line(FakeLogRecord record)
    {
        var values = record.State is IEnumerable<KeyValuePair<string, string?>> state && !IsHttpClientHeaders(record)
            ? string.Join("; ", state.Select(pair => pair.Key + "=" + pair.Value))
            : string.Empty;
        return $"{record.Level} {record.Category}: {record.Message} [{values}] [{string.Join("; ", record.Scopes)}] {record.Exception}";
    }

    private static bool IsHttpClientHeaders(FakeLogRecord record) =>
        record.Category?.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal) == true
        && record.Message.Contains("Headers:", StringComparison.Ordinal);
}
