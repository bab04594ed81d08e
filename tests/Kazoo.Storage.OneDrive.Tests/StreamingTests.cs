using System.Diagnostics;
using System.Security.Cryptography;
using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>
/// The caller's stream is read once and never held whole in memory. Graph needs the size first: a stream that tells it is
/// sent as it is (and held to it); one that cannot and is longer than a fragment is copied to a temporary file first.
/// </summary>
public sealed class StreamingTests : OneDriveTestContext
{
    [Fact]
    public async Task Twenty_MiB_from_a_forward_only_stream_is_spooled_sent_in_fragments_and_hashes_identical_on_read()
    {
        const long Length = 20L * MiB;
        var source = new GeneratedStream(Length);
        var watch = Stopwatch.StartNew();

        var stored = await Handler.PutAsync(Backend(), Voicemail("call.wav"), source, "audio/wav", Cancel);
        var uploaded = watch.Elapsed;

        Assert.Equal(Length, source.BytesRead);
        Assert.Equal(32, OnlySession.ContentRanges.Count);
        Assert.Equal("bytes 0-655359/20971520", OnlySession.ContentRanges[0]);
        Assert.Equal("bytes 20316160-20971519/20971520", OnlySession.ContentRanges[^1]);
        Assert.Equal(Length, stored.Length);
        Assert.Contains(Logs.Lines, line => line.Contains("temporary file", StringComparison.Ordinal));
        AssertSpoolEmpty();

        watch.Restart();
        await using var download = await Handler.OpenReadAsync(Backend(), stored, Cancel);
        var hash = await SHA256.HashDataAsync(download, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"20 MiB over loopback: spool + upload {uploaded.TotalMilliseconds:F0} ms, download + hash {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(GeneratedStream.Sha256(Length), hash);
        AssertNoViolations();
    }

    [Theory]
    [InlineData(500_000, "simple", false)]
    [InlineData(900 * KiB, "simple", true)]
    [InlineData(3 * MiB, "session", true)]
    public async Task A_forward_only_stream_is_spooled_only_when_it_is_longer_than_one_fragment(int length, string mode, bool spooled)
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(length), "audio/mpeg", Cancel);

        Assert.Equal(mode, stored.Metadata["upload"]);
        Assert.Equal(spooled, Logs.Lines.Any(line => line.Contains("temporary file", StringComparison.Ordinal)));
        Assert.Equal(GeneratedStream.Sha256(length), SHA256.HashData(Assert.Single(Graph.Files).Content));
        AssertSpoolEmpty();
        AssertNoViolations();
    }

    [Fact]
    public async Task A_stream_that_reports_its_length_without_seeking_is_sent_without_spooling()
    {
        const int Length = 3 * MiB;
        var source = new GeneratedStream(Length);

        await Handler.PutAsync(Backend(), Voicemail(), new LengthOnlyStream(source, Length), "audio/mpeg", Cancel);

        Assert.DoesNotContain(Logs.Lines, line => line.Contains("temporary file", StringComparison.Ordinal));
        Assert.Equal(5, OnlySession.ContentRanges.Count);
        Assert.Equal(GeneratedStream.Sha256(Length), SHA256.HashData(Assert.Single(Graph.Files).Content));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_session_upload_reads_at_most_one_fragment_ahead_of_what_Graph_has_received()
    {
        const int Length = 8 * MiB;
        long furthestAhead = 0;
        var source = new LengthOnlyStream(new GeneratedStream(Length)
        {
            OnRead = total =>
            {
                var received = Graph.Sessions.Values.SingleOrDefault()?.Received.Length ?? 0;
                furthestAhead = Math.Max(furthestAhead, total - received);
            },
        }, Length);

        await Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel);

        Assert.Equal(13, OnlySession.ContentRanges.Count);
        Assert.InRange(furthestAhead, 1, Fragment);
        Assert.Equal(GeneratedStream.Sha256(Length), SHA256.HashData(Assert.Single(Graph.Files).Content));
    }

    [Fact]
    public async Task A_stream_shorter_than_its_length_fails_and_its_session_is_deleted()
    {
        var source = new LengthOnlyStream(new GeneratedStream(2 * MiB), 3 * MiB);

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Contains("ended after 2097152 bytes, but its length said 3145728", failure.Message, StringComparison.Ordinal);
        Assert.True(OnlySession.Cancelled);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_stream_longer_than_its_length_fails_before_its_last_fragment_is_sent()
    {
        var source = new LengthOnlyStream(new GeneratedStream(3 * MiB), 2 * MiB);

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Contains("more than the 2097152 bytes", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, OnlySession.ContentRanges.Count);
        Assert.True(OnlySession.Cancelled);
        Assert.Empty(Graph.Files);
    }

    [Fact]
    public async Task A_small_stream_longer_than_its_length_fails_without_storing_a_cut_off_file()
    {
        var source = new LengthOnlyStream(new GeneratedStream(100_001), 100_000);

        await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Empty(Graph.Files);
    }

    [Fact]
    public async Task A_source_failing_midway_through_a_session_is_reported_as_its_own_failure_and_the_session_is_deleted()
    {
        var source = new LengthOnlyStream(new GeneratedStream(3 * MiB) { FailAfter = 1500 * KiB }, 3 * MiB);

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Contains("failed on purpose", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, OnlySession.ContentRanges.Count);
        Assert.True(OnlySession.Cancelled);
        Assert.Empty(Graph.Files);
    }

    [Fact]
    public async Task A_source_failing_during_a_simple_upload_is_reported_as_its_own_failure()
    {
        var source = new LengthOnlyStream(new GeneratedStream(800 * KiB) { FailAfter = 300 * KiB }, 800 * KiB);

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Contains("failed on purpose", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Graph.Files);
    }

    [Fact]
    public async Task A_source_of_unknown_length_failing_while_it_is_spooled_sends_nothing_and_leaves_no_file()
    {
        var source = new GeneratedStream(5 * MiB) { FailAfter = 2 * MiB };

        await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Empty(Graph.Requests);
        AssertSpoolEmpty();
    }

    [Fact]
    public async Task A_missing_temporary_folder_fails_an_upload_that_needs_it_before_anything_is_sent()
    {
        var handler = CreateHandler(new OneDriveAttachmentHandlerOptions
        {
            GraphBaseUri = Options.GraphBaseUri,
            ChunkSize = Options.ChunkSize,
            TemporaryDirectory = Path.Combine(SpoolDirectory, "missing"),
        });

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(MiB), "audio/mpeg", Cancel));

        Assert.Empty(Graph.Requests);
    }
}
