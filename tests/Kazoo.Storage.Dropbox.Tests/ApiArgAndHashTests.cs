using System.Text.Json;
using Kazoo.Storage.Dropbox.Api;
using Kazoo.Storage.TestSupport.Dropbox;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>The header-safe JSON Dropbox requires, and the content hash the handler computes as it reads.</summary>
public sealed class ApiArgAndHashTests
{
    [Fact]
    public void Non_ASCII_and_DEL_are_escaped_as_in_Dropboxs_JSON_encoding_reference()
    {
        var json = DropboxApiArg.HeaderSafe(DropboxApiArg.PathOnly("some_üñîcødé_and_\u007f"));

        Assert.Equal("""{"path":"some_\u00fc\u00f1\u00eec\u00f8d\u00e9_and_\u007f"}""", json);
    }

    [Fact]
    public void Characters_outside_the_basic_plane_become_surrogate_pair_escapes_that_decode_back()
    {
        const string Path = "/voicemail 🎙 \"quoted\" back\\slash <tag> +1.mp3";

        var json = DropboxApiArg.HeaderSafe(DropboxApiArg.Upload(Path, overwrite: false));

        Assert.True(json.All(c => c is >= ' ' and <= '~'), json);
        Assert.Contains("\\ud83c\\udf99", json, StringComparison.Ordinal);
        Assert.Contains("<tag> +1", json, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(Path, parsed.RootElement.GetProperty("path").GetString());
        Assert.Single(parsed.RootElement.EnumerateObject());
    }

    [Fact]
    public void Session_arguments_carry_the_cursor_and_the_commit()
    {
        Assert.Equal("""{"close":false}""", DropboxApiArg.SessionStart());
        Assert.Equal("""{"cursor":{"session_id":"pid_upload_session:abc","offset":262144},"close":false}""", DropboxApiArg.SessionAppend("pid_upload_session:abc", 262144));
        Assert.Equal(
            """{"cursor":{"session_id":"s","offset":5},"commit":{"path":"/a b","mode":"overwrite"}}""",
            DropboxApiArg.SessionFinish("s", 5, "/a b", overwrite: true));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(4 * 1024 * 1024, 65536)]
    [InlineData(4 * 1024 * 1024 + 1, 1_000_003)]
    [InlineData(9 * 1024 * 1024 + 17, 3 * 1024 * 1024)]
    public void The_content_hash_matches_Dropboxs_definition_however_the_bytes_arrive(int length, int piece)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        using var hasher = new ContentHasher();

        for (var start = 0; start < length; start += piece)
        {
            hasher.Append(content.AsSpan(start, Math.Min(piece, length - start)));
        }

        Assert.Equal(DropboxContentHash.Of(content), hasher.ToHex());
        Assert.Equal(length, hasher.Length);
    }

    [Fact]
    public void The_content_hash_of_nothing_is_the_SHA256_of_nothing_and_a_reset_starts_over()
    {
        using var hasher = new ContentHasher();
        hasher.Append([1, 2, 3]);
        hasher.Reset();

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hasher.ToHex());
        Assert.Throws<InvalidOperationException>(() => hasher.Append([1]));
    }
}
