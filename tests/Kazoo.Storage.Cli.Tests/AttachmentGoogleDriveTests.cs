namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete through the google_drive kind, against the loopback Drive fake.</summary>
public sealed class AttachmentGoogleDriveTests : CliTest
{
    [Fact]
    public async Task Put_get_and_delete_round_trip_through_Drive_each_a_new_invocation()
    {
        await using var google = await FakeGoogle.StartAsync(TimeProvider.System);
        var refreshToken = google.OAuth.CreateRefreshToken();
        var account = Files.Write("account.json", Documents.Voicemails(Documents.DriveId, Documents.DriveEntry));
        var environment = new Dictionary<string, string> { ["KAZOO_OAUTH_CREDENTIALS"] = Files.Write("google.json", Documents.DriveCredentials(google, refreshToken)) };
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        var documentId = Documents.NewId();
        var name = $"{documentId}_message.mp3";

        // The reads know no Drive file id: the handler finds the file by Kazoo's name, as a later invocation must.
        var runs = await AttachmentRuns.AssertRoundTripAsync(
            Files,
            content,
            ["--account-doc", account, .. Documents.Voicemail(documentId), "--google-api", google.BaseUri.ToString()],
            name,
            "google_drive",
            () => Task.FromResult(google.Drive.Items.Any(item => !item.IsFolder && item.Name == name && item.Content.SequenceEqual(content))),
            environment);

        Assert.DoesNotContain(google.Drive.Items, item => !item.IsFolder);
        Assert.Empty(google.Violations);
        Assert.DoesNotContain(refreshToken, string.Join('\n', runs));
        Assert.DoesNotContain(FakeOAuth.ClientSecret, string.Join('\n', runs));
    }
}
