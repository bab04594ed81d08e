using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// JSON text that a request carries exactly as given: its bytes are written into the envelope unchanged (white space,
/// member order, number spelling and repeated member names included), so the server judges the text itself. What
/// <see cref="KazooStorageClient"/>'s JSON overloads send as <c>data</c>.
/// </summary>
/// <remarks><see cref="ToString"/> gives the length only: the text may hold secrets.</remarks>
[JsonConverter(typeof(CrossbarJsonTextConverter))]
public sealed class CrossbarJsonText
{
    /// <summary>Wraps UTF-8 JSON text; the bytes are not copied, so leave them unchanged until the request is sent.</summary>
    /// <param name="utf8Json">One JSON value in UTF-8, without a byte order mark.</param>
    public CrossbarJsonText(ReadOnlyMemory<byte> utf8Json) => Utf8Json = utf8Json;

    /// <summary>The text, as given.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>The length of the text, never the text (it may hold secrets).</summary>
    public override string ToString() => "(" + Utf8Json.Length + " bytes of JSON)";
}

/// <summary>Writes <see cref="CrossbarJsonText"/> as it is (checked to be one JSON value) and reads a value's text as it came.</summary>
internal sealed class CrossbarJsonTextConverter : JsonConverter<CrossbarJsonText>
{
    public override CrossbarJsonText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var value = JsonDocument.ParseValue(ref reader);
        return new CrossbarJsonText(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value.RootElement).ToArray());
    }

    public override void Write(Utf8JsonWriter writer, CrossbarJsonText value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteRawValue(value.Utf8Json.Span);
    }
}
