namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>The request headers the client sends.</summary>
internal static class CrossbarHeaders
{
    /// <summary>The token header Crossbar prefers (spec §9.3).</summary>
    public const string AuthToken = "X-Auth-Token";

    /// <summary>Crossbar takes the request id from this header and echoes it as <c>request_id</c> and <c>x-request-id</c>.</summary>
    public const string RequestId = "X-Request-ID";
}
