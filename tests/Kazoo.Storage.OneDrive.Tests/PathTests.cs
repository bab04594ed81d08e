using System.Net.Http.Headers;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>
/// Where files go: Kazoo's object name (spec §7.2) under the drive root, as Graph reads Kazoo's own URL (decoded once, an
/// encoded slash separating folders), sent with each segment percent-encoded.
/// </summary>
public sealed class PathTests : OneDriveTestContext
{
    [Fact]
    public async Task The_default_name_is_docid_underscore_attachment_at_the_drive_root()
    {
        using var content = Bytes(1000);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal($"{VoicemailId}_message.mp3", stored.ObjectName);
        Assert.Equal([$"PUT /v1.0/me/drive/root:/{VoicemailId}_message.mp3:/content"], GraphRequests);
        Assert.Equal($"/{VoicemailId}_message.mp3", Graph.PathOf(Assert.Single(Graph.Files).Id));
        Assert.Equal($"/{VoicemailId}_message.mp3", stored.Metadata["path"]);
        AssertNoViolations();
    }

    [Fact]
    public async Task Spaces_parentheses_accents_plus_and_percent_are_sent_encoded_and_stored_as_Graph_decodes_Kazoos_name()
    {
        const string Name = "message (1) é+%.mp3";
        using var content = Bytes(1000);

        var stored = await Handler.PutAsync(Backend(), Voicemail(Name), content, "audio/mpeg", Cancel);

        // Kazoo's object name, percent-encoded value by value; Graph decodes it once.
        Assert.Equal($"{VoicemailId}_message%20(1)%20é%2B%25.mp3", stored.ObjectName);
        Assert.Equal(AttachmentObjectName.Build(Backend(), Voicemail(Name)), stored.ObjectName);
        Assert.Equal([$"PUT /v1.0/me/drive/root:/{VoicemailId}_message%20%281%29%20%C3%A9%2B%25.mp3:/content"], GraphRequests);
        Assert.Equal($"{VoicemailId}_message (1) é+%.mp3", Assert.Single(Graph.Files).Name);
        AssertNoViolations();
    }

    [Theory]
    [InlineData(1000, "simple", false)]
    [InlineData(2 * MiB + 100, "session", false)]
    [InlineData(1000, "simple", true)]
    [InlineData(2 * MiB + 100, "session", true)]
    public async Task A_name_with_spaces_parentheses_accents_plus_percent_and_hash_round_trips_by_id_and_by_path(int length, string mode, bool modbFolders)
    {
        const string Name = "take #2 (final) é+100%.wav";
        var backend = modbFolders ? Backend(fieldList: ModbFieldList) : Backend(path: "kazoo/voice mail");
        using var content = Bytes(length);

        var stored = await Handler.PutAsync(backend, Voicemail(Name), content, "audio/wav", Cancel);

        Assert.Equal(mode, stored.Metadata["upload"]);
        Assert.Equal(AttachmentObjectName.Build(backend, Voicemail(Name)), stored.ObjectName);
        var folder = modbFolders ? "/account/3a/9c/1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401" : "/kazoo/voice mail";
        Assert.Equal($"{folder}/{VoicemailId}_take #2 (final) é+100%.wav", Graph.PathOf(Assert.Single(Graph.Files).Id));
        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, stored));
        var located = Handler.Locate(backend, Voicemail(Name));
        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, located));
        await Handler.DeleteAsync(backend, located, Cancel);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Theory]
    [InlineData("kazoo/voicemail", null, null, "/kazoo/voicemail/")]
    [InlineData("/kazoo/", null, null, "/kazoo/")]
    [InlineData("my recordings", null, null, "/my recordings/")]
    [InlineData(null, "kazoo", "voicemail/2024", "/kazoo/voicemail/2024/")]
    [InlineData(null, "kazoo", "/archive", "/archive/")]
    [InlineData(null, null, "calls", "/calls/")]
    public async Task Path_and_folder_prefixes_become_folders_Graph_creates(string? path, string? folderBasePath, string? folderPath, string expectedFolder)
    {
        var backend = Backend(path, folderBasePath, folderPath);
        using var content = Bytes(1000);

        var stored = await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(AttachmentObjectName.Build(backend, Voicemail()), stored.ObjectName);
        Assert.Equal($"{expectedFolder}{VoicemailId}_message.mp3", Graph.PathOf(Assert.Single(Graph.Files).Id));
        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, Handler.Locate(backend, Voicemail())));
        AssertNoViolations();
    }

    [Fact]
    public async Task An_MODB_name_in_the_field_list_makes_folders_as_Graph_reads_its_encoded_slashes()
    {
        var backend = Backend(fieldList: ModbFieldList);
        using var content = Bytes(1000);

        var stored = await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal($"account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/{VoicemailId}_message.mp3", stored.ObjectName);
        Assert.Equal($"/account/3a/9c/1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/{VoicemailId}_message.mp3", Graph.PathOf(Assert.Single(Graph.Files).Id));
        Assert.Equal(
            [$"PUT /v1.0/me/drive/root:/account/3a/9c/1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/{VoicemailId}_message.mp3:/content"],
            GraphRequests);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_MODB_database_is_not_part_of_the_default_name()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel);

        Assert.DoesNotContain("account", stored.ObjectName, StringComparison.Ordinal);
        Assert.Equal(KazooDatabaseName.Modb(AccountId, 2024, 1), Voicemail().Database);
    }

    [Theory]
    [InlineData("message (1) é+%.mp3", false)]
    [InlineData("message.mp3", true)]
    public async Task A_file_Kazoo_stored_with_its_own_URL_is_found_by_a_located_reference(string name, bool modbFolders)
    {
        var backend = modbFolders ? Backend(fieldList: ModbFieldList) : Backend(path: "kazoo");
        var objectName = AttachmentObjectName.Build(backend, Voicemail(name));
        var bytes = Bytes(5000).ToArray();

        // What kz_att_onedrive sends: the object name pasted into the URL as it is.
        using (var kazoo = new HttpRequestMessage(HttpMethod.Put, Microsoft.GraphBaseUri.AbsoluteUri + "me/drive/root:/" + objectName + ":/content"))
        {
            kazoo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Tokens.GetAccessTokenAsync(OAuthDocId, Cancel));
            kazoo.Content = new ByteArrayContent(bytes);
            kazoo.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
            using var answer = await Http.SendAsync(kazoo, Cancel);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync(Cancel));
        }

        var located = Handler.Locate(backend, Voicemail(name));
        Assert.Null(located.BackendId);
        Assert.Equal(bytes, await ReadAllAsync(backend, located));

        await Handler.DeleteAsync(backend, located, Cancel);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_name_OneDrive_does_not_allow_is_refused_by_Graph_as_Kazoos_would_be()
    {
        // Kazoo leaves '*' unencoded; OneDrive allows no '*' in names.
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(), Voicemail("take*2.mp3"), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(400, failure.ErrorCode);
        Assert.Contains("does not allow", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_name_with_a_dot_segment_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Handler.PutAsync(Backend(path: "kazoo/.."), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Empty(Graph.Requests);
    }

    private static IReadOnlyList<StorageAttachmentsField> ModbFieldList =>
    [
        new() { Arg = "db" },
        new() { Group = [new() { Arg = "id" }, new() { Const = "_" }, new() { Arg = "attachment" }] },
    ];
}
