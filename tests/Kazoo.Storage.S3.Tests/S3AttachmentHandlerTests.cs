using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.S3.Tests.Support;

namespace Kazoo.Storage.S3.Tests;

/// <summary>Put, read, delete and the settings probe against a real radosgw, at Kazoo's object names.</summary>
public sealed class S3AttachmentHandlerTests(RadosGateway gateway) : IClassFixture<RadosGateway>
{
    private const string AccountId = "4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static AttachmentLocation Voicemail(string name = "message.mp3") =>
        new(KazooDatabaseName.Modb(AccountId, 2024, 1), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), name);

    [Fact]
    public async Task Put_stores_at_kazoos_key_with_the_content_type_and_returns_the_pointer_metadata()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var location = Voicemail();
        var bytes = Encoding.UTF8.GetBytes("a short voicemail, really");

        StoredAttachment stored;
        using (var content = new MemoryStream(bytes))
        {
            stored = await handler.PutAsync(gateway.Entry(), location, content, "audio/mpeg", Cancel);
        }

        // Kazoo's default S3 name: {db}/{docid}_{attachment}, the MODB name percent-encoded (spec §7.2).
        var expectedKey = $"account%2F4e%2F9f%2F3c2a1b0d4c8e9f7a6b5c4d3e2f1a-202401/{location.DocumentId}_message.mp3";
        Assert.Equal("s3", stored.HandlerKind);
        Assert.Equal(expectedKey, stored.ObjectName);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), stored.Metadata["etag"]);
        Assert.DoesNotContain('"', stored.Metadata["etag"]);
        Assert.Contains("x-amz-request-id", stored.Metadata.Keys);
        Assert.All(stored.Metadata.Keys, key => Assert.True(key == "etag" || key.StartsWith("x-amz-", StringComparison.Ordinal), key));

        // What the server holds, seen with the plain AWS SDK: the literal key (the %2F kept), the bytes and the type.
        Assert.True(await gateway.ExistsAsync(expectedKey));
        var head = await gateway.Raw.GetObjectMetadataAsync(gateway.Bucket, expectedKey, Cancel);
        Assert.Equal("audio/mpeg", head.Headers.ContentType);
        Assert.Equal(bytes.Length, head.ContentLength);
    }

    [Fact]
    public async Task OpenRead_streams_back_what_was_put_and_Delete_removes_it()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var entry = gateway.Entry();
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        StoredAttachment stored;
        using (var content = new MemoryStream(bytes))
        {
            stored = await handler.PutAsync(entry, Voicemail("greeting.wav"), content, "audio/wav", Cancel);
        }

        await using (var read = await handler.OpenReadAsync(entry, stored, Cancel))
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy, Cancel);
            Assert.Equal(bytes, copy.ToArray());
        }

        await handler.DeleteAsync(entry, stored, Cancel);
        Assert.False(await gateway.ExistsAsync(stored.ObjectName));

        var missing = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(entry, stored, Cancel));
        Assert.Equal(404, missing.ErrorCode);
        var body = Assert.IsType<JsonElement>(missing.ErrorBody);
        Assert.Equal(JsonValueKind.String, body.ValueKind);
        Assert.Contains("<Code>NoSuchKey</Code>", body.GetString(), StringComparison.Ordinal);
        Assert.Equal(ExpectedReason(body.GetString()!), missing.Reason);
    }

    [Fact]
    public async Task An_empty_attachment_is_stored_and_read_back_empty()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var entry = gateway.Entry();
        var stored = await handler.PutAsync(entry, Voicemail("empty.txt"), Stream.Null, "text/plain", Cancel);
        Assert.Equal(0, stored.Length);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", stored.Metadata["etag"]);
        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        Assert.Equal(-1, read.ReadByte());
    }

    [Fact]
    public async Task Reads_an_object_kazoo_stored_under_its_modb_key_layout()
    {
        gateway.Require();
        // As Kazoo would have written it: PUT with the literal key, percent signs and all.
        var docId = "aeda82c7d1e04b1f9c2d3e4f5a6b7c8d";
        var name = "c669e0d7b1a24c3f8e9d0a1b2c3d4e5f_test_credentials_file.txt";
        var kazooKey = $"account%2F4e%2F9f%2F3c2a1b0d4c8e9f7a6b5c4d3e2f1a-202401/{docId}_{name}";
        await gateway.Raw.PutObjectAsync(new PutObjectRequest { BucketName = gateway.Bucket, Key = kazooKey, ContentBody = "some random content: c669", ContentType = "text/plain" }, Cancel);

        using var handler = new S3AttachmentHandler();
        var entry = gateway.Entry();
        var stored = handler.Locate(entry, new AttachmentLocation(KazooDatabaseName.Modb(AccountId, 2024, 1), docId, name));
        Assert.Equal(kazooKey, stored.ObjectName);

        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        using var text = new StreamReader(read);
        Assert.Equal("some random content: c669", await text.ReadToEndAsync(Cancel));
    }

    [Fact]
    public async Task A_folder_path_setting_prefixes_the_key()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        // folder_path is a setting Kazoo's handlers read but its schema does not declare: the record keeps it as extension data.
        var settings = gateway.Entry().Settings;
        var entry = gateway.Entry() with { Settings = settings with { ExtensionData = settings.ExtensionData.With("folder_path", System.Text.Json.JsonSerializer.SerializeToElement("kazoo/voicemail")) } };
        var location = Voicemail();
        var stored = await handler.PutAsync(entry, location, new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel);
        Assert.StartsWith("kazoo/voicemail/account%2F4e%2F9f%2F", stored.ObjectName, StringComparison.Ordinal);
        Assert.True(await gateway.ExistsAsync(stored.ObjectName));
    }

    [Fact]
    public async Task The_settings_probe_passes_and_removes_its_test_file()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var result = await AttachmentProbe.ProbeAsync(handler, gateway.Entry(), AccountId, cancellationToken: Cancel);

        Assert.True(result.Success, result.Failure?.ToString());
        var month = DateTimeOffset.UtcNow;
        Assert.StartsWith(KazooDatabaseName.Modb(AccountId, month.Year, month.Month) + "/", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.EndsWith("_test_credentials_file.txt", result.TestFile.ObjectName, StringComparison.Ordinal);
        Assert.False(await gateway.ExistsAsync(result.TestFile.ObjectName));
    }

    [Fact]
    public async Task The_settings_probe_reports_a_missing_bucket_as_kazoos_invalid_error()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var result = await AttachmentProbe.ProbeAsync(handler, gateway.Entry(bucket: "kazoo-no-such-bucket-0f5c"), AccountId, cancellationToken: Cancel);

        var failure = Assert.IsType<AttachmentHandlerException>(result.Failure);
        Assert.Equal(404, failure.ErrorCode);
        var body = failure.ErrorBody!.Value.GetString()!;
        Assert.Contains("<Code>NoSuchBucket</Code>", body, StringComparison.Ordinal);
        Assert.Equal(ExpectedReason(body), failure.Reason);
    }

    /// <summary>
    /// Kazoo's reason is S3's XML <c>Message</c>; radosgw sends it empty, and then the handler reports the XML <c>Code</c>.
    /// </summary>
    internal static string ExpectedReason(string xmlBody)
    {
        var document = System.Xml.Linq.XDocument.Parse(xmlBody);
        var message = document.Root!.Element("Message")?.Value;
        return string.IsNullOrEmpty(message) ? document.Root.Element("Code")!.Value : message;
    }
}
