using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Reads and writes a nullable value type with the converter of the value type, for an optional member of a generated
/// record (<c>long?</c>, <c>bool?</c>, an enum): the record's converter handles JSON null itself, so this one never sees it.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class JsonNullableValueConverter<T> : JsonConverter<T?>
    where T : struct
{
    private readonly JsonConverter<T> _converter;

    public JsonNullableValueConverter(JsonConverter<T> converter)
    {
        ArgumentNullException.ThrowIfNull(converter);
        _converter = converter;
    }

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        _converter.Read(ref reader, typeof(T), options);

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } present)
        {
            _converter.Write(writer, present, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
