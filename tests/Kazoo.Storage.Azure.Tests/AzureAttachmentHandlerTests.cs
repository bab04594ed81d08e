using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Azure.Tests.Support;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Azure.Tests;

/// <summary>Put, read, delete and the settings probe against a real Azurite, at Kazoo's object names.</summary>
public sealed class AzureAttachmentHandlerTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string AccountId = "4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static AttachmentLocation Voicemail(string name = "message.mp3") =>
        new(KazooDatabaseName.Modb(AccountId, 2024, 1), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), name);

    [Fact]
    public async Task Put_stores_a_block_blob_at_kazoos_name_with_the_content_type_and_returns_the_pointer_metadata()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var location = Voicemail();
        var bytes = Encoding.UTF8.GetBytes("a short voicemail, really");

        StoredAttachment stored;
        using (var content = new MemoryStream(bytes))
        {
            stored = await handler.PutAsync(azurite.Entry(), location, content, "audio/mpeg", Cancel);
        }

        // Kazoo's default Azure name: {docid}_{attachment} (spec §7.2), no database part.
        Assert.Equal("azure", stored.HandlerKind);
        Assert.Equal($"{location.DocumentId}_message.mp3", stored.ObjectName);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.StartsWith("\"0x", stored.Metadata["etag"], StringComparison.Ordinal);
        Assert.Contains("x-ms-request-id", stored.Metadata.Keys);
        Assert.Contains("last-modified", stored.Metadata.Keys);

        // What the server holds, seen with the plain Azure SDK.
        var properties = (await azurite.Raw.GetBlobClient(stored.ObjectName).GetPropertiesAsync(cancellationToken: Cancel)).Value;
        Assert.Equal(BlobType.Block, properties.BlobType);
        Assert.Equal("audio/mpeg", properties.ContentType);
        Assert.Equal(bytes.Length, properties.ContentLength);
        Assert.Equal(stored.Metadata["etag"], properties.ETag.ToString("H"));
    }

    public static TheoryData<string> AwkwardNames() =>
    [
        "message.mp3",
        "my voicemail (1).mp3",
        "()é+%.wav",
        "100% naïve + ça (copy) #2.txt",
        // Every character Kazoo percent-encodes but the backslash, which Azurite turns into a slash.
        "a/b:c@d&e=f,g?h[i]j<k>l\"m{n}o|p'q^r;s.bin",
    ];

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task An_awkward_name_round_trips_byte_for_byte_and_is_the_blob_kazoo_would_write(string attachmentName)
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var entry = azurite.Entry();
        var location = Voicemail(attachmentName);
        var bytes = RandomNumberGenerator.GetBytes(70_001);

        var stored = await handler.PutAsync(entry, location, new MemoryStream(bytes), "application/octet-stream", Cancel);

        // The object name is Kazoo's (each value percent-encoded); Kazoo's Azure library sends it in the URL path as it
        // is, so Azure stores the blob under the decoded name: that is the blob this handler must have written.
        Assert.Equal(AttachmentObjectName.PercentEncode(location.DocumentId) + "_" + AttachmentObjectName.PercentEncode(attachmentName), stored.ObjectName);
        var blobName = location.DocumentId + "_" + attachmentName;
        Assert.Equal(blobName, AzureAttachmentHandler.BlobNameFor(stored.ObjectName));
        Assert.Equal([blobName], await azurite.NamesAsync(location.DocumentId));

        await using (var read = await handler.OpenReadAsync(entry, stored, Cancel))
        {
            Assert.Equal(bytes.Length, read.Length);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy, Cancel);
            Assert.Equal(bytes, copy.ToArray());
        }

        // The plain SDK reads the same bytes under the decoded name.
        var raw = (await azurite.Raw.GetBlobClient(blobName).DownloadContentAsync(Cancel)).Value.Content.ToArray();
        Assert.Equal(bytes, raw);

        await handler.DeleteAsync(entry, stored, Cancel);
        Assert.False(await azurite.ExistsAsync(blobName));
    }

    [Fact]
    public async Task A_modb_database_in_the_field_list_keeps_kazoos_encoded_name_and_round_trips()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        // The S3 default layout asked of Azure: {db}/{docid}_{attachment}, with the MODB name as §7.2 gives it.
        var settings = azurite.Entry().Settings with
        {
            FieldList =
            [
                new StorageAttachmentsField { Arg = StorageAttachmentsFieldArg.Db },
                new StorageAttachmentsField { Group = [new() { Arg = StorageAttachmentsFieldArg.Id }, new() { Const = "_" }, new() { Arg = StorageAttachmentsFieldArg.Attachment }] },
            ],
        };
        var entry = azurite.Entry() with { Settings = settings };
        var location = Voicemail("vm (1).mp3");
        var bytes = RandomNumberGenerator.GetBytes(12_345);

        var stored = await handler.PutAsync(entry, location, new MemoryStream(bytes), "audio/mpeg", Cancel);

        Assert.Equal($"account%2F4e%2F9f%2F3c2a1b0d4c8e9f7a6b5c4d3e2f1a-202401/{location.DocumentId}_vm%20(1).mp3", stored.ObjectName);
        Assert.Equal(stored.ObjectName, handler.Locate(entry, location).ObjectName);
        var blobName = $"account/4e/9f/3c2a1b0d4c8e9f7a6b5c4d3e2f1a-202401/{location.DocumentId}_vm (1).mp3";
        Assert.True(await azurite.ExistsAsync(blobName));

        await using (var read = await handler.OpenReadAsync(entry, stored, Cancel))
        {
            Assert.Equal(SHA256.HashData(bytes), await SHA256.HashDataAsync(read, Cancel));
        }

        await handler.DeleteAsync(entry, stored, Cancel);
        Assert.False(await azurite.ExistsAsync(blobName));
    }

    [Fact]
    public async Task Reads_a_blob_kazoo_stored_at_its_default_name()
    {
        azurite.Require();
        // As Kazoo would have written it: Put Blob at container/{docid}_{name}, the name percent-encoded in the URL.
        var docId = "aeda82c7d1e04b1f9c2d3e4f5a6b7c8d";
        var name = "c669e0d7b1a24c3f8e9d0a1b2c3d4e5f_test credentials file.txt";
        await azurite.Raw.GetBlobClient(docId + "_" + name).UploadAsync(BinaryData.FromString("some random content: c669"), Cancel);

        using var handler = new AzureAttachmentHandler(azurite.Options());
        var entry = azurite.Entry();
        var stored = handler.Locate(entry, new AttachmentLocation(KazooDatabaseName.Modb(AccountId, 2024, 1), docId, name));
        Assert.Equal($"{docId}_c669e0d7b1a24c3f8e9d0a1b2c3d4e5f_test%20credentials%20file.txt", stored.ObjectName);

        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        using var text = new StreamReader(read);
        Assert.Equal("some random content: c669", await text.ReadToEndAsync(Cancel));
    }

    [Fact]
    public async Task A_path_setting_prefixes_the_name()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        // path is a setting Kazoo's handlers read but the azure schema does not declare: the record keeps it as extension data.
        var settings = azurite.Entry().Settings;
        var entry = azurite.Entry() with { Settings = settings with { ExtensionData = settings.ExtensionData.With("path", JsonSerializer.SerializeToElement("kazoo/voicemail/")) } };
        var location = Voicemail();

        var stored = await handler.PutAsync(entry, location, new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel);

        Assert.Equal($"kazoo/voicemail/{location.DocumentId}_message.mp3", stored.ObjectName);
        Assert.True(await azurite.ExistsAsync(stored.ObjectName));
        Assert.Equal([stored.ObjectName], await azurite.NamesAsync("kazoo/voicemail/" + location.DocumentId));
    }

    [Fact]
    public async Task Folder_settings_prefix_the_name_as_a_joined_path()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var settings = azurite.Entry().Settings with { FolderBasePath = "kazoo" };
        var entry = azurite.Entry() with { Settings = settings with { ExtensionData = settings.ExtensionData.With("folder_path", JsonSerializer.SerializeToElement("recordings")) } };
        var location = Voicemail("call.wav");

        var stored = await handler.PutAsync(entry, location, new MemoryStream([4, 5, 6]), "audio/wav", Cancel);

        Assert.Equal($"kazoo/recordings/{location.DocumentId}_call.wav", stored.ObjectName);
        Assert.True(await azurite.ExistsAsync(stored.ObjectName));
    }

    [Fact]
    public async Task An_empty_attachment_is_stored_and_read_back_empty()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var entry = azurite.Entry();
        var stored = await handler.PutAsync(entry, Voicemail("empty.txt"), Stream.Null, "text/plain", Cancel);
        Assert.Equal(0, stored.Length);
        await using var read = await handler.OpenReadAsync(entry, stored, Cancel);
        Assert.Equal(0, read.Length);
        Assert.Equal(-1, read.ReadByte());
    }

    [Fact]
    public async Task Putting_again_replaces_the_blob_as_kazoos_put_blob_does()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var entry = azurite.Entry();
        var location = Voicemail("greeting.wav");
        await handler.PutAsync(entry, location, new MemoryStream([1, 1, 1]), "audio/wav", Cancel);
        var stored = await handler.PutAsync(entry, location, new MemoryStream([2, 2]), "audio/x-wav", Cancel);

        var properties = (await azurite.Raw.GetBlobClient(stored.ObjectName).GetPropertiesAsync(cancellationToken: Cancel)).Value;
        Assert.Equal(2, properties.ContentLength);
        Assert.Equal("audio/x-wav", properties.ContentType);
    }

    [Fact]
    public async Task The_settings_probe_passes_and_removes_its_test_file()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var result = await AttachmentProbe.ProbeAsync(handler, azurite.Entry(), AccountId, cancellationToken: Cancel);

        Assert.True(result.Success, result.Failure?.ToString());
        Assert.Equal("azure", result.TestFile.HandlerKind);
        Assert.Matches("^[0-9a-f]{32}_[0-9a-f]{32}_test_credentials_file\\.txt$", result.TestFile.ObjectName);
        Assert.False(await azurite.ExistsAsync(result.TestFile.ObjectName));
    }

    [Fact]
    public async Task The_settings_probe_reports_a_missing_container_as_kazoos_invalid_error()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var result = await AttachmentProbe.ProbeAsync(handler, azurite.Entry(container: "kazoo-no-such-container"), AccountId, cancellationToken: Cancel);

        var failure = Assert.IsType<AttachmentHandlerException>(result.Failure);
        Assert.Equal(404, failure.ErrorCode);
        Assert.Equal("ContainerNotFound", failure.Reason);
        var error = failure.ToValidationError("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b");
        Assert.Equal("invalid", error.Code);
        Assert.Equal(404, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("ContainerNotFound", error.Detail.GetProperty("message").GetString());
        Assert.Contains("<Code>ContainerNotFound</Code>", error.Detail.GetProperty("error_body").GetString(), StringComparison.Ordinal);
    }
}
