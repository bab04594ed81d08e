using Kazoo.Storage.Attachments;
using Kazoo.Storage.TestSupport.OneDrive;
using Kazoo.Storage.OneDrive.Tests.Support;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>
/// Fetch by id (Kazoo's <c>/drives/{d}/items/{i}/content</c>) or by path for a located reference, following Graph's redirect
/// to the download URL without the token; delete by id or path.
/// </summary>
public sealed class FetchAndDeleteTests : OneDriveTestContext
{
    [Fact]
    public async Task A_fetch_by_id_follows_Graphs_redirect_to_the_download_URL_without_the_token()
    {
        using var content = Bytes(5000);
        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);
        var itemId = Assert.Single(Graph.Files).Id;

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));

        Assert.Equal($"GET /v1.0/drives/{Uri.EscapeDataString(FakeGraph.DriveId)}/items/{Uri.EscapeDataString(itemId)}/content", GraphRequests[^1]);
        var download = Graph.Requests.Last();
        Assert.Equal(("content", "GET", false), (download.Host, download.Method, download.HadAuthorization));
        Assert.StartsWith("/download/", download.Target, StringComparison.Ordinal);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_client_that_follows_redirects_itself_keeps_the_token_at_Graph_too()
    {
        using var http = new HttpClient(); // redirects followed by .NET, which drops the Authorization header on the way
        var handler = CreateHandler(Options, http: http);
        using var content = Bytes(5000);
        var stored = await handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored, handler));

        Assert.Contains(Graph.Requests, r => r is { Host: "content", HadAuthorization: false } && r.Target.StartsWith("/download/", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task Content_Graph_answers_directly_is_streamed_as_well()
    {
        Graph.AnswerContentDirectly = true;
        using var content = Bytes(5000);
        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));
        Assert.DoesNotContain(Graph.Requests, r => r.Host == "content");
    }

    [Fact]
    public async Task A_located_reference_is_read_and_deleted_by_its_path()
    {
        var backend = Backend(path: "kazoo/voicemail");
        using var content = Bytes(4096);
        await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);
        var located = Handler.Locate(backend, Voicemail());
        Assert.Null(located.BackendId);

        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, located));
        await Handler.DeleteAsync(backend, located, Cancel);

        Assert.Contains($"GET /v1.0/me/drive/root:/kazoo/voicemail/{VoicemailId}_message.mp3:/content", GraphRequests);
        Assert.Equal($"DELETE /v1.0/me/drive/root:/kazoo/voicemail/{VoicemailId}_message.mp3", GraphRequests[^1]);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task Delete_by_id_removes_the_file_and_a_later_fetch_is_Graphs_404()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        await Handler.DeleteAsync(Backend(), stored, Cancel);

        Assert.Empty(Graph.Files);
        Assert.StartsWith("DELETE /v1.0/drives/", GraphRequests[^1], StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), stored, Cancel));
        Assert.Equal(404, failure.ErrorCode);
        Assert.Equal("The resource could not be found.", failure.Reason);
        Assert.Equal("itemNotFound", failure.ErrorBody!.Value.GetProperty("error").GetProperty("code").GetString());
        AssertNoViolations();
    }

    [Fact]
    public async Task Deleting_what_is_not_there_is_Graphs_404()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal(404, failure.ErrorCode);
    }

    [Fact]
    public async Task A_located_reference_to_nothing_is_Graphs_404()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(path: "nowhere"), Handler.Locate(Backend(path: "nowhere"), Voicemail()), Cancel));

        Assert.Equal(404, failure.ErrorCode);
        Assert.Equal("The resource could not be found.", failure.Reason);
        Assert.Empty(Graph.Files);
    }

    [Fact]
    public async Task A_download_streams_and_releases_its_connection_when_disposed()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(3 * MiB), "audio/mpeg", Cancel);

        Assert.Equal((false, 3L * MiB, false), await StreamAndDisposeAsync(Backend(), stored));
    }

    [Fact]
    public async Task A_backend_id_that_is_not_drive_slash_item_is_refused()
    {
        var pointer = Handler.Locate(Backend(), Voicemail()) with { BackendId = "just-an-item-id" };

        await Assert.ThrowsAsync<ArgumentException>(() => Handler.OpenReadAsync(Backend(), pointer, Cancel));
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task The_pointers_oauth_id_is_used_to_fetch_as_Kazoo_fetches_with_the_settings_it_stored_with()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        // The plan now names another OAuth id (unknown to the registry); the pointer's still works.
        Assert.Equal(100, (await ReadAllAsync(Backend(oauthDocId: "00000000000000000000000000000000"), stored)).Length);
    }
}
