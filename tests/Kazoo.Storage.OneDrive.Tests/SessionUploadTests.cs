using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.OneDrive.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>
/// Content above the threshold goes through an upload session: opened at Graph with the token, fragments of 640 KiB
/// (2 × 320 KiB) PUT to the session URL without it, resumed from what Graph holds after a failure.
/// </summary>
public sealed class SessionUploadTests : OneDriveTestContext
{
    private const int Length = 2 * MiB + 100; // three full fragments and a short one

    private static readonly string[] s_fragments =
    [
        "bytes 0-655359/2097252",
        "bytes 655360-1310719/2097252",
        "bytes 1310720-1966079/2097252",
        "bytes 1966080-2097251/2097252",
    ];

    [Fact]
    public async Task Large_content_goes_in_320_KiB_aligned_fragments_to_the_session_URL_and_comes_back_identical()
    {
        using var content = Bytes(Length);

        var stored = await Handler.PutAsync(Backend(path: "kazoo/recordings"), Voicemail("call.wav"), content, "audio/wav", Cancel);

        Assert.Equal([$"POST /v1.0/me/drive/root:/kazoo/recordings/{VoicemailId}_call.wav:/createUploadSession"], GraphRequests);
        var session = OnlySession;
        Assert.Equal(s_fragments, session.ContentRanges);
        Assert.Equal(Length, session.DeclaredSize);
        Assert.Equal("replace", session.ConflictBehavior);
        Assert.All(Graph.Requests.Where(r => r.Host == "content"), r => Assert.False(r.HadAuthorization));
        Assert.All(Graph.Requests.Where(r => r.Host == "graph"), r => Assert.True(r.HadAuthorization));
        Assert.Equal("session", stored.Metadata["upload"]);
        Assert.Equal(Length, stored.Length);
        Assert.Equal($"/kazoo/recordings/{VoicemailId}_call.wav", Graph.PathOf(session.ItemId!));
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));
        AssertNoViolations();
    }

    [Fact]
    public async Task Content_of_an_exact_number_of_fragments_ends_with_a_full_one()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), Bytes(2 * Fragment), "audio/mpeg", Cancel);

        Assert.Equal(["bytes 0-655359/1310720", "bytes 655360-1310719/1310720"], OnlySession.ContentRanges);
        Assert.Equal(1310720, stored.Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_session_replaces_a_file_of_that_path_as_a_simple_upload_does()
    {
        var small = await Handler.PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);
        using var large = Bytes(Length, seed: 3);

        var stored = await Handler.PutAsync(Backend(), Voicemail(), large, "audio/mpeg", Cancel);

        Assert.Equal(small.BackendId, stored.BackendId);
        Assert.Equal(large.ToArray(), Assert.Single(Graph.Files).Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_fragment_failing_with_503_is_resumed_from_what_the_session_holds()
    {
        Graph.FailFragmentOnce = 1;
        using var content = Bytes(Length);

        await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var session = OnlySession;
        Assert.Equal([s_fragments[0], s_fragments[1], s_fragments[1], s_fragments[2], s_fragments[3]], session.ContentRanges);
        Assert.Equal(1, session.StatusQueries);
        Assert.Equal(content.ToArray(), Assert.Single(Graph.Files).Content);
        Assert.Contains(Logs.Lines, line => line.Contains("resume attempt 1", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_fragment_whose_answer_was_lost_is_not_sent_again()
    {
        Graph.DropAnswerOfFragmentOnce = 1;
        using var content = Bytes(Length);

        await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var session = OnlySession;
        Assert.Equal(s_fragments, session.ContentRanges);
        Assert.Equal(1, session.StatusQueries);
        Assert.Equal(content.ToArray(), Assert.Single(Graph.Files).Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_fragment_Graph_says_it_lacks_is_sent_again_from_the_next_expected_byte()
    {
        Graph.LoseFragmentOnce = (2, Kept: 0);
        using var content = Bytes(Length);

        await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        Assert.Equal([s_fragments[0], s_fragments[1], s_fragments[2], s_fragments[2], s_fragments[3]], OnlySession.ContentRanges);
        Assert.Equal(content.ToArray(), Assert.Single(Graph.Files).Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task What_Graph_did_not_take_of_a_fragment_goes_first_in_the_next_one()
    {
        Graph.LoseFragmentOnce = (1, Kept: 320 * KiB);
        using var content = Bytes(Length);

        await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var session = OnlySession;
        Assert.Equal(
            [s_fragments[0], s_fragments[1], "bytes 983040-1638399/2097252", "bytes 1638400-2097251/2097252"],
            session.ContentRanges);
        Assert.Equal(0, session.StatusQueries);
        Assert.Equal(content.ToArray(), Assert.Single(Graph.Files).Content);
        AssertNoViolations();
    }

    [Fact]
    public async Task The_resume_attempts_count_the_failures_since_the_upload_last_made_progress()
    {
        Graph.FailFirstAttemptOfEachFragment = true;
        var handler = CreateHandler(
            new OneDriveAttachmentHandlerOptions
            {
                GraphBaseUri = Options.GraphBaseUri,
                SimpleUploadThreshold = Options.SimpleUploadThreshold,
                ChunkSize = Options.ChunkSize,
                ResumeDelay = TimeSpan.Zero,
                MaxResumeAttempts = 1,
            });
        using var content = Bytes(Length);

        await handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var session = OnlySession;
        Assert.Equal(s_fragments.SelectMany(fragment => new[] { fragment, fragment }), session.ContentRanges);
        Assert.Equal(4, session.StatusQueries);
        Assert.Equal(4, Logs.Lines.Count(line => line.Contains("resume attempt 1", StringComparison.Ordinal)));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains("resume attempt 2", StringComparison.Ordinal));
        Assert.Equal(content.ToArray(), Assert.Single(Graph.Files).Content);
        AssertNoViolations();
    }

    [Theory]
    [InlineData("0-", 0)]
    [InlineData("2097252-", 2097252)]
    public async Task A_next_expected_byte_outside_the_fragment_just_sent_fails_the_upload_and_deletes_the_session(string range, long next)
    {
        Graph.AnswerNextExpectedOfFragmentOnce = (1, range);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(), Voicemail(), Bytes(Length), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal($"Graph's upload session expects byte {next} where 1310720 of 2097252 were sent", failure.Reason);
        Assert.Equal([s_fragments[0], s_fragments[1]], OnlySession.ContentRanges);
        Assert.True(OnlySession.Cancelled);
        Assert.Empty(Graph.Files);
    }

    [Fact]
    public async Task A_session_that_keeps_failing_gives_up_after_the_resume_attempts_and_is_deleted()
    {
        Graph.FailEveryFragment = true;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => Handler.PutAsync(Backend(), Voicemail(), Bytes(Length), "audio/mpeg", Cancel));

        Assert.Equal(503, failure.ErrorCode);
        Assert.Equal("The service is not available. Try the request again after a delay.", failure.Reason);
        var session = OnlySession;
        Assert.Equal(Enumerable.Repeat(s_fragments[0], 4), session.ContentRanges);
        Assert.Equal(3, session.StatusQueries);
        Assert.True(session.Cancelled);
        Assert.Empty(Graph.Files);
        AssertNoViolations();
    }

    [Fact]
    public async Task No_resumes_are_made_when_the_options_allow_none()
    {
        Graph.FailFragmentOnce = 0;
        var handler = CreateHandler(new OneDriveAttachmentHandlerOptions
        {
            GraphBaseUri = Options.GraphBaseUri,
            SimpleUploadThreshold = Options.SimpleUploadThreshold,
            ChunkSize = Options.ChunkSize,
            MaxResumeAttempts = 0,
        });

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(Backend(), Voicemail(), Bytes(Length), "audio/mpeg", Cancel));

        Assert.Equal(503, failure.ErrorCode);
        Assert.Equal([s_fragments[0]], OnlySession.ContentRanges);
        Assert.True(OnlySession.Cancelled);
    }

    [Fact]
    public async Task A_drive_without_room_refuses_the_session_before_any_fragment()
    {
        Graph.QuotaRemaining = MiB;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(Length), "audio/mpeg", Cancel));

        Assert.Equal(507, failure.ErrorCode);
        Assert.Equal("Insufficient Space Available", failure.Reason);
        Assert.Equal("quotaLimitReached", failure.ErrorBody!.Value.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Graph.Sessions);
        AssertNoViolations();
    }

    [Fact]
    public async Task Fragments_of_the_largest_size_are_accepted()
    {
        var handler = CreateHandler(new OneDriveAttachmentHandlerOptions
        {
            GraphBaseUri = Options.GraphBaseUri,
            SimpleUploadThreshold = 0,
            ChunkSize = OneDriveAttachmentHandlerOptions.MaximumChunkSize,
        });
        const long Size = OneDriveAttachmentHandlerOptions.MaximumChunkSize + 1000L;

        var stored = await handler.PutAsync(Backend(), Voicemail(), new LengthOnlyStream(new GeneratedStream(Size), Size), "audio/mpeg", Cancel);

        Assert.Equal(["bytes 0-62586879/62587880", "bytes 62586880-62587879/62587880"], OnlySession.ContentRanges);
        await using var read = await handler.OpenReadAsync(Backend(), stored, Cancel);
        Assert.Equal(GeneratedStream.Sha256(Size), await SHA256.HashDataAsync(read, Cancel));
        AssertNoViolations();
    }
}
