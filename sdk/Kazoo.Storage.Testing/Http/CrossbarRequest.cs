using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.Testing.Identity;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.Testing.Http;

/// <summary>One request as Crossbar sees it: the route, the envelope and its <c>data</c>, the query, the token and the caller.</summary>
internal sealed class CrossbarRequest
{
    public CrossbarRequest(HttpContext context, EmulatorState state, Route route, string requestId)
    {
        Context = context;
        State = state;
        Route = route;
        RequestId = requestId;
        Method = context.Request.Method.ToUpperInvariant();
        Path = context.Request.Path.Value!.TrimEnd('/');
    }

    /// <summary>The largest request body the emulator reads (what Kestrel would allow by default).</summary>
    public const int MaxBodyBytes = 30_000_000;

    public HttpContext Context { get; }

    public EmulatorState State { get; }

    public Route Route { get; }

    public string RequestId { get; }

    public string Method { get; }

    /// <summary>The request path without a trailing slash.</summary>
    public string Path { get; }

    /// <summary>The request body (Crossbar's envelope) with its top-level keys lowercased, or null when the body was empty.</summary>
    public JsonObject? Envelope { get; private set; }

    /// <summary>The envelope's <c>data</c>, or null when there is none.</summary>
    public JsonNode? Data => Envelope?["data"];

    /// <summary>The token the client sent, if any.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The caller, once the token is accepted (or a login succeeded).</summary>
    public Session? Session { get; set; }

    /// <summary>Cancelled when the client goes away or the emulator stops.</summary>
    public CancellationToken Aborted { get; set; }

    /// <summary>
    /// Reads the body as JSON. Returns Crossbar's message when it is not JSON (spec: api_util answers 400 with
    /// <c>json.invalid</c>), null when it is fine.
    /// </summary>
    /// <exception cref="BadHttpRequestException">The body is larger than <see cref="MaxBodyBytes"/> (status 413).</exception>
    public async Task<string?> ReadBodyAsync()
    {
        // Checked here rather than by Kestrel's limit, which closes the connection while the client is still sending, so
        // the client never sees the 413: what is not read is drained by Kestrel after the answer.
        var tooLarge = new BadHttpRequestException($"The body is larger than {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        if (Context.Request.ContentLength > MaxBodyBytes)
        {
            throw tooLarge;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await Context.Request.Body.ReadAsync(chunk, Aborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw tooLarge;
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return null;
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes.Span))
        {
            // JSON text is UTF-8; the reader would only notice inside a string it is asked to decode, much later.
            return "invalid JSON: the body is not UTF-8";
        }

        JsonNode? parsed;
        try
        {
            // Kazoo's decoder keeps every occurrence of a repeated member name and reads the first, at any depth (the
            // envelope's own keys included): the body is reduced to first occurrences before anything reads, validates
            // or stores it.
            using var document = JsonDocument.Parse(bytes);
            parsed = JsonNode.Parse(JsonRepeatedMembers.FirstOccurrences(document.RootElement).GetRawText());
        }
        catch (JsonException ex)
        {
            return "invalid JSON around byte " + (ex.BytePositionInLine ?? 0) + " of line " + ((ex.LineNumber ?? 0) + 1);
        }

        if (parsed is not JsonObject envelope)
        {
            return "invalid request envelope";
        }

        // Crossbar lowercases the envelope's own keys (api_util normalize_envelope_keys), not those inside data.
        var normalized = new JsonObject();
        foreach (var (key, value) in envelope.ToList())
        {
            envelope.Remove(key);
            normalized[key.ToLowerInvariant()] = value;
        }

        Envelope = normalized;
        return null;
    }

    /// <summary>
    /// Crossbar's <c>cb_context:req_value</c>: the key in the request data, else in the query string, else at the top of the
    /// envelope; null when absent or null.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="data">The request data to look in first (for PATCH, the merged document).</param>
    public JsonNode? Value(string key, JsonNode? data)
    {
        if (data is JsonObject dataObject && dataObject[key] is { } inData)
        {
            return inData;
        }

        if (Context.Request.Query.TryGetValue(key, out var inQuery) && inQuery.Count > 0)
        {
            return JsonValue.Create(inQuery[^1]);
        }

        return key == "data" ? null : Envelope?[key];
    }
}
