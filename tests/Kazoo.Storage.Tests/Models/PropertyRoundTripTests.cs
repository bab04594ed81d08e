using System.Text.Json;
using CsCheck;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Tests.Models;

public sealed class PropertyRoundTripTests
{
    [Fact]
    public void Thousands_of_generated_documents_read_back_equal_and_write_the_same_text()
    {
        StorageDocumentGen.Document.Sample(document =>
        {
            var json = JsonSerializer.Serialize(document, KazooStorageJson.Options);
            var read = JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options);

            Assert.Equal(document, read);
            Assert.Equal(json, JsonSerializer.Serialize(read, KazooStorageJson.Options));
        }, iter: 3000, seed: "0000GeneratedDocs");
    }

    [Fact]
    public void Generated_documents_survive_a_member_order_shuffle()
    {
        // Reversing every object's members must still read back to an equal document and write the reversed text again.
        StorageDocumentGen.Document.Sample(document =>
        {
            var json = JsonSerializer.Serialize(document, KazooStorageJson.Options);
            var reversed = Reverse(JsonDocument.Parse(json).RootElement);

            var read = JsonSerializer.Deserialize<StorageDocument>(reversed, KazooStorageJson.Options);

            Assert.Equal(document, read);
            Assert.Equal(reversed, JsonSerializer.Serialize(read, KazooStorageJson.Options));
        }, iter: 1000, seed: "0000ShuffledDocs");
    }

    private static string Reverse(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, element);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());

        static void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject().Reverse())
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }
}
