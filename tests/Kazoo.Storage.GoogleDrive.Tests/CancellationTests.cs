using Kazoo.Storage.GoogleDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>Cancellation stops work at once, and an interrupted resumable session is cancelled at Drive.</summary>
public sealed class CancellationTests : DriveTestContext
{
    [Fact]
    public async Task Cancelling_a_resumable_upload_midway_stops_it_and_cancels_the_session()
    {
        var (failure, stream) = await PutCancelledAtAsync(Backend(), 20 * MiB, 3 * MiB);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        var session = Assert.Single(Google.Drive.Sessions.Values);
        Assert.True(session.Cancelled);
        Assert.Null(session.FileId);
        Assert.InRange(session.Received.Length, 1, 4 * MiB);
        Assert.DoesNotContain(Google.Drive.Items, item => !item.IsFolder);
        AssertNoViolations();
    }

    [Fact]
    public async Task An_already_cancelled_operation_sends_nothing()
    {
        var failures = await AlreadyCancelledAsync(Backend(folderPath: "kazoo"), Handler.Locate(Backend(folderPath: "kazoo"), Voicemail()) with { BackendId = "1abc" });

        Assert.All(failures, failure => Assert.IsAssignableFrom<OperationCanceledException>(failure));
        Assert.Empty(Google.Drive.Requests);
    }

    [Fact]
    public async Task Cancelling_while_folders_are_resolved_does_not_store_the_file_elsewhere()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var handler = CreateHandler(Options, new CancellingTokens(Tokens, cancellation, afterCalls: 2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.PutAsync(Backend(folderPath: "a/b/c"), Voicemail(), Bytes(10), "audio/mpeg", cancellation.Token));

        Assert.Empty(Google.Drive.Uploads);
    }

    /// <summary>Cancels the operation when asked for the n-th token, as a caller giving up midway would.</summary>
    private sealed class CancellingTokens(Kazoo.Storage.Attachments.OAuth.IOAuthTokenProvider inner, CancellationTokenSource source, int afterCalls) : Kazoo.Storage.Attachments.OAuth.IOAuthTokenProvider
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
