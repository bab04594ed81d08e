using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Crossbar's response envelope, for a success (<c>status: "success"</c>, the payload in <see cref="Data"/>) and for an
/// error (<c>status: "error"</c>, the HTTP code as a string in <see cref="Error"/>, details in <see cref="Data"/>).
/// </summary>
/// <typeparam name="T">The type of <c>data</c>.</typeparam>
/// <remarks><see cref="ToString"/> never prints <see cref="AuthToken"/>.</remarks>
internal sealed record CrossbarEnvelope<T>
{
    /// <summary>The payload (<c>data</c>); on an error, an object with details.</summary>
    [JsonPropertyName("data")]
    public T? Data { get; init; }

    /// <summary>The document's revision (<c>revision</c>), or a hash for lists; absent on errors.</summary>
    [JsonPropertyName("revision")]
    public string? Revision { get; init; }

    /// <summary>The id Crossbar gave the request (<c>request_id</c>).</summary>
    [JsonPropertyName("request_id")]
    public string? RequestId { get; init; }

    /// <summary>The token the request used, or a new one after a login (<c>auth_token</c>). A secret.</summary>
    [JsonPropertyName("auth_token")]
    public string? AuthToken { get; init; }

    /// <summary><c>success</c> or <c>error</c> (<c>status</c>).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>The encoded name of the Kazoo node that answered (<c>node</c>).</summary>
    [JsonPropertyName("node")]
    public string? Node { get; init; }

    /// <summary>The Kazoo version (<c>version</c>); only on authenticated requests.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>When Crossbar answered, ISO-8601 text (<c>timestamp</c>).</summary>
    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; init; }

    /// <summary>The rate-limit bucket after this request (<c>tokens</c>).</summary>
    [JsonPropertyName("tokens")]
    public CrossbarTokens? Tokens { get; init; }

    /// <summary>How many items a list answer holds (<c>page_size</c>).</summary>
    [JsonPropertyName("page_size")]
    public int? PageSize { get; init; }

    /// <summary>The key this page of a list started at (<c>start_key</c>).</summary>
    [JsonPropertyName("start_key")]
    public JsonElement? StartKey { get; init; }

    /// <summary>The key of the next page of a list (<c>next_start_key</c>); absent on the last page.</summary>
    [JsonPropertyName("next_start_key")]
    public JsonElement? NextStartKey { get; init; }

    /// <summary>On an error, the HTTP status code as text, e.g. <c>"404"</c> (<c>error</c>).</summary>
    [JsonPropertyName("error")]
    [JsonConverter(typeof(CrossbarTextConverter))]
    public string? Error { get; init; }

    /// <summary>On an error, a short text or code such as <c>bad_identifier</c> or <c>validation error</c> (<c>message</c>).</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The same envelope around other data (the members are copied).</summary>
    internal CrossbarEnvelope<TOther> WithData<TOther>(TOther? data) => new()
    {
        Data = data,
        Revision = Revision,
        RequestId = RequestId,
        AuthToken = AuthToken,
        Status = Status,
        Node = Node,
        Version = Version,
        Timestamp = Timestamp,
        Tokens = Tokens,
        PageSize = PageSize,
        StartKey = StartKey,
        NextStartKey = NextStartKey,
        Error = Error,
        Message = Message,
    };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Status = ").Append(Status)
            .Append(", Error = ").Append(Error)
            .Append(", Message = ").Append(Message)
            .Append(", Revision = ").Append(Revision)
            .Append(", RequestId = ").Append(RequestId)
            .Append(", Node = ").Append(Node)
            .Append(", Version = ").Append(Version)
            .Append(", Timestamp = ").Append(Timestamp)
            .Append(", AuthToken = ").Append(AuthToken is null ? null : Serialization.SecretMask.Masked)
            .Append(", Data = ").Append(Data is null ? "null" : typeof(T).Name);
        return true;
    }
}
