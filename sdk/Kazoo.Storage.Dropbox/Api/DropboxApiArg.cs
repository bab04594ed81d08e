using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// The JSON arguments of the Dropbox calls this handler makes. Content endpoints take them in the
/// <c>Dropbox-API-Arg</c> header, which must be "HTTP header safe": every character above 0x7E (0x7F and all non-ASCII)
/// written as a JSON <c>\uXXXX</c> escape (Dropbox's "JSON encoding" reference). RPC endpoints take them as the body.
/// </summary>
internal static class DropboxApiArg
{
    /// <summary>The header content endpoints read their arguments from.</summary>
    public const string HeaderName = "Dropbox-API-Arg";

    // Only what JSON requires is escaped here ("", \, control characters); HeaderSafe escapes the rest for the header.
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>files/upload</c>: the path, and <c>"mode": "overwrite"</c> unless Dropbox's default <c>add</c> is wanted.</summary>
    public static string Upload(string path, bool overwrite) => Json(writer =>
    {
        writer.WriteString("path", path);
        WriteMode(writer, overwrite);
    });

    /// <summary><c>files/upload_session/start</c>: a sequential session, left open.</summary>
    public static string SessionStart() => Json(writer => writer.WriteBoolean("close", false));

    /// <summary><c>files/upload_session/append_v2</c>: the cursor where these bytes go.</summary>
    public static string SessionAppend(string sessionId, long offset) => Json(writer =>
    {
        WriteCursor(writer, sessionId, offset);
        writer.WriteBoolean("close", false);
    });

    /// <summary><c>files/upload_session/finish</c>: the cursor of the last bytes and where the file goes.</summary>
    public static string SessionFinish(string sessionId, long offset, string path, bool overwrite) => Json(writer =>
    {
        WriteCursor(writer, sessionId, offset);
        writer.WriteStartObject("commit");
        writer.WriteString("path", path);
        WriteMode(writer, overwrite);
        writer.WriteEndObject();
    });

    /// <summary><c>files/download</c> and <c>files/delete_v2</c>: a path (<c>/…</c>) or a file id (<c>id:…</c>).</summary>
    public static string PathOnly(string pathOrId) => Json(writer => writer.WriteString("path", pathOrId));

    /// <summary>
    /// JSON text made safe for an HTTP header: each UTF-16 code unit above 0x7E becomes <c>\uXXXX</c>, and escapes the
    /// JSON writer made itself are given the same lower-case hex, as Dropbox's own examples write them. Outside strings
    /// JSON text is ASCII already, so only string contents change.
    /// </summary>
    public static string HeaderSafe(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var builder = new StringBuilder(json.Length + 32);
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '\\' && i + 1 < json.Length)
            {
                builder.Append(c).Append(json[++i]);
                if (json[i] == 'u' && i + 4 < json.Length)
                {
                    builder.Append(json.AsSpan(i + 1, 4).ToString().ToLowerInvariant());
                    i += 4;
                }
            }
            else if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static void WriteMode(Utf8JsonWriter writer, bool overwrite)
    {
        if (overwrite)
        {
            writer.WriteString("mode", "overwrite");
        }
    }

    private static void WriteCursor(Utf8JsonWriter writer, string sessionId, long offset)
    {
        writer.WriteStartObject("cursor");
        writer.WriteString("session_id", sessionId);
        writer.WriteNumber("offset", offset);
        writer.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
