using Kazoo.Storage.S3.Tests.Support;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete through the s3 kind, against the real radosgw the S3 tests use.</summary>
public sealed class AttachmentS3Tests(RadosGateway gateway) : CliTest, IClassFixture<RadosGateway>
{
    /// <summary>An account document sending voicemails to the gateway's bucket with <paramref name="secret"/>, and the voicemail <paramref name="documentId"/>.</summary>
    private string[] Voicemail(string documentId, string? secret = null) =>
    [
        "--account-doc",
        Files.Write("account.json", Documents.Voicemails(Documents.S3Id, $$"""
            {
              "handler": "s3",
              "settings": {
                "bucket": "{{gateway.Bucket}}", "key": "{{gateway.AccessKey}}", "secret": "{{secret ?? gateway.SecretKey}}",
                "host": "{{gateway.Endpoint.Host}}", "port": {{gateway.Endpoint.Port}}, "scheme": "{{gateway.Endpoint.Scheme}}"
              }
            }
            """)),
        .. Documents.Voicemail(documentId),
    ];

    [Fact]
    public async Task Put_get_and_delete_round_trip_through_S3_at_Kazoos_key()
    {
        gateway.Require();
        var content = RandomNumberGenerator.GetBytes(20 * 1024 * 1024 + 3); // above the 16 MiB part size: a multipart upload
        var documentId = Documents.NewId();
        var key = $"{Documents.Modb}/{documentId}_message.mp3";

        var runs = await AttachmentRuns.AssertRoundTripAsync(Files, content, Voicemail(documentId), key, "s3", () => gateway.ExistsAsync(key));

        Assert.DoesNotContain(gateway.SecretKey, string.Join('\n', runs));
    }

    [Fact]
    public async Task A_refused_secret_is_exit_4_and_is_never_printed()
    {
        gateway.Require();
        const string Wrong = "wrong-secret-never-printed";

        var result = await Tool.RunAsync(["attachment", "put", Files.WriteBytes("x.mp3", [1, 2, 3]), .. Voicemail(Documents.NewId(), Wrong), "--json"]);

        AttachmentRuns.AssertBackendFailure(result, 4, 403, Wrong, gateway.SecretKey);
    }
}
