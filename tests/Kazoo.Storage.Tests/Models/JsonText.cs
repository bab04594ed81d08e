using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kazoo.Storage.Tests.Models;

/// <summary>Compact JSON text with members in their original order, for exact round-trip comparisons.</summary>
internal static class JsonText
{
    public static string Minify(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
