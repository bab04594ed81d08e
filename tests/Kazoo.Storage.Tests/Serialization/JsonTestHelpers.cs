using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Tests.Serialization;

internal static class JsonTestHelpers
{
    public static readonly JsonSerializerOptions Options = new();

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static T Read<T>(JsonConverter<T> converter, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        T value = converter.Read(ref reader, typeof(T), Options)!;
        Assert.False(reader.Read(), "The converter must consume exactly its value.");
        return value;
    }

    public static string Write<T>(JsonConverter<T> converter, T value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            converter.Write(writer, value, Options);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string WriteObject(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
