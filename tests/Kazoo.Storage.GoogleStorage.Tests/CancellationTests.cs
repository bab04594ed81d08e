using System.Diagnostics;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>Cancellation stops work at once; an interrupted resumable session is cancelled at Cloud Storage.</summary>
public sealed class CancellationTests : GcsTestContext
{
    [Fact]
    public async Task Cancelling_a_resumable_upload_midway_stops_it_and_cancels_the_session()
    {
        var (failure, stream) = await PutCancelledAtAsync(Backend(), 20 * MiB, 3 * MiB);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        var session = Assert.Single(Storage.Sessions.Values);
        Assert.True(session.Cancelled);
        Assert.Null(session.Result);
        Assert.InRange(session.Received.Length, 1, 4 * MiB);
        Assert.InRange(stream.BytesRead, 3 * MiB, (4 * MiB) + 1);
        Assert.Empty(Storage.Objects);
        AssertNoViolations();
    }

    [Fact]
    public async Task An_already_cancelled_operation_sends_nothing()
    {
        var failures = await AlreadyCancelledAsync(Backend(), Handler.Locate(Backend(), Voicemail()));

        Assert.All(failures, failure => Assert.IsAssignableFrom<OperationCanceledException>(failure));
        Assert.Empty(Storage.Requests);
    }

    [Fact]
    public async Task Cancelling_a_read_that_waits_for_its_answer_returns_at_once()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);
        Storage.DelayDownloads = TimeSpan.FromSeconds(30);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Handler.OpenReadAsync(Backend(), stored, cancellation.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_read_whose_answer_never_comes_fails_with_timeout_after_the_request_timeout()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);
        Storage.DelayDownloads = TimeSpan.FromSeconds(30);
        var options = NewOptions();
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => CreateHandler(options).OpenReadAsync(Backend(), stored, Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Socket error: timeout", failure.Reason);
    }
}
