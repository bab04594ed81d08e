using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// Keeps every log record at every level (Microsoft's <see cref="FakeLogCollector"/>), and shows each as one line, as a text
/// sink writes it: level, category, message, scopes and exception. Tests look for what was logged, and for secrets that
/// must never be.
/// </summary>
/// <remarks>
/// The structured values are left out of the lines: IHttpClientFactory's Trace "Request Headers" records keep the raw
/// header values (an Authorization or X-Auth-Token header too) in their state even with <c>RedactLoggedHeaders</c>, which
/// redacts only the message. Look at <see cref="Collector"/>'s records to see them.
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

    private static string Line(FakeLogRecord record) =>
        $"{record.Level} {record.Category}: {record.Message} [{string.Join("; ", record.Scopes)}] {record.Exception}";
}
