using System.Security.Cryptography;
using Kazoo.Storage.TestSupport.OneDrive;
using Kazoo.Storage.OneDrive.Tests.Support;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>Content up to the threshold goes as Kazoo sends everything: one <c>PUT …:/content</c>.</summary>
public sealed class SimpleUploadTests : OneDriveTestContext
{
    [Fact]
    public async Task Small_content_goes_up_in_one_PUT_and_the_pointer_holds_the_drive_and_item_ids()
    {
        using var content = Bytes(100_000);
        var expected = content.ToArray();

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Empty(Graph.Sessions);
        var file = Assert.Single(Graph.Files);
        Assert.Equal(expected, file.Content);
        Assert.Equal("audio/mpeg", file.MimeType);
        Assert.Equal($"{FakeGraph.DriveId}/{file.Id}", stored.BackendId);
        Assert.Equal("onedrive", stored.HandlerKind);
        Assert.Equal(100_000, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.Equal("simple", stored.Metadata["upload"]);
        Assert.Equal(OAuthDocId, stored.Metadata["oauth_doc_id"]);
        Assert.Equal(FakeGraph.DriveId, stored.Metadata["drive_id"]);
        Assert.Equal(file.Id, stored.Metadata["item_id"]);
        Assert.Equal("100000", stored.Metadata["size"]);
        Assert.Equal(file.Name, stored.Metadata["name"]);
        Assert.Equal("/drive/root:", stored.Metadata["parentReference.path"]);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(expected)), stored.Metadata["file.hashes.sha256Hash"]);
        Assert.True(content.CanRead, "The caller's stream stays open.");
        Assert.Equal(expected, await ReadAllAsync(Backend(), stored));
        AssertNoViolations();
    }

    [Fact]
    public async Task The_pointer_keeps_no_download_URL_Graph_answered_with()
    {
        var stored = await Handler.PutAsync(Backend(path: "kazoo"), Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        Assert.DoesNotContain(stored.Metadata.Keys, key => key.StartsWith('@'));
        Assert.NotEmpty(Graph.UrlSecrets);
        foreach (var secret in Graph.UrlSecrets)
        {
            Assert.DoesNotContain(stored.Metadata.Values, value => value.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Equal("/drive/root:/kazoo", stored.Metadata["parentReference.path"]);
    }

    [Fact]
    public async Task Content_at_the_threshold_still_goes_in_one_PUT()
    {
        using var content = Bytes(MiB);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal("simple", stored.Metadata["upload"]);
        Assert.Empty(Graph.Sessions);
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));
    }

    [Fact]
    public async Task Storing_again_replaces_the_file_and_keeps_its_id()
    {
        var first = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100, seed: 1), "audio/mpeg", Cancel);
        using var newer = Bytes(300, seed: 2);

        var second = await Handler.PutAsync(Backend(), Voicemail(), newer, "audio/mpeg", Cancel);

        Assert.Equal(first.BackendId, second.BackendId);
        Assert.Equal(newer.ToArray(), Assert.Single(Graph.Files).Content);
        Assert.Equal(newer.ToArray(), await ReadAllAsync(Backend(), first));
        AssertNoViolations();
    }

    [Fact]
    public async Task Empty_content_is_an_empty_file()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new MemoryStream(), "audio/mpeg", Cancel);

        Assert.Empty(Assert.Single(Graph.Files).Content);
        Assert.Equal(0, stored.Length);
        Assert.Empty(await ReadAllAsync(Backend(), stored));
        AssertNoViolations();
    }

    [Fact]
    public async Task Content_from_the_middle_of_a_seekable_stream_is_sent_from_its_position()
    {
        using var content = Bytes(1000);
        content.Position = 400;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(content.ToArray()[400..], Assert.Single(Graph.Files).Content);
        Assert.Equal(600, stored.Length);
    }

    [Fact]
    public async Task A_missing_content_type_is_refused_before_anything_is_sent()
    {
        // The handler base class requires a MIME type of every handler: one rule for all kinds.
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "", Cancel));

        Assert.Equal("contentType", failure.ParamName);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task A_content_type_that_is_not_a_MIME_type_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "not a type", Cancel));

        Assert.Empty(Graph.Requests);
        Assert.Equal(0, Microsoft.Identity.Grants);
    }
}
