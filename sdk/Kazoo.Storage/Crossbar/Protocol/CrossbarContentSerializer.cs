using System.Buffers;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Refit's body serializer for Crossbar, over <see cref="CrossbarJson.Options"/>. Crossbar bodies are small JSON
/// documents, so a request body is written once into a byte array (a re-sendable content with a Content-Length, which
/// a retried GET or a request re-sent after a token renewal can send again), and an answer with a known length up to
/// <see cref="MaxBufferedAnswer"/> is read into a pooled buffer and parsed in one synchronous pass; longer or
/// unannounced answers are parsed as they stream in.
/// </summary>
internal sealed class CrossbarContentSerializer : IHttpContentSerializer
{
    /// <summary>The largest answer read into a buffer before parsing.</summary>
    public const int MaxBufferedAnswer = 4 * 1024 * 1024;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly JsonSerializerOptions _options;

    public CrossbarContentSerializer(JsonSerializerOptions options) => _options = options;

    public HttpContent ToHttpContent<T>(T item)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(item, TypeInfo<T>());
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var typeInfo = TypeInfo<T>();
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (content.Headers.ContentLength is not { } length || length > MaxBufferedAnswer)
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
            }

            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
            try
            {
                var read = 0;
                int n;
                while (read < length && (n = await stream.ReadAsync(buffer.AsMemory(read, (int)length - read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                return JsonSerializer.Deserialize(buffer.AsSpan(0, read), typeInfo);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
    {
        ArgumentNullException.ThrowIfNull(propertyInfo);
        return propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>(inherit: true)?.Name;
    }

    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));
}
