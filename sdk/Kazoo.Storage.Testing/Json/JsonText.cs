using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Json;

/// <summary>JSON text as Kazoo writes it: compact UTF-8, non-ASCII text unescaped.</summary>
internal static class JsonText
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static JsonElement ToElement(JsonNode? node)
    {
        using var document = JsonDocument.Parse(ToUtf8(node));
        return document.RootElement.Clone();
    }

    public static JsonNode? ToNode(JsonElement element) => JsonNode.Parse(element.GetRawText());
}
