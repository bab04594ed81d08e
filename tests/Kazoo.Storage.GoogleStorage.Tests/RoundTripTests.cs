using System.Diagnostics;
using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>
/// Put, read back byte-identical and delete: multipart for small content, resumable sessions for large or unknown-length
/// content, under Kazoo's object names (spec §7.2) with awkward characters and MODB database names.
/// </summary>
public sealed class RoundTripTests : GcsTestContext
{
    [Fact]
    public async Task Small_content_goes_up_as_one_multipart_request_and_comes_back_identical()
    {
        using var content = Bytes(100_000);
        var expected = content.ToArray();

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var name = VoicemailId + "_message.mp3";
        Assert.Equal([("multipart", Bucket, name)], Storage.Uploads);
        Assert.Empty(Storage.Sessions);
        Assert.Contains($"POST /upload/storage/v1/b/{Bucket}/o?uploadType=multipart", Storage.Requests);
        var item = Storage.Find(Bucket, name)!;
        Assert.Equal(expected, item.Content);
        Assert.Equal("audio/mpeg", item.ContentType);

        Assert.Equal("google_storage", stored.HandlerKind);
        Assert.Equal(name, stored.ObjectName);
        Assert.Equal(Storage.MediaLink(item), stored.BackendId);
        Assert.Equal(100_000, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.Equal("multipart", stored.Metadata["upload"]);
        Assert.Equal(OAuthDocId, stored.Metadata["oauth_doc_id"]);
        Assert.Equal(Bucket, stored.Metadata["bucket"]);
        Assert.Equal(item.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Metadata["generation"]);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(expected)), stored.Metadata["md5Hash"]);
        Assert.True(content.CanRead, "The caller's stream stays open.");

        Assert.Equal(expected, await ReadAllAsync(Backend(), stored));
        Assert.Contains(Storage.Requests, r => r.StartsWith("GET /download/storage/v1/b/", StringComparison.Ordinal));

