using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// Keeps every log record at every level (Microsoft's <see cref="FakeLogCollector"/>), and shows each as one line with its
/// category, message, structured values, scopes and exception: tests look for what was logged, and for secrets that must
/// never be.
/// </summary>
/// <remarks>
/// The structured values are shown whole, as a sink that writes them would: IHttpClientFactory's header records keep raw
/// header values there even when the message is redacted, which is why the SDK's HTTP clients log without its loggers.
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
        var values = record.State is IEnumerable<KeyValuePair<string, string?>> state
            ? string.Join("; ", state.Select(pair => pair.Key + "=" + pair.Value))
            : string.Empty;
        return $"{record.Level} {record.Category}: {record.Message} [{values}] [{string.Join("; ", record.Scopes)}] {record.Exception}";
    }
}
