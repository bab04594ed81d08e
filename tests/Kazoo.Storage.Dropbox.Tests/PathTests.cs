using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Dropbox.Tests.Support;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>
/// Files land at Kazoo's path (spec §7.2, §7.6: <c>{"path": "/&lt;formatted path&gt;"}</c>), with Kazoo's percent-encoding
/// kept as text, non-ASCII escaped in the header, and the <c>path</c>/<c>folder_*</c> prefixes and field lists applied.
/// </summary>
public sealed class PathTests : DropboxTestContext
{
    [Fact]
    public async Task The_default_path_is_slash_docid_underscore_attachment()
    {
        using var content = Bytes(1000);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal(VoicemailId + "_message.mp3", stored.ObjectName);
        var call = Assert.Single(Dropbox.Calls);
        Assert.Equal("files/upload", call.Function);
        Assert.Equal($$"""{"path":"/{{VoicemailId}}_message.mp3","mode":"overwrite"}""", call.Arg);
        Assert.Equal(content.ToArray(), Dropbox.Find("/" + VoicemailId + "_message.mp3")!.Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_name_with_spaces_parentheses_accents_plus_and_percent_is_stored_under_Kazoos_encoding_and_read_back()
    {
        const string Name = "Voice mail (é) 1+1=100%.mp3";
        const string Expected = "/" + VoicemailId + "_Voice%20mail%20(é)%201%2B1%3D100%25.mp3";
        using var content = Bytes(5000);

        var stored = await Handler.PutAsync(Backend(), Voicemail(name: Name), content, "audio/mpeg", Cancel);

        var file = Dropbox.Find(Expected);
        Assert.NotNull(file);
        Assert.Equal(Expected, file.PathDisplay);
        Assert.Equal(Expected, "/" + AttachmentObjectName.Build(Backend(), Voicemail(name: Name)));
        var arg = Assert.Single(Dropbox.Calls).Arg!;
        Assert.Contains("(\\u00e9)", arg, StringComparison.Ordinal);
        Assert.True(arg.All(c => c is >= ' ' and <= '~'), arg);
        Assert.Equal(Expected, JsonDocument.Parse(arg).RootElement.GetProperty("path").GetString());

        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), Handler.Locate(Backend(), Voicemail(name: Name))));
        AssertNoViolations();
    }

    [Fact]
    public async Task An_MODB_database_name_in_the_field_list_stays_percent_encoded_in_one_path_segment()
    {
        var backend = Backend(fieldList: DbThenName());
        using var content = Bytes(2000);

        var stored = await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);

        const string Expected = "/account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/" + VoicemailId + "_message.mp3";
        Assert.Equal(Expected, Dropbox.Find(Expected)?.PathDisplay);
        Assert.Equal(Expected[1..], stored.ObjectName);
        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, Handler.Locate(backend, Voicemail())));
        AssertNoViolations();
    }

    [Fact]
    public async Task The_path_setting_is_a_folder_prefix()
    {
        var backend = Backend(extra: ("path", "kazoo/voicemail/"));

        await Handler.PutAsync(backend, Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        Assert.NotNull(Dropbox.Find("/kazoo/voicemail/" + VoicemailId + "_message.mp3"));
        AssertNoViolations();
    }

    [Fact]
    public async Task Folder_base_path_and_folder_path_join_and_a_leading_slash_is_not_doubled()
    {
        var backend = Backend(folderBasePath: "/Kazoo", extra: ("folder_path", "recordings"));

        var stored = await Handler.PutAsync(backend, Voicemail(name: "call.wav"), Bytes(100), "audio/wav", Cancel);

        // Kazoo would send "//Kazoo/recordings/…", which Dropbox refuses as a malformed path.
        Assert.Equal("/Kazoo/recordings/" + VoicemailId + "_call.wav", stored.ObjectName);
        Assert.Equal("/Kazoo/recordings/" + VoicemailId + "_call.wav", Dropbox.Find("/kazoo/recordings/" + VoicemailId + "_call.wav")?.PathDisplay);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_field_list_that_makes_an_empty_segment_is_Dropboxs_malformed_path()
    {
        var backend = Backend(extra: ("path", "kazoo//voicemail"));

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(backend, Voicemail(), Bytes(100), "audio/mpeg", Cancel));

        Assert.Equal(409, failure.ErrorCode);
        Assert.Equal("path/malformed_path/..", failure.Reason);
        Assert.Empty(Dropbox.Files);
    }
}
