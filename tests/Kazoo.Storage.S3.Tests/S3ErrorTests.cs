using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.S3.Internal;
using Kazoo.Storage.S3.Tests.Support;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.S3.Tests;

/// <summary>Kazoo's <c>invalid</c> error from a real server, and the credentials kept out of every message.</summary>
public sealed class S3ErrorTests(RadosGateway gateway) : IClassFixture<RadosGateway>
{
    private const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    private const string WrongSecret = "wrong-secret-do-not-print-9d8c7b6a";
    private const string WrongKey = "unknown-key-do-not-print-1a2b3c";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_access_key_gives_the_invalid_error_with_the_s3_message_and_body()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var result = await AttachmentProbe.ProbeAsync(handler, gateway.Entry(accessKey: WrongKey), "4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", cancellationToken: Cancel);

        Assert.False(result.Success);
        var failure = result.Failure!;
        Assert.Equal("s3", failure.HandlerKind);
        Assert.Equal(403, failure.ErrorCode);
        var body = failure.ErrorBody!.Value;
        Assert.Equal(JsonValueKind.String, body.ValueKind); // XML is not JSON: Kazoo keeps it as text
        Assert.Contains("<Code>InvalidAccessKeyId</Code>", body.GetString(), StringComparison.Ordinal);
        Assert.Equal(S3AttachmentHandlerTests.ExpectedReason(body.GetString()!), failure.Reason);

        // Crossbar's shape: {"attachments.<id>": {"invalid": {"error_code", "error_body", "message"}}}.
        var error = failure.ToValidationError(AttachmentId);
        Assert.Equal("attachments." + AttachmentId, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(403, error.Detail.GetProperty("error_code").GetInt32());
        Assert.Equal(body.GetString(), error.Detail.GetProperty("error_body").GetString());
        Assert.Equal(failure.Reason, error.Detail.GetProperty("message").GetString());
        Assert.Equal(failure.Reason, error.Message);

        AssertNoCredentials(failure, error, WrongKey, gateway.SecretKey);
    }

    [Fact]
    public async Task A_wrong_secret_gives_a_403_and_neither_secret_nor_key_appears_anywhere()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();
        var entry = gateway.Entry(secret: WrongSecret);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, Location(), new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel));

        Assert.Equal(403, failure.ErrorCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", failure.ErrorBody!.Value.GetString(), StringComparison.Ordinal);
        Assert.Equal(S3AttachmentHandlerTests.ExpectedReason(failure.ErrorBody.Value.GetString()!), failure.Reason);
        AssertNoCredentials(failure, failure.ToValidationError(AttachmentId), gateway.AccessKey, WrongSecret);
        Assert.DoesNotContain(WrongSecret, entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, handler.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_socket_error_with_code_500()
    {
        var port = Loopback.ClosedPort();
        using var handler = new S3AttachmentHandler(new S3AttachmentHandlerOptions { MaxErrorRetry = 0 });
        var entry = Entry("127.0.0.1", port);

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.PutAsync(entry, Location(), new MemoryStream([1]), "text/plain", Cancel));

        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Socket error: econnrefused", failure.Reason); // erlcloud's {socket_error, econnrefused}
        Assert.Null(failure.ErrorBody);
        AssertNoCredentials(failure, failure.ToValidationError(AttachmentId), "testkey", "testsecret");

        var probe = await AttachmentProbe.ProbeAsync(handler, entry, cancellationToken: Cancel);
        Assert.Equal(500, probe.Failure!.ErrorCode);
        Assert.StartsWith("system_data/", probe.TestFile.ObjectName, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aws_style_error_reports_its_message_and_masks_the_access_key_in_the_body()
    {
        const string key = "testkeyfortheerrorbody";
        const string body = """<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message><AWSAccessKeyId>testkeyfortheerrorbody</AWSAccessKeyId><RequestId>4442587FB7D0A2F9</RequestId></Error>""";
        var record = S3ResponseRecord.Begin();
        record.ObserveErrorBody(body, "application/xml");
        var sdkError = new AmazonS3Exception("The AWS Access Key Id you provided does not exist in our records.", ErrorType.Sender, "InvalidAccessKeyId", "4442587FB7D0A2F9", HttpStatusCode.Forbidden);

        var failure = S3Errors.Translate(sdkError, record, new S3Credentials(key, "testsecretfortheerrorbody"));

        Assert.Equal(403, failure.ErrorCode);
        Assert.Equal("The AWS Access Key Id you provided does not exist in our records.", failure.Reason);
        var text = failure.ErrorBody!.Value.GetString()!;
        Assert.Contains("<AWSAccessKeyId>***</AWSAccessKeyId>", text, StringComparison.Ordinal);
        AssertNoCredentials(failure, failure.ToValidationError(AttachmentId), key, "testsecretfortheerrorbody");
    }

    [Fact]
    public void An_error_without_a_message_or_body_falls_back_to_the_code_then_the_status_line()
    {
        var credentials = new S3Credentials("testkey", "testsecret");
        var withCode = S3Errors.Translate(new AmazonS3Exception("", ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden), null, credentials);
        Assert.Equal("AccessDenied", withCode.Reason);
        Assert.Null(withCode.ErrorBody);

        var bare = S3Errors.Translate(new AmazonS3Exception("", ErrorType.Receiver, "", "r", HttpStatusCode.ServiceUnavailable), null, credentials);
        Assert.Equal(503, bare.ErrorCode);
        Assert.Equal("503 ServiceUnavailable", bare.Reason);
    }

    [Fact]
    public void Anything_else_is_an_unknown_error_with_code_500()
    {
        var failure = S3Errors.Translate(new AmazonClientException("the SDK could not sign the request"), null, new S3Credentials("testkey", "testsecret"));
        Assert.Equal(500, failure.ErrorCode);
        Assert.Equal("Unknown Error", failure.Reason);
    }

    [Fact]
    public void An_sdk_exception_that_quotes_a_credential_is_not_kept_as_the_inner_exception()
    {
        var sdkError = new AmazonClientException("could not use key testkey-quoted with secret testsecret-quoted");
        var failure = S3Errors.Translate(sdkError, null, new S3Credentials("testkey-quoted", "testsecret-quoted"));
        Assert.NotSame(sdkError, failure.InnerException);
        Assert.DoesNotContain("testsecret-quoted", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("testkey-quoted", failure.ToString(), StringComparison.Ordinal);
    }

    private static void AssertNoCredentials(AttachmentHandlerException failure, ValidationError error, string key, string secret)
    {
        foreach (var text in FailureTexts.Of(failure, error))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        }
    }

    private static AttachmentLocation Location() =>
        new(KazooDatabaseName.Modb("4e9f3c2a1b0d4c8e9f7a6b5c4d3e2f1a", 2024, 2), "1f2e3d4c5b6a79808f7e6d5c4b3a2910", "message.mp3");

    internal static StorageAttachmentAws Entry(string host, int port, string key = "testkey", string secret = "testsecret") => new()
    {
        Settings = new StorageAttachmentAwsSettings { Bucket = "kazoo-unreachable", Key = key, Secret = secret, Host = host, Port = port, Scheme = "http" },
    };
}
