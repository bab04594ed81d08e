using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Metadata for the envelopes that carry generated storage records (<see cref="StorageDocument"/> and lists of them).
/// Hand-written because the System.Text.Json generator cannot see the schema generator's output; the envelope's own
/// members still come from <see cref="CrossbarJsonContext"/> and the records from their generated converters.
/// </summary>
internal sealed class CrossbarStorageEnvelopes : IJsonTypeInfoResolver
{
    public static CrossbarStorageEnvelopes Instance { get; } = new();

    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        if (type == typeof(CrossbarEnvelope<StorageDocument>))
        {
            return JsonMetadataServices.CreateValueInfo<CrossbarEnvelope<StorageDocument>>(options, new CrossbarEnvelopeConverter<StorageDocument>());
        }

        if (type == typeof(CrossbarEnvelope<IReadOnlyList<StorageDocument>>))
        {
            return JsonMetadataServices.CreateValueInfo<CrossbarEnvelope<IReadOnlyList<StorageDocument>>>(options, new CrossbarEnvelopeConverter<IReadOnlyList<StorageDocument>>());
        }

        if (type == typeof(CrossbarRequest<StorageDocument>))
        {
            return JsonMetadataServices.CreateValueInfo<CrossbarRequest<StorageDocument>>(options, new CrossbarRequestConverter<StorageDocument>());
        }

        if (type == typeof(IReadOnlyList<StorageDocument>))
        {
            return JsonMetadataServices.CreateValueInfo<IReadOnlyList<StorageDocument>>(options, new StorageDocumentListConverter());
        }

        return null;
    }

    /// <summary>Reads the envelope's members with the generated context, then <c>data</c> with the records' converters.</summary>
    private sealed class CrossbarEnvelopeConverter<TData> : JsonConverter<CrossbarEnvelope<TData>>
    {
        public override CrossbarEnvelope<TData>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var raw = JsonSerializer.Deserialize(ref reader, CrossbarJsonContext.Default.CrossbarEnvelopeJsonElement);
            if (raw is null)
            {
                return null;
            }

            var data = raw.Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? default
                : raw.Data.Deserialize((JsonTypeInfo<TData>)options.GetTypeInfo(typeof(TData)));
            return raw.WithData(data);
        }

        public override void Write(Utf8JsonWriter writer, CrossbarEnvelope<TData> value, JsonSerializerOptions options)
        {
            var data = value.Data is null
                ? JsonSerializer.SerializeToElement((object?)null, CrossbarJsonContext.Default.JsonElement)
                : JsonSerializer.SerializeToElement(value.Data, (JsonTypeInfo<TData>)options.GetTypeInfo(typeof(TData)));
            JsonSerializer.Serialize(writer, value.WithData(data), CrossbarJsonContext.Default.CrossbarEnvelopeJsonElement);
        }
    }

    /// <summary>Writes and reads <c>{"data": …}</c> with the records' converters.</summary>
    private sealed class CrossbarRequestConverter<TData> : JsonConverter<CrossbarRequest<TData>>
    {
        public override CrossbarRequest<TData>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var raw = JsonSerializer.Deserialize(ref reader, CrossbarJsonContext.Default.CrossbarRequestJsonElement);
            return raw is null ? null : new CrossbarRequest<TData>(raw.Data.Deserialize((JsonTypeInfo<TData>)options.GetTypeInfo(typeof(TData)))!);
        }

        public override void Write(Utf8JsonWriter writer, CrossbarRequest<TData> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data"u8);
            JsonSerializer.Serialize(writer, value.Data, (JsonTypeInfo<TData>)options.GetTypeInfo(typeof(TData)));
            writer.WriteEndObject();
        }
    }

    /// <summary>A JSON array of storage documents (list answers), each read with the record's converter.</summary>
    private sealed class StorageDocumentListConverter : JsonConverter<IReadOnlyList<StorageDocument>>
    {
        public override IReadOnlyList<StorageDocument> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Expected a JSON array of storage documents.");
            }

            var items = new List<StorageDocument>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(StorageDocument.JsonConverter.Instance.Read(ref reader, typeof(StorageDocument), options));
            }

            return items;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<StorageDocument> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                StorageDocument.JsonConverter.Instance.Write(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
