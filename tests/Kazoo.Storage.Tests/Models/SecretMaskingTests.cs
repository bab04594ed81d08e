using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Tests.Models;

public sealed class SecretMaskingTests
{
    [Fact]
    public void ToString_of_a_document_masks_aws_key_and_secret()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("every-backend.json"), KazooStorageJson.Options)!;

        var text = document.ToString();

        Assert.DoesNotContain("AKIAEXAMPLEKEY", text);
        Assert.DoesNotContain("example-secret", text);
        Assert.DoesNotContain("azure-key==", text);
        Assert.Contains("Secret = ***", text);
        Assert.Contains("recordings-eu", text); // the bucket is not a secret
    }

    [Fact]
    public void ToString_masks_the_couchdb_credentials_whole_and_extension_values_by_the_same_rule()
    {
        var document = JsonSerializer.Deserialize<StorageDocument>(ExampleDocuments.Read("every-backend.json"), KazooStorageJson.Options)!;

        var text = document.ToString();

        Assert.DoesNotContain("1234", text);
        Assert.Contains("Credentials = ***", text); // a secret name: the whole object, user name included
        Assert.DoesNotContain("admin", text);
        // The unknown ftp handler's settings sit in extension data: printed, its URL's password masked.
        Assert.Contains("ftp://user:***@ftp.example.com/base", text);
        Assert.DoesNotContain("user:pass", text);
        Assert.Contains("_sig = \"signed-before-everything-else\"", text); // not a secret: Kazoo's mark of a probed entry
    }

    [Fact]
    public void A_set_secret_is_masked_even_when_empty_and_other_members_are_not()
    {
        var settings = new StorageAttachmentAwsSettings { Bucket = "b", Key = "", Secret = "x" };

        Assert.Contains("Key = ***", settings.ToString());
        Assert.DoesNotContain("Port = ***", settings.ToString());
    }
}
