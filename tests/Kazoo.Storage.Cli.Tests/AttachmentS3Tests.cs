using Kazoo.Storage.S3.Tests.Support;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>attachment put, get and delete through the s3 kind, against the real radosgw the S3 tests use.</summary>
public sealed class AttachmentS3Tests(RadosGateway gateway) : IClassFixture<RadosGateway>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>An account document sending voicemails to the gateway's bucket, with these credentials.</summary>
    private string AccountDoc(string? secret = null) => _files.Write("account.json", $$"""
        {
          "attachments": {
            "{{Documents.S3Id}}": {
              "handler": "s3",
              "settings": {
                "bucket": "{{gateway.Bucket}}", "key": "{{gateway.AccessKey}}", "secret": "{{secret ?? gateway.SecretKey}}",
                "host": "{{gateway.Endpoint.Host}}", "port": {{gateway.Endpoint.Port}}, "scheme": "{{gateway.Endpoint.Scheme}}"
              }
            }
          },
          "plan": { "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{Documents.S3Id}}" } } } } }
        }
        """);

    private static string[] Voicemail(string documentId, params string[] args) =>
        [.. args, "--db", Documents.Modb, "--type", "mailbox_message", "--doc-id", documentId, "--attachment", "message.mp3", "--json"];

    [Fact]
    public async Task Put_get_and_delete_round_trip_through_S3_at_Kazoos_key()
    {
        gateway.Require();
        var content = RandomNumberGenerator.GetBytes(20 * 1024 * 1024 + 3); // above the 16 MiB part size: a multipart upload
        var input = _files.WriteBytes("message.mp3", content);
        var output = _files.PathOf("back.mp3");
        var account = AccountDoc();
        var documentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var key = $"{Documents.Modb}/{documentId}_message.mp3";

        var put = await Tool.RunAsync(Voicemail(documentId, "attachment", "put", input, "--account-doc", account));
        var stored = await gateway.ExistsAsync(key);
        var get = await Tool.RunAsync(Voicemail(documentId, "attachment", "get", "-o", output, "--account-doc", account));
        var delete = await Tool.RunAsync(Voicemail(documentId, "attachment", "delete", "--account-doc", account));

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal(key, put.Json.GetProperty("object_name").GetString());
        Assert.Equal("s3", put.Json.GetProperty("attachment_handler_kind").GetString());
        Assert.Equal(content.Length, put.Json.GetProperty("bytes").GetInt64());
        Assert.True(stored);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(content, File.ReadAllBytes(output));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), get.Json.GetProperty("sha256").GetString());
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.False(await gateway.ExistsAsync(key));
    }

    [Fact]
    public async Task A_refused_secret_is_exit_4_and_is_never_printed()
    {
        gateway.Require();
        const string Wrong = "wrong-secret-never-printed";
        var documentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var result = await Tool.RunAsync(Voicemail(documentId, "attachment", "put", _files.WriteBytes("x.mp3", [1, 2, 3]), "--account-doc", AccountDoc(Wrong)));

        Assert.Equal(4, result.ExitCode);
        var error = result.Json.GetProperty("error");
        Assert.Equal("backend", error.GetProperty("kind").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        Assert.DoesNotContain(Wrong, result.ToString());
        Assert.DoesNotContain(gateway.SecretKey, result.ToString());
    }
}
