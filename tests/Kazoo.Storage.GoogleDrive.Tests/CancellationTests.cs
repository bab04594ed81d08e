using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Cancellation stops work at once, and an interrupted resumable session is cancelled at Drive.</summary>
public sealed class CancellationTests : DriveTestContext
{
    [Fact]
    public async Task Cancelling_a_resumable_upload_midway_stops_it_and_cancels_the_session()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var stream = new GeneratedStream(20 * 1024 * 1024)
        {
            OnRead = total =>
            {
                if (total >= 3 * 1024 * 1024)
                {
                    cancellation.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Handler.PutAsync(Backend(), Voicemail(), stream, "audio/mpeg", cancellation.Token));

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.True(session.Cancelled);
        Assert.Null(session.FileId);
        Assert.InRange(session.Received.Length, 1, 4 * 1024 * 1024);
        Assert.DoesNotContain(Google.Drive.Items, item => !item.IsFolder);
        AssertNoViolations();
    }

    [Fact]
    public async Task An_already_cancelled_operation_sends_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Handler.PutAsync(Backend(folderPath: "kazoo"), Voicemail(), Bytes(10), "audio/mpeg", cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Handler.OpenReadAsync(Backend(), Handler.Locate(Backend(), Voicemail()) with { BackendId = "1abc" }, cancellation.Token));

        Assert.Empty(Google.Drive.Requests);
    }

    [Fact]
    public async Task Cancelling_while_folders_are_resolved_does_not_store_the_file_elsewhere()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var handler = CreateHandler(Options, new CancellingTokens(Credentials, cancellation, afterCalls: 2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.PutAsync(Backend(folderPath: "a/b/c"), Voicemail(), Bytes(10), "audio/mpeg", cancellation.Token));

        Assert.Empty(Google.Drive.Uploads);
    }

    /// <summary>Cancels the operation when asked for the n-th token, as a caller giving up midway would.</summary>
    private sealed class CancellingTokens(Credentials.IGoogleDriveTokenProvider inner, CancellationTokenSource source, int afterCalls) : Credentials.IGoogleDriveTokenProvider
    {
        private int _calls;

        public ValueTask<string> GetAccessTokenAsync(string oauthDocId, CancellationToken cancellationToken = default)
        {
            if (++_calls > afterCalls)
            {
                source.Cancel();
            }

            return inner.GetAccessTokenAsync(oauthDocId, cancellationToken);
        }
    }
}
