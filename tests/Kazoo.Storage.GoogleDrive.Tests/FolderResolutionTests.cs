using Kazoo.Storage.GoogleDrive.Tests.Support;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Spec §7.4: the Drive path from Kazoo's object name, folders looked up from root and created when missing, folder_id first.</summary>
public sealed class FolderResolutionTests : DriveTestContext
{
    private const string Folder = "application/vnd.google-apps.folder";

    [Fact]
    public async Task Folder_path_folders_are_created_on_first_upload_and_reused_after()
    {
        var backend = Backend(folderPath: "kazoo/voicemail");

        var first = await Handler.PutAsync(backend, Voicemail(name: "one.mp3"), Bytes(1000), "audio/mpeg", Cancel);
        Assert.Equal(2, Google.Drive.FoldersCreated);

        var second = await Handler.PutAsync(backend, Voicemail(name: "two.mp3"), Bytes(1000), "audio/mpeg", Cancel);
        Assert.Equal(2, Google.Drive.FoldersCreated);

        var one = Google.Drive.Find(first.BackendId!)!;
        var two = Google.Drive.Find(second.BackendId!)!;
        Assert.Equal("root/kazoo/voicemail", Google.Drive.PathOf(one.ParentId));
        Assert.Equal(one.ParentId, two.ParentId);
        Assert.Equal("202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0_one.mp3", one.Name);
        Assert.Equal("kazoo/voicemail/202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0_one.mp3", first.ObjectName);
        Assert.Equal(one.ParentId, first.Metadata["parent_id"]);
        Assert.Equal($"'root' in parents and name = 'kazoo' and mimeType = '{Folder}'", Google.Drive.Queries.First());
        AssertNoViolations();
    }

    [Fact]
    public async Task Folder_id_wins_over_the_folder_path_and_nothing_is_looked_up()
    {
        var target = Google.Drive.AddFolder("Kazoo recordings");

        var stored = await Handler.PutAsync(Backend(folderPath: "ignored/path", folderId: target.Id), Voicemail(), Bytes(500), "audio/mpeg", Cancel);

        Assert.Equal(target.Id, Google.Drive.Find(stored.BackendId!)!.ParentId);
        Assert.Equal(0, Google.Drive.FoldersCreated);
        Assert.Empty(Google.Drive.Queries);
        AssertNoViolations();
    }

    [Fact]
    public async Task Without_folders_the_file_is_docid_underscore_attachment_in_root()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        var file = Google.Drive.Find(stored.BackendId!)!;
        Assert.Equal("root", file.ParentId);
        Assert.Equal("202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0_message.mp3", file.Name);
        Assert.Empty(Google.Drive.Queries);
        AssertNoViolations();
    }

    [Fact]
    public async Task Existing_folders_made_by_a_user_are_found_not_duplicated()
    {
        var kazoo = Google.Drive.AddFolder("kazoo");
        var voicemail = Google.Drive.AddFolder("voicemail", kazoo.Id);

        var stored = await Handler.PutAsync(Backend(folderPath: "/kazoo//voicemail/"), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(voicemail.Id, Google.Drive.Find(stored.BackendId!)!.ParentId);
        Assert.Equal(0, Google.Drive.FoldersCreated);
        AssertNoViolations();
    }

    [Fact]
    public async Task Folder_names_with_quotes_and_backslashes_are_escaped_in_the_query()
    {
        var backend = Backend(folderPath: @"O'Brien\calls/it's ""done""");

        var first = await Handler.PutAsync(backend, Voicemail(name: "a.mp3"), Bytes(10), "audio/mpeg", Cancel);
        var second = await Handler.PutAsync(backend, Voicemail(name: "b.mp3"), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal(2, Google.Drive.FoldersCreated);
        var parent = Google.Drive.Find(first.BackendId!)!.ParentId;
        Assert.Equal(@"root/O'Brien\calls/it's ""done""", Google.Drive.PathOf(parent));
        Assert.Equal(parent, Google.Drive.Find(second.BackendId!)!.ParentId);
        Assert.Contains(@"name = 'O\'Brien\\calls'", Google.Drive.Queries.First(), StringComparison.Ordinal);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_failed_folder_creation_stores_in_the_deepest_folder_found()
    {
        Google.Drive.FailFolderCreation["b"] = true;

        var stored = await Handler.PutAsync(Backend(folderPath: "a/b/c"), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.Equal("root/a", Google.Drive.PathOf(Google.Drive.Find(stored.BackendId!)!.ParentId));
        Assert.Equal(1, Google.Drive.FoldersCreated);
        Assert.Contains(Logs.Lines, line => line.Contains("Could not look up or create Drive folder 'b'", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task Plan_params_field_list_and_separator_shape_the_path()
    {
        var backend = Backend() with
        {
            Settings = Backend().Settings with
            {
                FolderBasePath = "kazoo",
                FieldSeparator = "/",
                FieldList =
                [
                    new Kazoo.Storage.Models.StorageAttachmentsField { Arg = Kazoo.Storage.Models.StorageAttachmentsFieldArg.AccountId },
                    new Kazoo.Storage.Models.StorageAttachmentsField { Arg = Kazoo.Storage.Models.StorageAttachmentsFieldArg.Attachment },
                ],
            },
        };

        var stored = await Handler.PutAsync(backend, Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        var file = Google.Drive.Find(stored.BackendId!)!;
        Assert.Equal($"root/kazoo/{AccountId}", Google.Drive.PathOf(file.ParentId));
        Assert.Equal("message.mp3", file.Name);
        AssertNoViolations();
    }
}
