using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;

namespace StoragePlanEditor;

/// <summary>The change this sample makes: send call recordings of the account's MODBs to an HTTP backend.</summary>
public static class RecordingRoute
{
    /// <summary>
    /// Adds an HTTP attachment backend under a new 32-character id and points <c>plan.modb.types.call_recording</c>
    /// at it. Everything else in the document, including each entry's <c>_sig</c>, is left as it was.
    /// </summary>
    /// <param name="document">The storage document as read from Kazoo.</param>
    /// <param name="url">Where Kazoo should PUT the recordings.</param>
    /// <param name="backendId">The new backend's id: 32 lowercase hex characters (<c>Guid.ToString("N")</c>).</param>
    /// <returns>The changed document; <paramref name="document"/> itself is immutable and unchanged.</returns>
    public static StorageDocument SendRecordingsTo(StorageDocument document, string url, string backendId)
    {
        var backend = new StorageAttachmentHttp
        {
            Name = "Call recordings",
            Settings = new StorageAttachmentHttpSettings { Url = url, Verb = StorageAttachmentHttpSettingsVerb.Put },
        };
        var attachments = ReadOnlyJsonMap<StorageAttachmentsEntry>.From(document.Attachments) ?? ReadOnlyJsonMap<StorageAttachmentsEntry>.Empty;

        var plan = document.Plan ?? new StoragePlan();
        var modb = plan.Modb ?? new StoragePlanDatabase();
        var types = modb.Types ?? new StoragePlanDatabaseTypes();
        var recording = (types.CallRecording ?? new StoragePlanDatabaseDocument()) with
        {
            Attachments = new StoragePlanDatabaseAttachment { Handler = backendId },
        };

        return document with
        {
            Attachments = attachments.SetItem(backendId, backend),
            Plan = plan with { Modb = modb with { Types = types with { CallRecording = recording } } },
        };
    }
}
