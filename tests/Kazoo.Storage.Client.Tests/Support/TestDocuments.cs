using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Support;

/// <summary>Storage documents built with the generated records.</summary>
internal static class TestDocuments
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public static StorageAttachmentHttp Http(string url = "https://files.example.com/vm", string name = "files") =>
        new() { Name = name, Settings = new StorageAttachmentHttpSettings { Url = url } };

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
        var attachments = new Dictionary<string, StorageAttachmentsEntry>();
        foreach (var (id, existing) in document.Attachments ?? new Dictionary<string, StorageAttachmentsEntry>())
        {
            attachments[id] = existing;
        }

        attachments[attachmentId] = entry;
        return document with { Attachments = attachments };
    }
}
