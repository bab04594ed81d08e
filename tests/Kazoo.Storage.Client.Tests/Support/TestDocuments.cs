using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Support;

/// <summary>Storage documents built with the generated records.</summary>
internal static class TestDocuments
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public static StorageAttachmentHttp Http(string url = "https://files.example.com/vm", string name = "files") =>
        new() { Name = name, Settings = new StorageAttachmentHttpSettings { Url = url } };

    /// <summary>
    /// An http backend with the schema's defaults written out (<c>verb: put</c>, <c>base64_encode_data: false</c>). The emulator
    /// adds missing defaults after a PATCH has sorted the keys, so an entry saved without them is stored out of order, and
    /// the next PATCH, sorting it again, changes its signature and probes it once more; with them its stored shape is final.
    /// </summary>
    public static StorageAttachmentHttp HttpWithDefaults(string url = "https://files.example.com/vm") =>
        Http(url) with { Settings = new StorageAttachmentHttpSettings { Url = url, Verb = StorageAttachmentHttpSettingsVerb.Put, Base64EncodeData = false } };

    public static StorageAttachmentAws S3(string bucket = "voicemail-bucket", string key = "AKIAEXAMPLEKEY", string secret = "s3-secret-value-123") =>
        new() { Name = "s3", Settings = new StorageAttachmentAwsSettings { Bucket = bucket, Key = key, Secret = secret } };

    /// <summary>One attachment backend, and the plan storing new voicemails there.</summary>
    public static StorageDocument WithAttachment(string attachmentId, StorageAttachmentsEntry entry) => new()
    {
        Attachments = new Dictionary<string, StorageAttachmentsEntry> { [attachmentId] = entry },
        Plan = VoicemailsTo(attachmentId),
    };

    public static StoragePlan VoicemailsTo(string attachmentId) => new()
    {
        Modb = new StoragePlanDatabase
        {
            Types = new StoragePlanDatabaseTypes
            {
                MailboxMessage = new StoragePlanDatabaseDocument { Attachments = new StoragePlanDatabaseAttachment { Handler = attachmentId } },
            },
        },
    };

    /// <summary>The same document with one more attachment entry.</summary>
    public static StorageDocument AddAttachment(StorageDocument document, string attachmentId, StorageAttachmentsEntry entry)
    {
        var attachments = CopyAttachments(document);
        attachments[attachmentId] = entry;
        return document with { Attachments = attachments };
    }

    /// <summary>The same document without one attachment entry.</summary>
    public static StorageDocument RemoveAttachment(StorageDocument document, string attachmentId)
    {
        var attachments = CopyAttachments(document);
        attachments.Remove(attachmentId);
        return document with { Attachments = attachments };
    }

    private static Dictionary<string, StorageAttachmentsEntry> CopyAttachments(StorageDocument document) =>
        new(document.Attachments ?? new Dictionary<string, StorageAttachmentsEntry>());
}
