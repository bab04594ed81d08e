using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;

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

        if (type == typeof(CrossbarEnvelope<ReadOnlyJsonList<StorageDocument>>))
        {
            return JsonMetadataServices.CreateValueInfo<CrossbarEnvelope<ReadOnlyJsonList<StorageDocument>>>(options, new CrossbarEnvelopeConverter<ReadOnlyJsonList<StorageDocument>>());
        }

        if (type == typeof(ReadOnlyJsonList<StorageDocument>))
        {
            // List answers: each item read with the record's converter, a failing item named in the error's path.
            return JsonMetadataServices.CreateValueInfo<ReadOnlyJsonList<StorageDocument>>(options, new ReadOnlyJsonListConverter<StorageDocument>(JsonRecordConverter<StorageDocument>.Instance, allowNullItems: false));
        }

        return null;
    }

    /// <summary>
    /// Reads the envelope in one pass: <c>data</c> straight into the records' converters, the envelope's own members as
    /// they come (text members also accept numbers and booleans, as <see cref="CrossbarTextConverter"/> does), unknown
    /// members skipped.
    /// </summary>
    private sealed class CrossbarEnvelopeConverter<TData> : JsonConverter<CrossbarEnvelope<TData>>
    {
        // Each instance serves the one options instance the resolver made it for.
        private JsonConverter<TData>? _data;

        public override CrossbarEnvelope<TData>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A Crossbar answer is a JSON object.");
            }

            TData? data = default;
            string? revision = null, requestId = null, authToken = null, status = null, node = null, version = null, timestamp = null, error = null, message = null;
            CrossbarTokens? tokens = null;
            int? pageSize = null;
            JsonElement? startKey = null, nextStartKey = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    // The converter reads the value where the reader stands, as System.Text.Json does for a property;
                    // JsonSerializer.Deserialize(ref reader) would first skip over the whole value to check it is complete.
                    data = reader.TokenType == JsonTokenType.Null ? default : DataConverter(options).Read(ref reader, typeof(TData), options);
                }
                else if (reader.ValueTextEquals("tokens"u8))
                {
                    reader.Read();
                    tokens = reader.TokenType == JsonTokenType.StartObject ? ReadTokens(ref reader) : Skipped<CrossbarTokens>(ref reader);
                }
                else if (reader.ValueTextEquals("page_size"u8))
                {
                    reader.Read();
                    pageSize = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var size) ? size : Skipped<int?>(ref reader);
                }
                else if (reader.ValueTextEquals("start_key"u8))
                {
                    reader.Read();
                    startKey = JsonElement.ParseValue(ref reader);
                }
                else if (reader.ValueTextEquals("next_start_key"u8))
                {
                    reader.Read();
                    nextStartKey = JsonElement.ParseValue(ref reader);
                }
                else if (!(Text(ref reader, "revision"u8, ref revision)
                    || Text(ref reader, "request_id"u8, ref requestId)
                    || Text(ref reader, "auth_token"u8, ref authToken)
                    || Text(ref reader, "status"u8, ref status)
                    || Text(ref reader, "node"u8, ref node)
                    || Text(ref reader, "version"u8, ref version)
                    || Text(ref reader, "timestamp"u8, ref timestamp)
                    || Text(ref reader, "error"u8, ref error)
                    || Text(ref reader, "message"u8, ref message)))
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new CrossbarEnvelope<TData>
            {
                Data = data,
                Revision = revision,
                RequestId = requestId,
                AuthToken = authToken,
                Status = status,
                Node = node,
                Version = version,
                Timestamp = timestamp,
                Tokens = tokens,
                PageSize = pageSize,
                StartKey = startKey,
                NextStartKey = nextStartKey,
                Error = error,
                Message = message,
            };
        }

        private JsonConverter<TData> DataConverter(JsonSerializerOptions options) =>
            _data ??= (JsonConverter<TData>)options.GetTypeInfo(typeof(TData)).Converter;

        /// <summary><c>{"consumed": n, "remaining": n}</c>; other members and non-integers are passed over (read as 0).</summary>
        private static CrossbarTokens ReadTokens(ref Utf8JsonReader reader)
        {
            long consumed = 0, remaining = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isConsumed = reader.ValueTextEquals("consumed"u8);
                var isRemaining = !isConsumed && reader.ValueTextEquals("remaining"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && (isConsumed || isRemaining))
                {
                    (consumed, remaining) = isConsumed ? (value, remaining) : (consumed, value);
                }
                else
                {
                    reader.Skip();
                }
            }

            return new CrossbarTokens(consumed, remaining);
        }

        /// <summary>Reads the member's value as text into <paramref name="value"/> when the reader stands on <paramref name="name"/>.</summary>
        private static bool Text(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref string? value)
        {
            if (!reader.ValueTextEquals(name))
            {
                return false;
            }

            reader.Read();
            value = CrossbarTextConverter.ReadText(ref reader);
            return true;
        }

        private static T? Skipped<T>(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return default;
        }

        public override void Write(Utf8JsonWriter writer, CrossbarEnvelope<TData> value, JsonSerializerOptions options)
        {
            var data = value.Data is null
                ? JsonSerializer.SerializeToElement((object?)null, CrossbarJsonContext.Default.JsonElement)
                : JsonSerializer.SerializeToElement(value.Data, (JsonTypeInfo<TData>)options.GetTypeInfo(typeof(TData)));
            JsonSerializer.Serialize(writer, value.WithData(data), CrossbarJsonContext.Default.CrossbarEnvelopeJsonElement);
        }
    }
}
