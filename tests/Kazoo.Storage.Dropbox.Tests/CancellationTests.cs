using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Dropbox.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.Dropbox.Tests;

/// <summary>Cancellation stops an upload midway (nothing is committed), and an already-cancelled call sends nothing.</summary>
public sealed class CancellationTests : DropboxTestContext
{
    [Fact]
    public async Task Cancelling_a_session_upload_midway_stops_it_before_anything_is_committed()
    {
        var (failure, stream) = await PutCancelledAtAsync(Backend(), 20 * MiB, MiB);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        var session = Assert.Single(Dropbox.Sessions.Values);
        Assert.False(session.Finished);
        Assert.InRange(session.Received.Length, 256 * KiB, 2 * MiB);
        Assert.InRange(stream.BytesRead, MiB, 2 * MiB);
        Assert.Empty(Dropbox.Files);
        Assert.DoesNotContain("files/upload_session/finish", Functions());
        AssertNoViolations();
    }

    [Fact]
    public async Task Cancelling_a_single_call_upload_while_its_body_streams_stores_nothing()
    {
        var (failure, _) = await PutCancelledAtAsync(Backend(), MiB, 64 * KiB, source => new SeekableWrapper(source, MiB));

        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        Assert.Empty(Dropbox.Files);
    }

    [Fact]
    public async Task An_already_cancelled_operation_sends_nothing()
    {
        var failures = await AlreadyCancelledAsync(Backend(), Handler.Locate(Backend(), Voicemail()));

        Assert.All(failures, failure => Assert.IsAssignableFrom<OperationCanceledException>(failure));
        Assert.Empty(Dropbox.Calls);
        Assert.Equal(0, Dropbox.Grants);
    }

    [Fact]
    public async Task Cancelling_while_a_token_is_fetched_is_a_cancellation_not_an_oauth_failure()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var tokens = new OAuthTokenRegistry().Add(OAuthDocId, async token =>
        {
            await cancellation.CancelAsync();
            token.ThrowIfCancellationRequested();
            return "never";
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateHandler(Options, tokens).PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", cancellation.Token));

        Assert.Empty(Dropbox.Calls);
    }

    /// <summary>Makes a forward-only stream claim it can seek and has a length, so the handler takes the single-call path.</summary>
    private sealed class SeekableWrapper(Stream inner, long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
