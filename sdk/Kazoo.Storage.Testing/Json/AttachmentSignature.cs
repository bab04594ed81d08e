using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Json;

/// <summary>
/// The <c>_sig</c> Kazoo writes into an attachment entry after a successful settings probe (spec §6.3): the MD5 (lowercase hex)
/// of the JSON encoding of the entry's public members with <c>"id": null</c> added.
/// </summary>
/// <remarks>
/// The encoding: the entry's members in their order, <c>_</c>- and <c>pvt_</c>-prefixed keys left out, an existing
/// <c>id</c> set to null where it stands or else <c>"id":null</c> appended (Kazoo sets a missing key at the end); compact
/// UTF-8 JSON with no whitespace, non-ASCII text unescaped (as Erlang's jiffy writes it), numbers as they were written.
/// Because member order is part of the encoding, reordering an entry changes its signature and triggers a new probe.
/// </remarks>
internal static class AttachmentSignature
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Compute(JsonObject entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            var hasId = false;
            foreach (var (key, value) in entry)
            {
                if (PrivateFields.IsPrivate(key))
                {
                    continue;
                }

                writer.WritePropertyName(key);
                if (key == "id")
                {
                    hasId = true;
                    writer.WriteNullValue();
                }
                else if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            if (!hasId)
            {
                writer.WriteNull("id");
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(MD5.HashData(buffer.WrittenSpan));
    }
}
