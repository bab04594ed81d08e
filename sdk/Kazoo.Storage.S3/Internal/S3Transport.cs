using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Kazoo.Storage.S3.Internal;

/// <summary>
/// What the last HTTP answer of one S3 operation looked like: its status, headers and, for an error, its body. The AWS
/// SDK parses S3's XML error but does not hand its body on, and Kazoo reports that body as <c>error_body</c>; the
/// transport below records it here for the operation that is running (an <see cref="AsyncLocal{T}"/> slot set by the
/// caller, so parallel part uploads each see their own answer).
/// </summary>
internal sealed class S3ResponseRecord
{
    private static readonly AsyncLocal<S3ResponseRecord?> CurrentSlot = new();

    /// <summary>The record of the operation running in this async flow, if one was started.</summary>
    public static S3ResponseRecord? Current => CurrentSlot.Value;

    /// <summary>The HTTP status of the last answer, or 0 before any.</summary>
    public int StatusCode { get; private set; }

    /// <summary>The last answer's headers (response and content headers), names in lower case.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; private set; } = new Dictionary<string, string>();

    /// <summary>The last error answer's body (at most <see cref="S3Transport.MaxErrorBodyBytes"/>), or null.</summary>
    public string? ErrorBody { get; private set; }

    /// <summary>The last error answer's content type, or null.</summary>
    public string? ErrorContentType { get; private set; }

    /// <summary>
    /// Starts recording for the calling async method and what it awaits. The slot is the caller's own: an async method's
    /// changes to an <see cref="AsyncLocal{T}"/> do not leak back to its caller.
    /// </summary>
    public static S3ResponseRecord Begin()
    {
        var record = new S3ResponseRecord();
        CurrentSlot.Value = record;
        return record;
    }

    /// <summary>Keeps the status and headers of an answer.</summary>
    /// <param name="response">The answer.</param>
    public void Observe(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in response.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        }

        foreach (var header in response.Content.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        }

        StatusCode = (int)response.StatusCode;
        Headers = headers;
        ErrorBody = null;
        ErrorContentType = null;
    }

    /// <summary>Keeps an error answer's body.</summary>
    /// <param name="body">The body text.</param>
    /// <param name="contentType">Its content type.</param>
    public void ObserveErrorBody(string body, string? contentType)
    {
        ErrorBody = body;
        ErrorContentType = contentType;
    }
}

/// <summary>
/// The HTTP transport of every <c>AmazonS3Client</c> one handler makes: a single pooled <see cref="SocketsHttpHandler"/>
/// (connections shared by all endpoints and credentials), redirects capped at 3 as in Kazoo, and a recording step in
/// front of it (<see cref="S3ResponseRecord"/>).
/// </summary>
internal sealed class S3Transport : HttpClientFactory, IDisposable
{
    /// <summary>The most bytes of an error body kept (S3's XML errors are a few hundred bytes).</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private readonly SocketsHttpHandler _connections;

    /// <summary>Creates the transport.</summary>
    /// <param name="connectTimeout">The longest opening a connection may take.</param>
    public S3Transport(TimeSpan connectTimeout)
    {
        _connections = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 3,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = connectTimeout,
            // Follow DNS changes of long-lived endpoints.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
    }

    /// <inheritdoc/>
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var client = new HttpClient(new RecordingHandler(_connections), disposeHandler: false);
        client.Timeout = clientConfig.Timeout ?? System.Threading.Timeout.InfiniteTimeSpan;
        return client;
    }

    /// <inheritdoc/>
    /// <remarks>Each <c>AmazonS3Client</c> keeps its own <see cref="HttpClient"/>; the connections below it are shared.</remarks>
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <inheritdoc/>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <inheritdoc/>
    public void Dispose() => _connections.Dispose();

    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (S3ResponseRecord.Current is not { } record)
            {
                return response;
            }

            record.Observe(response);
            if ((int)response.StatusCode >= 400 && request.Method != HttpMethod.Head)
            {
                // Buffer the (small) error body so that both the record and the AWS SDK's own error parser can read it.
                try
                {
                    await response.Content.LoadIntoBufferAsync(MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
                    var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    record.ObserveErrorBody(Encoding.UTF8.GetString(bytes), response.Content.Headers.ContentType?.ToString());
                }
                catch (HttpRequestException)
                {
                    // Larger than any S3 error document: leave the body to the SDK and report the status without it.
                }
            }

            return response;
        }
    }
}
