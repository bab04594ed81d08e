using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;

namespace Kazoo.Storage.Azure.Tests.Support;

/// <summary>
/// The requests the Azure SDK sends while this is alive, as its own diagnostics report them ("Request [id] PUT url"),
/// kept only when they mention <paramref name="marker"/> (a blob name unique to one test: the listener hears the whole
/// process, and tests run in parallel).
/// </summary>
/// <param name="marker">Text a request line must contain to be kept.</param>
public sealed class SdkRequests(string marker) : IDisposable
{
    private readonly List<string> _lines = [];
    private AzureEventSourceListener? _listener;

    /// <summary>The request lines kept so far ("PUT http://…?comp=block&amp;blockid=…").</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts listening.</summary>
    public SdkRequests Start()
    {
        _listener = new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventName == "Request" && message.Contains(marker, StringComparison.Ordinal))
                {
                    var first = message.Split('\n')[0].Trim();
                    lock (_lines)
                    {
                        _lines.Add(first[(first.IndexOf(']', StringComparison.Ordinal) + 1)..].Trim());
                    }
                }
            },
            EventLevel.Informational);
        return this;
    }

    /// <inheritdoc/>
    public void Dispose() => _listener?.Dispose();
}
