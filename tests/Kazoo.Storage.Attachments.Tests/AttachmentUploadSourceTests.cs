using Kazoo.Storage.TestSupport;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>The one upload source handler authors share: counts, rewinds when it can, keeps the caller's failure, never disposes.</summary>
public sealed class AttachmentUploadSourceTests
{
    [Fact]
    public async Task A_seekable_stream_rewinds_to_where_the_upload_started_and_knows_its_length()
    {
        var inner = new MemoryStream([9, 9, 1, 2, 3, 4, 5]) { Position = 2 };
        var source = new AttachmentUploadSource(inner);

        var first = new byte[10];
        var read = await source.ReadAsync(first, Cancel);

        Assert.Equal(5, read);
        Assert.Equal(5, source.BytesRead);
        Assert.Equal(5, source.TotalLength);
        Assert.True(source.TryRewind());
        Assert.Equal(0, source.BytesRead);
        Assert.Equal(2, inner.Position);
        Assert.Equal(5, source.Read(first, 0, 10));
    }

    [Fact]
    public void A_forward_only_stream_can_be_sent_again_only_while_nothing_was_read()
    {
        var source = new AttachmentUploadSource(ForwardOnlyStream.Of([1, 2, 3]));

        Assert.Null(source.TotalLength);
        Assert.True(source.TryRewind());
        Assert.Equal(1, source.Read(new byte[1], 0, 1));
        Assert.False(source.TryRewind());
        Assert.False(source.CanSeek);
        Assert.Throws<NotSupportedException>(() => source.Length);
        Assert.Throws<NotSupportedException>(() => source.Position = 0);
    }

    [Fact]
    public async Task The_callers_failure_is_kept_and_rethrown_as_itself()
    {
        var source = new AttachmentUploadSource(new GeneratedStream(1000) { FailAfter = 10 });

        var failure = await Assert.ThrowsAsync<IOException>(async () => await source.CopyToAsync(Stream.Null, Cancel));

        Assert.True(source.ReadFailed);
        Assert.Same(failure, Assert.Throws<IOException>(source.ThrowIfReadFailed));
    }

    [Fact]
    public async Task Disposing_the_source_or_its_request_body_leaves_the_callers_stream_open()
    {
        var inner = new MemoryStream([1, 2, 3]);
        var source = new AttachmentUploadSource(inner);
        using (var content = source.CreateContent())
        {
            Assert.Equal(3, content.Headers.ContentLength);
            Assert.Equal([1, 2, 3], await content.ReadAsByteArrayAsync(Cancel));
        }

        await source.DisposeAsync();
        source.Dispose();

        Assert.True(inner.CanRead);
    }

    [Fact]
    public async Task A_request_body_is_sent_again_after_a_rewind_and_refused_when_the_stream_cannot_go_back()
    {
        var seekable = new AttachmentUploadSource(new MemoryStream([1, 2, 3]));
        var forward = new AttachmentUploadSource(ForwardOnlyStream.Of([1, 2, 3]));

        var twice = new List<byte[]>();
        for (var i = 0; i < 2; i++)
        {
            using var copy = new MemoryStream();
            await seekable.CreateContent().CopyToAsync(copy, Cancel);
            twice.Add(copy.ToArray());
        }

        await forward.CreateContent().CopyToAsync(Stream.Null, Cancel);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => forward.CreateContent().CopyToAsync(Stream.Null, Cancel));

        Assert.All(twice, bytes => Assert.Equal([1, 2, 3], bytes));
        Assert.Contains("cannot be sent again", again.Message);
        Assert.Null(forward.CreateContent().Headers.ContentLength);
    }

    [Fact]
    public void A_stream_that_cannot_be_read_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new AttachmentUploadSource(null!));
        var closed = new MemoryStream();
        closed.Dispose();
        Assert.Throws<ArgumentException>(() => new AttachmentUploadSource(closed));
    }
}
