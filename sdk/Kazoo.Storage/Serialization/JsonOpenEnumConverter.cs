using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kazoo.Storage.Serialization;

/// <summary>A generated open enum: a string value, known to the schema or not.</summary>
/// <typeparam name="TSelf">The enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IJsonOpenEnum<TSelf>
    where TSelf : struct, IJsonOpenEnum<TSelf>
{
    /// <summary>Gets the JSON string.</summary>
    string Value { get; }

    /// <summary>Wraps a value, known or not.</summary>
    /// <param name="value">The JSON string.</param>
    static abstract implicit operator TSelf(string value);
}

/// <summary>Reads and writes a generated open enum as a JSON string; a value the schema does not list is kept as it is.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonOpenEnumConverter<TEnum> : JsonConverter<TEnum>, IJsonTypeInfoSource
    where TEnum : struct, IJsonOpenEnum<TEnum>
{
    private JsonOpenEnumConverter()
    {
    }

    /// <inheritdoc/>
    public JsonTypeInfo CreateTypeInfo(JsonSerializerOptions options) => JsonMetadataServices.CreateValueInfo<TEnum>(options, this);

    /// <summary>Gets the shared instance.</summary>
    public static JsonOpenEnumConverter<TEnum> Instance { get; } = new();

    /// <inheritdoc/>
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonStringConverter.Instance.Read(ref reader, typeof(string), options);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
