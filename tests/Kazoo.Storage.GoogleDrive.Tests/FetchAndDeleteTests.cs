using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Fetch with <c>alt=media</c> (by file id, or by path when the pointer has none) and delete.</summary>
public sealed class FetchAndDeleteTests : DriveTestContext
{
    [Fact]
    public async Task A_pointer_without_a_file_id_is_found_by_its_path_without_creating_folders()
    {
        var backend = Backend(folderPath: "kazoo/voicemail");
        using var content = Bytes(4096);
        await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);
        var foldersBefore = Google.Drive.FoldersCreated;

        var located = Handler.Locate(backend, Voicemail());
        Assert.Null(located.BackendId);

        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, located));
        Assert.Equal(foldersBefore, Google.Drive.FoldersCreated);
        Assert.Contains(Google.Drive.Queries, q => q.EndsWith("and mimeType != 'application/vnd.google-apps.folder'", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_pointer_without_a_file_id_takes_the_newest_file_of_that_name()
    {
        var backend = Backend();
        await Handler.PutAsync(backend, Voicemail(), Bytes(100, seed: 1), "audio/mpeg", Cancel);
        using var newer = Bytes(100, seed: 2);
        await Handler.PutAsync(backend, Voicemail(), newer, "audio/mpeg", Cancel);

        Assert.Equal(newer.ToArray(), await ReadAllAsync(backend, Handler.Locate(backend, Voicemail())));
    }

    [Fact]
    public async Task A_path_whose_folder_does_not_exist_is_not_found_and_nothing_is_created()
    {
        var backend = Backend(folderPath: "nowhere");

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(backend, Handler.Locate(backend, Voicemail()), Cancel));

        Assert.Equal(404, failure.ErrorCode);
        Assert.Equal(0, Google.Drive.FoldersCreated);
    }

    [Fact]
    public async Task Delete_removes_the_file_and_a_later_fetch_is_Drives_404()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        await Handler.DeleteAsync(Backend(), stored, Cancel);

        Assert.Null(Google.Drive.Find(stored.BackendId!));
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), stored, Cancel));
        Assert.Equal(404, failure.ErrorCode);
        Assert.Equal($"File not found: {stored.BackendId}.", failure.Reason);
        Assert.Contains($"DELETE /drive/v3/files/{stored.BackendId}", Google.Drive.Requests);
        AssertNoViolations();
    }

    [Fact]
    public async Task Delete_by_path_removes_the_newest_file_of_that_name()
    {
        var backend = Backend(folderPath: "kazoo");
        var stored = await Handler.PutAsync(backend, Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        await Handler.DeleteAsync(backend, Handler.Locate(backend, Voicemail()), Cancel);

        Assert.Null(Google.Drive.Find(stored.BackendId!));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_download_streams_and_releases_its_connection_when_disposed()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel);

        Assert.Equal((false, 3L * MiB, false), await StreamAndDisposeAsync(Backend(), stored));
    }
}
