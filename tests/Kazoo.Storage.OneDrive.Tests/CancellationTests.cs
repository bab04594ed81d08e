using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>Cancellation stops work at once; an interrupted session is deleted at Graph and a spool file is removed.</summary>
public sealed class CancellationTests : OneDriveTestContext
{
    [Fact]
    public async Task Cancelling_a_session_upload_midway_stops_it_and_deletes_the_session()
    {
        var (failure, _) = await PutCancelledAtAsync(Backend(), 10 * MiB, 3 * MiB, source => new LengthOnlyStream(source, 10 * MiB));

        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        var session = OnlySession;
        Assert.True(session.Cancelled);
        Assert.Null(session.ItemId);
        Assert.InRange(session.Received.Length, Fragment, 3 * MiB);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task Cancelling_while_content_of_unknown_length_is_spooled_sends_nothing_and_removes_the_spool_file()
    {
        var (failure, source) = await PutCancelledAtAsync(Backend(), 20 * MiB, 4 * MiB);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        Assert.InRange(source.BytesRead, 4 * MiB, 6 * MiB);
        Assert.Empty(Graph.Requests);
        AssertSpoolEmpty();
    }

    [Fact]
    public async Task An_already_cancelled_operation_sends_nothing()
    {
        var failures = await AlreadyCancelledAsync(Backend(), Handler.Locate(Backend(), Voicemail()) with { BackendId = "d/i" });

        Assert.All(failures, failure => Assert.IsAssignableFrom<OperationCanceledException>(failure));
        Assert.Empty(Graph.Requests);
        Assert.Equal(0, Microsoft.Identity.Grants);
    }

    [Fact]
    public async Task A_request_that_outlasts_the_request_timeout_is_reported_as_a_timeout_not_a_cancellation()
    {
        var handler = CreateHandler(new OneDriveAttachmentHandlerOptions
        {
            GraphBaseUri = Options.GraphBaseUri,
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });
        // Six reads of 400 ms each: the 300 ms timeout has long fired before the body could be sent, even on a busy machine.
        var source = new LengthOnlyStream(new GeneratedStream(480_000) { OnRead = _ => Thread.Sleep(400) }, 480_000);

        var failure = await Assert.ThrowsAsync<Attachments.AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Equal((500, "Socket error: timeout"), (failure.ErrorCode, failure.Reason));
        Assert.Empty(Graph.Files);
    }
}
