using System.Text.Json;
using Kazoo.Storage.Models;
using StoragePlanEditor;

namespace Kazoo.Storage.Tests.Samples;

public sealed class RecordingRouteTests
{
    private const string BackendId = "403f90f67d1b71341f2ea6426eed3d90";

    [Fact]
    public void Routing_recordings_adds_the_backend_and_points_the_plan_at_it()
    {
        var document = Read("spec-get-account-storage.json");

        var changed = RecordingRoute.SendRecordingsTo(document, "https://rec.example.com/kazoo", BackendId);

        var backend = Assert.IsType<StorageAttachmentHttp>(changed.Attachments![BackendId]);
        Assert.Equal("https://rec.example.com/kazoo", backend.Settings.Url);
        Assert.Equal(BackendId, changed.Plan!.Modb!.Types!.CallRecording!.Attachments!.Handler);
        Assert.Equal("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b", changed.Plan.Modb.Types.MailboxMessage!.Attachments!.Handler);
    }

    [Fact]
    public void Routing_recordings_leaves_the_signed_entry_byte_identical()
    {
        var document = Read("spec-get-account-storage.json");
        var before = Entry(document, "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b");

        var changed = RecordingRoute.SendRecordingsTo(document, "https://rec.example.com/kazoo", BackendId);

        Assert.Equal(before, Entry(changed, "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"));
        Assert.Contains("\"_sig\":\"3b1f0c4d2e8a9b7c6d5e4f3a2b1c0d9e\"", before);
    }

    [Fact]
    public void Routing_recordings_works_on_an_empty_document()
    {
        var changed = RecordingRoute.SendRecordingsTo(new StorageDocument(), "https://rec.example.com/kazoo", BackendId);

        Assert.Single(changed.Attachments!);
        Assert.Equal(BackendId, changed.Plan!.Modb!.Types!.CallRecording!.Attachments!.Handler);
    }

    private static StorageDocument Read(string name) =>
        JsonSerializer.Deserialize<StorageDocument>(Models.ExampleDocuments.Read(name), KazooStorageJson.Options)!;

    private static string Entry(StorageDocument document, string id) =>
        JsonSerializer.Serialize(document.Attachments![id], KazooStorageJson.Options);
}
