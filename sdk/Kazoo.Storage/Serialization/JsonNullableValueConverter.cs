using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Reads and writes a nullable value type with the converter of the value type, for an optional member of a generated
/// record (<c>long?</c>, <c>bool?</c>, an enum). JSON null is the value type's business: the record's converter gives it to
/// this one only when the value type's converter reads null as a value (<see cref="JsonElement"/>).
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class JsonNullableValueConverter<T>(JsonConverter<T> converter) : JsonConverter<T?>
    where T : struct
{
    // A field initializer, so that it is set before the base constructor reads HandleNull.
    private readonly JsonConverter<T> _converter = converter ?? throw new ArgumentNullException(nameof(converter));

    public override bool HandleNull => _converter.HandleNull;

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
