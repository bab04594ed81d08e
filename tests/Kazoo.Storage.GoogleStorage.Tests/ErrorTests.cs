using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.GoogleStorage.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>Cloud Storage's failures as Kazoo's <c>invalid</c> error (spec §3.3), and settings that cannot work.</summary>
public sealed class ErrorTests : GcsTestContext
{
    [Fact]
    public async Task A_missing_object_is_Cloud_Storages_404_with_its_message_and_body_in_Kazoos_invalid_shape()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal("google_storage", failure.HandlerKind);
        var error = failure.ToValidationError(AttachmentId);
        Assert.Equal("attachments." + AttachmentId, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(404, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal($"No such object: {Bucket}/{VoicemailId}_message.mp3", error.Detail.GetProperty("message").GetString());
        var body = error.Detail.GetProperty("error_body");
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal(404, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("notFound", body.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
        AssertNoViolations();
    }

    [Fact]
    public async Task Deleting_a_missing_object_is_Cloud_Storages_404()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(Backend(), Handler.Locate(Backend(), Voicemail()), Cancel));

        Assert.Equal(404, failure.ErrorCode);
        Assert.StartsWith("No such object: ", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_Cloud_Storage_does_not_have_is_its_404()
    {
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(bucket: "no-such-bucket"), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(404, failure.ErrorCode);
        Assert.Equal("The specified bucket does not exist.", failure.Reason);
        AssertNoViolations();
    }

    [Fact]
    public async Task Settings_without_a_bucket_fail_clearly_before_anything_is_sent()
    {
        var backend = Backend(bucket: null);
        var located = Handler.Locate(backend, Voicemail());

        var put = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(backend, Voicemail(), Bytes(10), "audio/mpeg", Cancel));
        var read = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.OpenReadAsync(backend, located, Cancel));
        var delete = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.DeleteAsync(backend, located, Cancel));

        foreach (var failure in new[] { put, read, delete })
        {
            Assert.Equal(500, failure.ErrorCode);
            Assert.StartsWith("settings.bucket is missing", failure.Reason, StringComparison.Ordinal);
        }

        Assert.False(located.Metadata.ContainsKey("bucket"));
        Assert.Empty(Storage.Requests);
    }

    [Fact]
    public async Task A_bucket_that_is_not_a_string_counts_as_missing()
    {
        var settings = Backend().Settings with { ExtensionData = Serialization.JsonExtensionData.Empty.With("bucket", JsonSerializer.SerializeToElement(42)) };

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend() with { Settings = settings }, Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.StartsWith("settings.bucket is missing", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2 * 1024 * 1024)]
    public async Task A_refused_upload_carries_Cloud_Storages_status_and_message(int length)
    {
        Storage.FailUploads = (403, "kazoo@example.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object.", "forbidden");

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(length), "audio/mpeg", Cancel));

        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal("kazoo@example.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object.", failure.Reason);
        Assert.Equal("forbidden", failure.ErrorBody!.Value.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Empty(Storage.Sessions);
        AssertNoViolations();
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(2 * 1024 * 1024)]
    public async Task An_object_that_does_not_match_what_was_sent_fails_the_upload_and_is_deleted(int length)
    {
        Storage.CorruptNextUpload = true;

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => Handler.PutAsync(Backend(), Voicemail(), new GeneratedStream(length), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.StartsWith("Upload verification failed: md5Hash ", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(Storage.Objects);
        Assert.Contains(Storage.Requests, r => r.StartsWith($"DELETE /storage/v1/b/{Bucket}/o/{VoicemailId}_message.mp3?generation=", StringComparison.Ordinal));
        AssertNoViolations();
    }

    [Fact]
    public async Task With_verification_off_a_mismatch_is_not_looked_for()
    {
        var options = NewOptions();
        options.VerifyUploads = false;
        Storage.CorruptNextUpload = true;

        var stored = await CreateHandler(options).PutAsync(Backend(), Voicemail(), Bytes(100), "audio/mpeg", Cancel);

        Assert.NotNull(Storage.Find(Bucket, stored.ObjectName));
    }

    [Fact]
    public async Task A_content_type_that_is_not_a_MIME_type_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "not a type", Cancel));

        Assert.Empty(Storage.Requests);
    }

    [Fact]
    public async Task A_missing_content_type_is_refused_before_anything_is_sent()
    {
        // The handler base class requires a MIME type of every handler: one rule for all kinds.
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => Handler.PutAsync(Backend(), Voicemail(), Bytes(10), "", Cancel));

        Assert.Equal("contentType", failure.ParamName);
        Assert.Null(Storage.Find(Bucket, Handler.Locate(Backend(), Voicemail()).ObjectName));
        AssertNoViolations();
    }

    [Fact]
    public async Task An_entry_of_another_kind_is_refused_by_the_untyped_interface()
    {
        IAttachmentHandler handler = Handler;
        var s3 = new Models.StorageAttachmentAws { Settings = new Models.StorageAttachmentAwsSettings { Bucket = "b", Key = "k", Secret = "s" } };

        Assert.False(handler.CanHandle(s3));
        Assert.True(handler.CanHandle(Backend()));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.PutAsync(s3, Voicemail(), Bytes(10), "audio/mpeg", Cancel));
    }

    [Fact]
    public async Task An_unreachable_service_is_a_socket_error()
    {
        var options = NewOptions();
        options.BaseUri = Loopback.ClosedUrl();

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => CreateHandler(options).PutAsync(Backend(), Voicemail(), Bytes(10), "audio/mpeg", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Socket error: econnrefused", failure.Reason);
    }
}
