using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments.Tests.Support;

/// <summary>Attachment entries, locations and handlers for the tests.</summary>
internal static class Backends
{
    public const string AccountId = "4b8a2c0e1f3d4e5a6b7c8d9e0f1a2b3c";
    public const string DocumentId = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    public const string OwnerId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>An <c>http</c> entry read from JSON, as the SDK reads it from Crossbar.</summary>
    public static StorageAttachmentHttp HttpBackend(string url, JsonObject? settings = null)
    {
        var all = settings?.DeepClone().AsObject() ?? [];
        all["url"] = url;
        var entry = new JsonObject { ["handler"] = "http", ["name"] = "recordings", ["settings"] = all };
        return (StorageAttachmentHttp)Entry(entry);
    }

    public static StorageAttachmentsEntry Entry(JsonObject entry) =>
        JsonSerializer.Deserialize(entry.ToJsonString(), KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>())!;

    /// <summary>A voicemail in the account's January 2024 MODB, with private members in its document.</summary>
    public static AttachmentLocation Voicemail(bool withOwner = true, string attachmentName = "message.mp3")
    {
        var document = new JsonObject
        {
            ["_id"] = DocumentId,
            ["_rev"] = "3-abc",
            ["name"] = "Message from 5551234",
            ["caller_id_number"] = "5551234",
            ["length"] = 4200,
            ["pvt_account_id"] = AccountId,
            ["pvt_type"] = "mailbox_message",
        };
        if (withOwner)
        {
            document["owner_id"] = OwnerId;
        }

        return new AttachmentLocation(Attachments.KazooDatabaseName.Modb(AccountId, 2024, 1), DocumentId, attachmentName)
        {
            Document = JsonSerializer.SerializeToElement(document),
        };
    }

    /// <summary>A handler over a client that does not follow redirects, as dependency injection sets it up.</summary>
    public static HttpAttachmentHandler Handler(HttpAttachmentHandlerOptions? options = null) =>
        new(new HttpClient(HttpAttachmentHandler.CreateTransport()) { Timeout = Timeout.InfiniteTimeSpan }, options);

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
