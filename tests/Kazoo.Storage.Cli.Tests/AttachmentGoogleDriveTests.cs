namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete through the google_drive kind, against the loopback Drive fake.</summary>
public sealed class AttachmentGoogleDriveTests : IDisposable
{
    private const string OAuthDocId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Put_get_and_delete_round_trip_through_Drive_each_a_new_invocation()
    {
        await using var google = await FakeGoogle.StartAsync(TimeProvider.System);
        var refreshToken = google.OAuth.CreateRefreshToken();
        var account = _files.Write("account.json", $$"""
            {
              "attachments": { "{{Documents.DriveId}}": { "handler": "google_drive", "settings": { "oauth_doc_id": "{{OAuthDocId}}" } } },
              "plan": { "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{Documents.DriveId}}" } } } } }
            }
            """);
        var credentials = _files.Write("google.json", $$"""
            {
              "{{OAuthDocId}}": {
                "client_id": "{{FakeOAuth.ClientId}}", "client_secret": "{{FakeOAuth.ClientSecret}}",
                "refresh_token": "{{refreshToken}}", "token_uri": "{{google.TokenEndpoint}}"
              }
            }
            """);
        var environment = new Dictionary<string, string> { ["KAZOO_GOOGLE_CREDENTIALS"] = credentials };
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        var input = _files.WriteBytes("message.mp3", content);
        var output = _files.PathOf("back.mp3");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var documentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string[] Voicemail(params string[] args) =>
            [.. args, "--account-doc", account, "--db", Documents.Modb, "--type", "mailbox_message", "--doc-id", documentId,
             "--attachment", "message.mp3", "--google-api", google.BaseUri.ToString(), "--json"];

        var put = await Tool.RunAsync(environment, Voicemail("attachment", "put", input));
        var stored = google.Drive.Items.Where(item => !item.IsFolder).ToList();
        // The reads know no Drive file id: the handler finds the file by Kazoo's name, as a later invocation must.
        var get = await Tool.RunAsync(environment, Voicemail("attachment", "get", "-o", output));
        var delete = await Tool.RunAsync(environment, Voicemail("attachment", "delete"));

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal($"{documentId}_message.mp3", put.Json.GetProperty("object_name").GetString());
        Assert.Equal("google_drive", put.Json.GetProperty("attachment_handler_kind").GetString());
        Assert.Equal(content.Length, put.Json.GetProperty("bytes").GetInt64());
        Assert.Equal(hash, put.Json.GetProperty("sha256").GetString());
        var file = Assert.Single(stored);
        Assert.Equal($"{documentId}_message.mp3", file.Name);
        Assert.Equal(content, file.Content);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(content, File.ReadAllBytes(output));
        Assert.Equal(hash, get.Json.GetProperty("sha256").GetString());
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.DoesNotContain(google.Drive.Items, item => !item.IsFolder);
        Assert.Empty(google.Violations);
        Assert.DoesNotContain(refreshToken, put.ToString() + get + delete);
        Assert.DoesNotContain(FakeOAuth.ClientSecret, put.ToString() + get + delete);
    }
}