        await Handler.DeleteAsync(Backend(), stored, Cancel);
        Assert.Null(Storage.Find(Bucket, name));
        Assert.Contains($"DELETE /storage/v1/b/{Bucket}/o/{name}", Storage.Requests);
        AssertNoViolations();
    }

    [Fact]
    public async Task Twenty_MiB_from_a_forward_only_stream_goes_up_resumably_in_chunks_and_hashes_identical_on_read()
    {
        const long Length = 20L * MiB;
        var options = NewOptions();
        options.ChunkSize = 4 * MiB;
        var handler = CreateHandler(options);
        var watch = Stopwatch.StartNew();

        var stored = await handler.PutAsync(Backend(), Voicemail(name: "call recording.wav"), new GeneratedStream(Length), "audio/wav", Cancel);
        var uploaded = watch.Elapsed;

        var session = Assert.Single(Storage.Sessions.Values);
        Assert.Null(session.DeclaredLength);
        Assert.Equal(
            [
                "bytes 0-4194303/*",
                "bytes 4194304-8388607/*",
                "bytes 8388608-12582911/*",
                "bytes 12582912-16777215/*",
                "bytes 16777216-20971519/20971520",
            ],
            session.ContentRanges);
        Assert.Equal("resumable", stored.Metadata["upload"]);
        Assert.Equal(Length, stored.Length);
        Assert.Equal(VoicemailId + "_call%20recording.wav", stored.ObjectName);

        watch.Restart();
        await using var download = await handler.OpenReadAsync(Backend(), stored, Cancel);
        var hash = await SHA256.HashDataAsync(download, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"20 MiB over loopback: upload {uploaded.TotalMilliseconds:F0} ms, download+hash {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(GeneratedStream.Sha256(Length), hash);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_resumable_upload_holds_at_most_one_chunk_of_the_callers_stream()
    {
        const long Length = 6L * MiB;
        var furthestAhead = 0L;
        var stream = new GeneratedStream(Length)
        {
            OnRead = read =>
            {
                var kept = Storage.Sessions.Values.SingleOrDefault()?.Received.Length ?? 0;
                furthestAhead = Math.Max(furthestAhead, read - kept);
            },
        };

        await Handler.PutAsync(Backend(), Voicemail(), stream, "audio/mpeg", Cancel);

        // One chunk plus the one byte that tells whether it is the last.
        Assert.InRange(furthestAhead, 1, Options.ChunkSize + 1);
        Assert.Equal(Length, Storage.Objects.Single().Content.Length);
    }

    [Fact]
    public async Task Seekable_content_above_the_threshold_declares_its_length_in_the_session_and_every_chunk()
    {
        using var content = Bytes((2 * MiB) + (MiB / 2));

        var stored = await Handler.PutAsync(Backend(), Voicemail(), content, "audio/mpeg", Cancel);

        var session = Assert.Single(Storage.Sessions.Values);
        Assert.Equal(2_621_440, session.DeclaredLength);
        Assert.Equal(["bytes 0-1048575/2621440", "bytes 1048576-2097151/2621440", "bytes 2097152-2621439/2621440"], session.ContentRanges);
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));
        AssertNoViolations();
    }

    [Fact]
    public async Task Content_of_an_exact_number_of_chunks_ends_with_a_full_last_chunk()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(2 * MiB), "audio/mpeg", Cancel);

        Assert.Equal(["bytes 0-1048575/*", "bytes 1048576-2097151/2097152"], Assert.Single(Storage.Sessions.Values).ContentRanges);
        Assert.Equal(GeneratedStream.Sha256(2 * MiB), SHA256.HashData(await ReadAllAsync(Backend(), stored)));
        AssertNoViolations();
    }

    [Fact]
    public async Task Empty_content_of_unknown_length_completes_the_session_with_a_zero_total()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(0), "audio/mpeg", Cancel);

        Assert.Equal(["bytes */0"], Assert.Single(Storage.Sessions.Values).ContentRanges);
        Assert.Empty(await ReadAllAsync(Backend(), stored));
        Assert.Equal(0, stored.Length);
        AssertNoViolations();
    }

    [Fact]
    public async Task Empty_seekable_content_goes_up_as_a_multipart_request_with_an_empty_media_part()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new MemoryStream(), "audio/mpeg", Cancel);

        Assert.Equal("multipart", stored.Metadata["upload"]);
        Assert.Empty(Storage.Find(Bucket, stored.ObjectName)!.Content);
        AssertNoViolations();
    }

    [Theory]
    [InlineData("voicemail message.mp3", "voicemail%20message.mp3", 5_000)]
    [InlineData("récap (v2)+final%.wav", "récap%20(v2)%2Bfinal%25.wav", 5_000)]
    [InlineData("récap (v2)+final%.wav", "récap%20(v2)%2Bfinal%25.wav", (3 * MiB) + 17)]
    [InlineData("a/b:c?d#e.mp3", "a%2Fb%3Ac%3Fd%23e.mp3", 2 * MiB)]
    public async Task Awkward_attachment_names_are_stored_under_Kazoos_name_and_read_and_deleted_by_it(string attachment, string encoded, int length)
    {
        using var content = Bytes(length);

        var stored = await Handler.PutAsync(Backend(), Voicemail(name: attachment), content, "audio/mpeg", Cancel);

        // Kazoo percent-encodes the values (spec §7.2); the JSON API path encodes the whole name once more as one segment.
        var name = VoicemailId + "_" + encoded;
        Assert.Equal(name, stored.ObjectName);
        Assert.Equal(content.ToArray(), Storage.Find(Bucket, name)!.Content);
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), stored));
        Assert.Equal(content.ToArray(), await ReadAllAsync(Backend(), Handler.Locate(Backend(), Voicemail(name: attachment))));
        Assert.Contains($"GET /storage/v1/b/{Bucket}/o/{Uri.EscapeDataString(name)}?alt=media", Storage.Requests);

        await Handler.DeleteAsync(Backend(), Handler.Locate(Backend(), Voicemail(name: attachment)), Cancel);
        Assert.Empty(Storage.Objects);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_field_list_with_the_MODB_database_keeps_its_encoded_slashes_in_one_object_name()
    {
        var settings = Backend().Settings with
        {
            FieldList = [new Models.StorageAttachmentsField { Arg = "db" }, new Models.StorageAttachmentsField { Group = [new Models.StorageAttachmentsField { Arg = "id" }, new Models.StorageAttachmentsField { Const = "_" }, new Models.StorageAttachmentsField { Arg = "attachment" }] }],
        };
        var backend = Backend() with { Settings = settings };
        using var content = Bytes(3000);

        var stored = await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);

        var name = $"account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401/{VoicemailId}_message.mp3";
        Assert.Equal(name, stored.ObjectName);
        Assert.Equal(content.ToArray(), Storage.Find(Bucket, name)!.Content);
        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, Handler.Locate(backend, Voicemail())));
        Assert.Contains($"GET /storage/v1/b/{Bucket}/o/account%252F3a%252F9c%252F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401%2F{VoicemailId}_message.mp3?alt=media", Storage.Requests);
        AssertNoViolations();
    }

    [Theory]
    [InlineData("path", "kazoo/voicemail/", null, null, "kazoo/voicemail/")]
    [InlineData(null, null, "tenants", "acme/vm", "tenants/acme/vm/")]
    [InlineData(null, null, null, "/vm", "/vm/")]
    public async Task Path_and_folder_settings_prefix_the_object_name_as_Kazoo_does(string? pathMember, string? path, string? folderBasePath, string? folderPath, string prefix)
    {
        var extra = new List<(string, string)>();
        if (pathMember is not null)
        {
            extra.Add((pathMember, path!));
        }

        if (folderPath is not null)
        {
            extra.Add(("folder_path", folderPath));
        }

        var backend = Backend(folderBasePath: folderBasePath, settings: [.. extra]);
        using var content = Bytes(1000);

        var stored = await Handler.PutAsync(backend, Voicemail(), content, "audio/mpeg", Cancel);

        var name = prefix + VoicemailId + "_message.mp3";
        Assert.Equal(name, stored.ObjectName);
        Assert.Equal(content.ToArray(), Storage.Find(Bucket, name)!.Content);
        Assert.Equal(content.ToArray(), await ReadAllAsync(backend, Handler.Locate(backend, Voicemail())));
        AssertNoViolations();
    }

    [Fact]
    public async Task A_second_put_of_the_same_attachment_replaces_the_object_and_the_first_pointer_no_longer_reads()
    {
        var first = await Handler.PutAsync(Backend(), Voicemail(), Bytes(500, seed: 1), "audio/mpeg", Cancel);
        using var newer = Bytes(500, seed: 2);
        var second = await Handler.PutAsync(Backend(), Voicemail(), newer, "audio/mpeg", Cancel);

        Assert.NotEqual(first.BackendId, second.BackendId);
        Assert.Equal(newer.ToArray(), await ReadAllAsync(Backend(), second));
        Assert.Equal(newer.ToArray(), await ReadAllAsync(Backend(), Handler.Locate(Backend(), Voicemail())));

        // The first pointer's mediaLink names its generation, which the bucket (not versioned) no longer has.
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => ReadAllAsync(Backend(), first));
        Assert.Equal(404, failure.ErrorCode);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_download_streams_from_the_connection_and_releases_it_when_disposed()
    {
        var stored = await Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(3 * MiB), "audio/mpeg", Cancel);

        var stream = await Handler.OpenReadAsync(Backend(), stored, Cancel);
        Assert.IsType<HttpResponseStream>(stream);
        Assert.False(stream.CanSeek);
        Assert.Equal(3 * MiB, stream.Length);
        var buffer = new byte[10];
        Assert.Equal(10, await stream.ReadAtLeastAsync(buffer, 10, cancellationToken: Cancel));
        await stream.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
    }
}
