using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Kazoo.Storage.OneDrive.Tests.Support;

/// <summary>
/// The HTTP pipeline of a handler in front of the fake Graph, changing fragment PUTs to upload session URLs as a real Graph
/// may answer them where the fake does not: keeping only part of a fragment, failing a fragment's first attempt, or naming
/// a next expected byte that does not fit what was sent. Every other request goes through unchanged. Like the test
/// context's client, it follows no redirects.
/// </summary>
public sealed class FragmentInterceptor() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private int _fragments;

    /// <summary>The fragment with this index (0-based, counting every fragment PUT) reaches Graph cut to its first <c>Bytes</c> bytes, so Graph holds only part of it and its answer asks for the rest.</summary>
    public (int Index, int Bytes)? KeepPartOf { get; set; }

    /// <summary>Each fragment's first attempt fails with 503 before it reaches Graph; the same Content-Range sent again goes through.</summary>
    public bool FailFirstAttemptOfEach { get; set; }

    /// <summary>The fragment with this index reaches Graph, but its 202 answer names this range in <c>nextExpectedRanges</c> instead of Graph's.</summary>
    public (int Index, string Range)? AnswerNextExpected { get; set; }

    /// <summary>A handler's HTTP client through this pipeline, with no time limit of its own (the handler's options set one).</summary>
    public HttpClient CreateClient() => new(this, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Put || request.Content?.Headers.ContentRange is not { From: { } from, Length: { } total } range)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var index = _fragments++;
        if (FailFirstAttemptOfEach && _failed.Add(range.ToString()))
        {
            var failure = Json(HttpStatusCode.ServiceUnavailable, """{"error":{"code":"serviceNotAvailable","message":"The service is not available. Try the request again after a delay."}}""");
            failure.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero);
            return failure;
        }

        if (KeepPartOf is { } part && part.Index == index)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var kept = new ByteArrayContent(bytes, 0, part.Bytes);
            kept.Headers.ContentRange = new ContentRangeHeaderValue(from, from + part.Bytes - 1, total);
            request.Content = kept;
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (AnswerNextExpected is { } answer && answer.Index == index && response.StatusCode == HttpStatusCode.Accepted)
        {
            response.Dispose();
            return Json(HttpStatusCode.Accepted, $$"""{"expirationDateTime":"2024-01-16T12:00:00Z","nextExpectedRanges":["{{answer.Range}}"]}""");
        }

        return response;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
