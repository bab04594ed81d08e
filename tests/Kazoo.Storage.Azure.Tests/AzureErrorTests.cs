using System.Diagnostics.Tracing;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core.Diagnostics;
using Azure.Storage.Blobs.Specialized;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Azure.Tests.Support;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.Validation;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Azure.Tests;

/// <summary>Kazoo's <c>invalid</c> error from a real server, and the key kept out of every message, string and log.</summary>
public sealed class AzureErrorTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";

    private static readonly string WrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static AttachmentLocation Location(string name = "message.mp3") =>
        new(KazooDatabaseName.Modb("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", 2024, 2), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), name);

    [Fact]
    public async Task A_wrong_key_gives_403_with_azures_code_and_message_and_the_key_appears_nowhere()
    {
        azurite.Require();
        using var capture = new LogCapture();
        using var loggers = capture.CreateFactory();
        var sdkEvents = new List<string>();
        using var listener = new AzureEventSourceListener((e, message) => { lock (sdkEvents) { sdkEvents.Add(message + " " + string.Join(" ", e.Payload ?? [])); } }, EventLevel.Verbose);
        using var handler = new AzureAttachmentHandler(azurite.Options(), loggers.CreateLogger<AzureAttachmentHandler>());
        var entry = azurite.Entry(key: WrongKey);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, Location(), new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel));

        Assert.Equal("azure", failure.HandlerKind);
        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal("AuthorizationFailure", failure.Reason);
        Assert.Equal("The azure backend failed (403): AuthorizationFailure", failure.Message);
        var body = failure.ErrorBody!.Value;
        Assert.Equal(JsonValueKind.String, body.ValueKind); // XML is not JSON: kept as text, as Kazoo keeps S3's
        Assert.Contains("<Code>AuthorizationFailure</Code>", body.GetString(), StringComparison.Ordinal);
        Assert.Contains("<Message>Server failed to authenticate the request.", body.GetString(), StringComparison.Ordinal);

        var error = failure.ToValidationError(AttachmentId);
        Assert.Equal("attachments." + AttachmentId, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(403, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal("AuthorizationFailure", error.Detail.GetProperty("message").GetString());

        Assert.Contains("AuthorizationFailure", capture.All, StringComparison.Ordinal);
        Assert.NotEmpty(sdkEvents);
        AssertNowhere(WrongKey, failure, error, capture.All, string.Join('\n', sdkEvents), entry.ToString(), handler.ToString());
        AssertNowhere(azurite.Key, failure, error, capture.All, string.Join('\n', sdkEvents), entry.ToString(), handler.ToString());
    }

    [Fact]
    public async Task The_probe_with_a_wrong_key_reports_the_invalid_error_with_azures_code()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var result = await AttachmentProbe.ProbeAsync(handler, azurite.Entry(key: WrongKey), "4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", cancellationToken: Cancel);

        Assert.False(result.Success);
        Assert.Equal(403, result.Failure!.ErrorCode);
        Assert.Equal("AuthorizationFailure", result.Failure.Reason);
        AssertNowhere(WrongKey, result.Failure, result.Failure.ToValidationError(AttachmentId));
    }

    [Fact]
    public async Task A_missing_blob_is_404_BlobNotFound_for_read_and_delete()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var entry = azurite.Entry();
        var stored = handler.Locate(entry, Location("never-stored.mp3"));

        var read = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(entry, stored, Cancel));
        Assert.Equal(404, read.ErrorCode);
        Assert.Equal("BlobNotFound", read.Reason);
        Assert.Contains("<Message>The specified blob does not exist.", read.ErrorBody!.Value.GetString(), StringComparison.Ordinal);

        var delete = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.DeleteAsync(entry, stored, Cancel));
        Assert.Equal(404, delete.ErrorCode);
        Assert.Equal("BlobNotFound", delete.Reason);
    }

    [Fact]
    public async Task A_missing_container_is_404_ContainerNotFound_and_is_not_created()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options());
        var container = "kazoo-missing-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var entry = azurite.Entry(container: container);

        var put = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, Location(), new MemoryStream([1]), "audio/mpeg", Cancel));
        Assert.Equal(404, put.ErrorCode);
        Assert.Equal("ContainerNotFound", put.Reason);
        Assert.Contains("<Message>The specified container does not exist.", put.ErrorBody!.Value.GetString(), StringComparison.Ordinal);

        var read = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(entry, handler.Locate(entry, Location()), Cancel));
        Assert.Equal(404, read.ErrorCode);
        Assert.Equal("ContainerNotFound", read.Reason);

        // Kazoo never creates the container; neither does the handler.
        Assert.False((await azurite.Raw.GetParentBlobServiceClient().GetBlobContainerClient(container).ExistsAsync(Cancel)).Value);
    }

    [Fact]
    public async Task A_block_upload_refused_by_the_server_throws_kazoos_error()
    {
        azurite.Require();
        using var handler = new AzureAttachmentHandler(azurite.Options(o => o.BlockSize = 1024 * 1024));
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(
            () => handler.PutAsync(azurite.Entry(key: WrongKey), Location("refused.wav"), new GeneratedStream(3 * 1024 * 1024, 3), "audio/wav", Cancel));
        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal("AuthorizationFailure", failure.Reason);
        AssertNowhere(WrongKey, failure, failure.ToValidationError(AttachmentId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_closed_port_is_failed_to_connect_with_code_500(int retries)
    {
        var port = Loopback.ClosedPort();
        using var handler = new AzureAttachmentHandler(new AzureAttachmentHandlerOptions
        {
            BlobEndpointTemplate = $"http://127.0.0.1:{port}/{{account}}",
            MaxRetries = retries,
        });
        var entry = UnreachableEntry();

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, Location(), new MemoryStream([1]), "text/plain", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("failed_to_connect", failure.Reason);
        Assert.Null(failure.ErrorBody);
        AssertNowhere(UnreachableKey, failure, failure.ToValidationError(AttachmentId));

        var probe = await AttachmentProbe.ProbeAsync(handler, entry, cancellationToken: Cancel);
        Assert.Equal("failed_to_connect", probe.Failure!.Reason);
    }

    [Fact]
    public async Task A_key_that_is_not_base64_is_refused_without_showing_it()
    {
        const string notBase64 = "this is not a base64 key!";
        using var handler = new AzureAttachmentHandler(new AzureAttachmentHandlerOptions { BlobEndpointTemplate = "http://127.0.0.1:9/{account}" });
        var entry = UnreachableEntry() with { Settings = UnreachableEntry().Settings with { Key = notBase64 } };

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, Location(), new MemoryStream([1]), "text/plain", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("the key is not a base64 shared key", failure.Reason);
        AssertNowhere(notBase64, failure, failure.ToValidationError(AttachmentId));
    }

    [Theory]
    [InlineData("Kazoo")]
    [InlineData("ab")]
    [InlineData("evil.example.com/x")]
    [InlineData("")]
    public async Task An_account_that_is_not_an_azure_account_name_is_refused(string account)
    {
        using var handler = new AzureAttachmentHandler();
        var entry = UnreachableEntry() with { Settings = UnreachableEntry().Settings with { Account = account } };
        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(entry, new StoredAttachment("azure", "x_y.mp3"), Cancel));
        Assert.Equal(500, failure.ErrorCode);
        Assert.Contains("is not an Azure storage account name", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, handler.CachedClientCount);
    }

    [Fact]
    public void An_sdk_exception_that_quotes_the_key_is_not_kept_as_the_inner_exception()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var sdkError = new global::Azure.RequestFailedException(0, "could not sign with key " + key);

        var failure = Internal.AzureErrors.Translate(sdkError, new Internal.AzureCredentials("kazooatt", key));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("request_error", failure.Reason);
        Assert.NotSame(sdkError, failure.InnerException);
        Assert.Contains("could not sign with key ***", failure.InnerException!.Message, StringComparison.Ordinal);
        AssertNowhere(key, failure, failure.ToValidationError(AttachmentId), new Internal.AzureCredentials("kazooatt", key).ToString());
    }

    [Fact]
    public void An_answer_without_a_code_falls_back_to_the_status_line()
    {
        var failure = Internal.AzureErrors.Translate(new global::Azure.RequestFailedException(503, "Service unavailable"), new Internal.AzureCredentials("kazooatt", UnreachableKey));
        Assert.Equal(503, failure.ErrorCode);
        Assert.Equal("503 ServiceUnavailable", failure.Reason);
    }

    internal static readonly string UnreachableKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    internal static StorageAttachmentAzure UnreachableEntry(string account = "kazooatt", string? key = null) => new()
    {
        Settings = new StorageAttachmentAzureSettings { Account = account, Key = key ?? UnreachableKey, Container = "kazoo-unreachable" },
    };

    /// <summary>Asserts that <paramref name="secret"/> appears in none of the texts, nor in the failure's messages, string, body and inner exceptions.</summary>
    internal static void AssertNowhere(string secret, AttachmentHandlerException failure, ValidationError error, params string[] more)
    {
        foreach (var text in FailureTexts.Of(failure, error).Concat(more))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
