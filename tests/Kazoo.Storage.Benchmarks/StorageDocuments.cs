using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kazoo.Storage.Benchmarks;

/// <summary>
/// The storage documents the benchmarks read and write, as compact JSON text the way Crossbar
/// serves them (GET <c>/v2/accounts/{id}/storage</c>, <c>data</c> member). Deterministic: ids and
/// signatures come from a fixed-seed <see cref="Random"/>, so every run measures the same bytes.
/// Members are written in the order the SDK itself writes them, i.e. a document as it comes back
/// after the SDK saved it.
/// </summary>
public static class StorageDocuments
{
    private const string AccountId = "4f9c1d2e3a4b5c6d7e8f9a0b1c2d3e4f";

    private static readonly string[] Handlers =
        ["s3", "http", "google_drive", "azure", "google_storage", "dropbox", "onedrive"];

    /// <summary>
    /// Three attachment entries (s3 with <c>_sig</c>, http, google_drive) and a plan for the
    /// account, modb and system database classes with per-type entries.
    /// </summary>
    public static string Typical()
    {
        const string S3 = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
        const string Http = "403f90f67d1b71341f2ea6426eed3d90";
        const string Drive = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
        return Write(writer =>
        {
            writer.WriteStartObject("attachments");
            WriteAttachment(writer, S3, "s3", 0, signature: "3b1f0c4d2e8a9b7c6d5e4f3a2b1c0d9e");
            WriteAttachment(writer, Http, "http", 0, signature: null);
            WriteAttachment(writer, Drive, "google_drive", 0, signature: null);
            writer.WriteEndObject();
            writer.WriteString("id", AccountId);
            WritePlan(writer, S3, Http, Drive);
        });
    }

    /// <summary>
    /// 200 attachment entries cycling through all seven handlers, each carrying <c>_sig</c>, and
    /// the same plan shape as <see cref="Typical"/>.
    /// </summary>
    public static string Large(int attachmentCount = 200)
    {
        var random = new Random(2600);
        var ids = new string[attachmentCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Hex32(random);
        }

        return Write(writer =>
        {
            writer.WriteStartObject("attachments");
            for (var i = 0; i < ids.Length; i++)
            {
                WriteAttachment(writer, ids[i], Handlers[i % Handlers.Length], i, signature: Hex32(random));
            }

            writer.WriteEndObject();
            writer.WriteString("id", AccountId);
            WritePlan(writer, ids[0], ids[1], ids[2]);
        });
    }

    private static string Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteAttachment(Utf8JsonWriter writer, string id, string handler, int index, string? signature)
    {
        var n = index.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartObject(id);
        writer.WriteString("handler", handler);
        writer.WriteString("name", handler + " storage " + n);
        writer.WriteStartObject("settings");
        switch (handler)
        {
            case "s3":
                writer.WriteString("bucket", "recordings-" + n);
                writer.WriteString("bucket_access_method", "vhost");
                WriteObjectNaming(writer);
                writer.WriteString("host", "s3.eu-west-1.amazonaws.com");
                writer.WriteString("key", "EXAMPLEACCESSKEYID000");
                writer.WriteNumber("port", 443);
                writer.WriteString("region", "eu-west-1");
                writer.WriteString("scheme", "https");
                writer.WriteString("secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
                break;
            case "http":
                writer.WriteBoolean("base64_encode_data", false);
                writer.WriteBoolean("send_multipart", true);
                writer.WriteString("url", "https://files.example.com/kazoo/" + n + "?recording=");
                writer.WriteString("verb", "put");
                break;
            case "google_drive":
                writer.WriteString("folder_id", "root");
                writer.WriteString("oauth_doc_id", "oauth-" + n);
                writer.WriteString("folder_path", "voicemails/" + n); // not in Kazoo's schema: extension data, written last
                break;
            case "azure":
                writer.WriteString("account", "kazoostore" + n);
                writer.WriteString("container", "attachments");
                writer.WriteString("folder_base_path", "kazoo");
                writer.WriteString("key", "bWFkZS11cC1henVyZS1rZXktZm9yLWJlbmNobWFya3M=");
                break;
            case "google_storage":
                // Exactly one of oauth_app_id / oauth_doc_id: its settings are a oneOf, and both keys match both branches.
                writer.WriteString("oauth_doc_id", "oauth-" + n);
                break;
            default: // dropbox, onedrive
                writer.WriteString("oauth_doc_id", "oauth-" + n);
                break;
        }

        writer.WriteEndObject();
        if (signature is not null)
        {
            writer.WriteString("_sig", signature);
        }

        writer.WriteEndObject();
    }

    // The object-name recipe from Kazoo's storage docs: {db}/{id}_{attachment}/{owner_id}.
    private static void WriteObjectNaming(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("field_list");
        writer.WriteStartObject();
        writer.WriteString("arg", "db");
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteStartArray("group");
        writer.WriteStartObject();
        writer.WriteString("arg", "id");
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("const", "_");
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("arg", "attachment");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("field", "owner_id");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("field_separator", "/");
        writer.WriteString("folder_base_path", "kazoo");
    }

    private static void WritePlan(Utf8JsonWriter writer, string primary, string secondary, string tertiary)
    {
        writer.WriteStartObject("plan");

        writer.WriteStartObject("account");
        WritePlanAttachment(writer, primary, folderPath: "account", stub: null);
        writer.WriteStartObject("types");
        WritePlanType(writer, "media", tertiary, folderPath: "media", stub: null);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("modb");
        writer.WriteStartObject("types");
        WritePlanType(writer, "call_recording", secondary, folderPath: null, stub: null);
        WritePlanType(writer, "fax", primary, folderPath: "faxes", stub: null);
        WritePlanType(writer, "mailbox_message", primary, folderPath: null, stub: true);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("system");
        WritePlanAttachment(writer, secondary, folderPath: null, stub: null);
        writer.WriteStartObject("types");
        WritePlanType(writer, "media", tertiary, folderPath: "system_media", stub: null);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteEndObject();
    }

    private static void WritePlanType(Utf8JsonWriter writer, string type, string handler, string? folderPath, bool? stub)
    {
        writer.WriteStartObject(type);
        WritePlanAttachment(writer, handler, folderPath, stub);
        writer.WriteEndObject();
    }

    private static void WritePlanAttachment(Utf8JsonWriter writer, string handler, string? folderPath, bool? stub)
    {
        writer.WriteStartObject("attachments");
        writer.WriteString("handler", handler);
        if (folderPath is not null)
        {
            writer.WriteStartObject("params");
            writer.WriteString("folder_path", folderPath);
            writer.WriteEndObject();
        }

        if (stub is { } value)
        {
            writer.WriteBoolean("stub", value);
        }

        writer.WriteEndObject();
    }

    // A Kazoo id: 32 lowercase hex digits.
    private static string Hex32(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
