using Kazoo.Storage.Attachments;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>Reads (<c>files/download</c>, POST, by id or by path) and deletes (<c>files/delete_v2</c>), including by a <see cref="IAttachmentHandler.Locate"/>d reference.</summary>
public sealed class FetchAndDeleteTests : DropboxTestContext
{
    [Fact]
    public async Task A_read_by_id_is_a_POST_to_the_content_host_naming_the_id()
    {
        using var content = Bytes(4096);
        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));

        var call = Dropbox.Calls.Last();
        Assert.Equal(("content", "POST", "files/download", null), (call.Host, call.Method, call.Function, call.ContentType));
        Assert.Equal($$"""{"path":"{{stored.BackendId}}"}""", call.Arg);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_located_reference_without_an_id_is_read_and_deleted_by_its_path()
    {
        var backend = Backend(fieldList: DbThenName());
        using var content = Bytes(3000);
        await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);
        var located = Handler.Locate(backend, Voicemail());
        Assert.Null(located.BackendId);
        var path = "/account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/" + VoicemailId + "_message.mp3";

        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, located));
        Assert.Equal($$"""{"path":"{{path}}"}""", Dropbox.Calls.Last().Arg);

        await Handler.DeleteAsync(backend, located, Cancel);

        var delete = Dropbox.Calls.Last();
        Assert.Equal(("api", "POST", "files/delete_v2", "application/json"), (delete.Host, delete.Method, delete.Function, delete.ContentType));
        Assert.Empty(Dropbox.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task Delete_by_id_removes_the_file_and_a_later_read_is_Dropboxs_not_found()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        await Handler.DeleteAsync(Backend(), stored, Cancel);

        Assert.Empty(Dropbox.Files);
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), stored, Cancel));
        Assert.Equal(409, failure.ErrorCode);
        Assert.Equal("path/not_found/..", failure.Reason);
        AssertNoViolations();
    }

    [Fact]
    public async Task Deleting_what_is_not_there_is_Dropboxs_path_lookup_not_found()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal(409, failure.ErrorCode);
        Assert.Equal("path_lookup/not_found/..", failure.Reason);
        Assert.Equal("path_lookup", failure.ErrorBody!.Value.GetProperty("error").GetProperty(".tag").GetString());
        AssertNoViolations();
    }

    [Fact]
    public async Task The_pointers_oauth_doc_id_is_used_to_read_as_Kazoo_fetches_with_the_stored_credentials()
    {
        const string Other = "99999999999999999999999999999999";
        Tokens.AddAccessToken(Other, Dropbox.IssueAccessToken());
        var stored = await Handler.PutAsync(Backend(oauthDocId: Other), Voicemail(), Bytes(100), "audio/mpeg", Cancel);
        Tokens.Remove(OAuthDocId);

        Assert.Equal(100, (await ReadAllAsync(Backend(), stored)).Length);
    }

    [Fact]
    public async Task A_download_streams_and_releases_its_connection_when_disposed()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel);

        Assert.Equal((false, 3L * MiB, false), await StreamAndDisposeAsync(Backend(), stored));
    }
}
