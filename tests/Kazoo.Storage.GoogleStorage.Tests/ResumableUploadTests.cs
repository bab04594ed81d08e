using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>
/// Resumable sessions that go wrong: a failed, dropped, slow or partly kept chunk is resumed at the offset the session
/// reports; a session that keeps failing, or whose source fails, is cancelled at Cloud Storage.
/// </summary>
public sealed class ResumableUploadTests : GcsTestContext
{
    [Fact]
    public async Task A_chunk_failing_with_503_is_resumed_from_what_the_session_kept()
    {
        Storage.FailChunkOnce = 1;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel);

        var session = Assert.Single(Storage.Sessions.Values);
        Assert.Equal(["bytes 0-1048575/*", "bytes 1048576-2097151/*", "bytes */*", "bytes 1048576-2097151/*", "bytes 2097152-3145727/3145728"], session.ContentRanges);
        Assert.Equal(GeneratedStream.Sha256(3 * MiB), SHA256.HashData(await ReadAllAsync(Backend(), stored)));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_chunk_interrupted_by_a_dropped_connection_resumes_at_the_offset_the_session_reports()
    {
        // The fake reads chunk 1, keeps its first 512 KiB and drops the connection without answering.
        Storage.DropConnectionOnChunk = 1;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream((3 * MiB) + 5), "audio/mpeg", Cancel);

        var session = Assert.Single(Storage.Sessions.Values);
        Assert.Equal(
            ["bytes 0-1048575/*", "bytes 1048576-2097151/*", "bytes */*", "bytes 1572864-2621439/*", "bytes 2621440-3145732/3145733"],
            session.ContentRanges);
        Assert.Equal(GeneratedStream.Sha256((3 * MiB) + 5), SHA256.HashData(await ReadAllAsync(Backend(), stored)));
        Assert.Contains(Logs.Lines, line => line.Contains("Resumable chunk at offset 1048576 failed (500 Socket error", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_chunk_answered_too_late_times_out_and_the_upload_resumes_after_what_the_session_kept()
    {
        var options = NewOptions();
        options.RequestTimeout = TimeSpan.FromMilliseconds(700);
        var handler = CreateHandler(options);
        Storage.DelayChunk = (0, TimeSpan.FromSeconds(20));

        var stored = await handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB + 1), "audio/mpeg", Cancel);

        var session = Assert.Single(Storage.Sessions.Values);
        Assert.Equal(["bytes 0-1048575/*", "bytes */*", "bytes 1048576-2097151/*", "bytes 2097152-2097152/2097153"], session.ContentRanges);
        Assert.Equal(GeneratedStream.Sha256(2 * MiB + 1), SHA256.HashData(await ReadAllAsync(Backend(), stored, handler)));
        Assert.Contains(Logs.Lines, line => line.Contains("(500 Socket error: timeout)", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_chunk_the_session_kept_only_in_part_is_continued_from_the_first_byte_it_lacks()
    {
        Storage.KeepHalfOfChunk = 0;

        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream((2 * MiB) + 100), "audio/mpeg", Cancel);

        Assert.Equal(["bytes 0-1048575/*", "bytes 524288-1572863/*", "bytes 1572864-2097251/2097252"], Assert.Single(Storage.Sessions.Values).ContentRanges);
        Assert.Equal(GeneratedStream.Sha256((2 * MiB) + 100), SHA256.HashData(await ReadAllAsync(Backend(), stored)));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_session_that_keeps_failing_gives_up_after_the_resume_attempts_and_is_cancelled()
    {
        Storage.FailEveryChunk = true;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel));

        Assert.Equal(503, failure.ErrorCode);
        Assert.Equal("We encountered an internal error. Please try again.", failure.Reason);
        var session = Assert.Single(Storage.Sessions.Values);
        Assert.Equal(
            ["bytes 0-1048575/*", "bytes */*", "bytes 0-1048575/*", "bytes */*", "bytes 0-1048575/*", "bytes */*", "bytes 0-1048575/*"],
            session.ContentRanges);
        Assert.True(session.Cancelled);
        Assert.Contains(Storage.Requests, r => r.StartsWith($"DELETE /upload/storage/v1/b/{Bucket}/o?uploadType=resumable&upload_id=", StringComparison.Ordinal));
        Assert.Empty(Storage.Objects);
        AssertNoViolations();
    }

    [Fact]
    public async Task Without_resume_attempts_the_first_failed_chunk_fails_the_upload()
    {
        var options = NewOptions();
        options.MaxResumeAttempts = 0;
        Storage.FailChunkOnce = 0;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => CreateHandler(options).PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB), "audio/mpeg", Cancel));

        Assert.Equal(503, failure.ErrorCode);
        Assert.Equal(["bytes 0-1048575/*"], Assert.Single(Storage.Sessions.Values).ContentRanges);
        Assert.True(Storage.Sessions.Values.Single().Cancelled);
    }

    [Fact]
    public async Task A_failing_source_stream_fails_the_upload_with_its_own_exception_and_cancels_the_session()
    {
        var source = new GeneratedStream(4 * MiB) { FailAfter = (2 * MiB) + 10 };

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Contains("failed on purpose", failure.Message, StringComparison.Ordinal);
        var session = Assert.Single(Storage.Sessions.Values);
        Assert.True(session.Cancelled);
        Assert.Empty(Storage.Objects);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_failing_seekable_source_of_a_multipart_upload_fails_with_its_own_exception()
    {
        using var source = new FailingSeekableStream(new byte[50_000], failAt: 20_000);

        var failure = await Assert.ThrowsAsync<IOException>(() => Handler.PutAsync(Backend(), Voicemail(), source, "audio/mpeg", Cancel));

        Assert.Equal("disk gone", failure.Message);
        Assert.Empty(Storage.Objects);
    }

    [Fact]
    public async Task A_session_URI_on_another_host_is_refused_before_any_content_or_token_goes_there()
    {
        var requestsElsewhere = 0;
        await using var counting = await Kazoo.Storage.Testing.LoopbackServer.StartAsync(context =>
        {
            Interlocked.Increment(ref requestsElsewhere);
            context.Response.StatusCode = 308;
            return Task.CompletedTask;
        }, Cancel);
        Storage.SessionBaseUri = counting.BaseAddress;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB), "audio/mpeg", Cancel));

        Assert.Equal("Cloud Storage opened an upload session on another host", failure.Reason);
        Assert.Equal(0, Volatile.Read(ref requestsElsewhere));
    }

    /// <summary>A seekable stream whose reads fail past a position, like a file on a disk that went away.</summary>
    private sealed class FailingSeekableStream(byte[] content, int failAt) : Stream
    {
        private readonly MemoryStream _inner = new(content, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= failAt ? throw new IOException("disk gone") : _inner.Read(buffer, offset, (int)Math.Min(count, failAt - Position));

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
