using System.Text;
using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Tests.Serialization;

/// <summary>The public masking writer that tools (the CLI among them) print storage documents with.</summary>
public sealed class SecretMaskTests
{
    [Fact]
    public void Secret_named_members_are_masked_at_every_depth_and_nothing_else_changes()
    {
        using var document = JsonDocument.Parse("""
            {"attachments":{"a":{"handler":"s3","settings":{"bucket":"b","key":"AK","secret":{"nested":1},"port":443}}},
             "list":[{"password":"p","name":"n"},"key"],"api_key":"k","count":2,"flag":null}
            """);

        var written = Write(document.RootElement);

        Assert.Equal(
            """{"attachments":{"a":{"handler":"s3","settings":{"bucket":"b","key":"***","secret":"***","port":443}}},"list":[{"password":"***","name":"n"},"key"],"api_key":"***","count":2,"flag":null}""",
            written);
    }

    [Fact]
    public void The_password_of_a_url_string_is_masked_and_other_strings_are_kept()
    {
        using var document = JsonDocument.Parse("""{"url":"https://kazoo:hunter2@files.example.com/vm?x=1","mail":"a@b.c","plain":"https://files.example.com/"}""");

        Assert.Equal(
            """{"url":"https://kazoo:***@files.example.com/vm?x=1","mail":"a@b.c","plain":"https://files.example.com/"}""",
            Write(document.RootElement));
    }

    [Fact]
    public void A_scalar_or_array_at_the_root_is_written_as_it_is()
    {
        using var text = JsonDocument.Parse("\"secret\"");
        using var list = JsonDocument.Parse("[1,\"key\"]");

        Assert.Equal("\"secret\"", Write(text.RootElement));
        Assert.Equal("[1,\"key\"]", Write(list.RootElement));
    }

    [Theory]
    [InlineData("https://kazoo:hunter2@files.example.com/vm", "https://kazoo:***@files.example.com/vm")]
    [InlineData("http://u:p%40ss@[::1]:8080/x", "http://u:***@[::1]:8080/x")]
    [InlineData("https://u:pa:ss@w@host/", "https://u:***@host/")]
    [InlineData("https://user@host/", "https://user@host/")]
    [InlineData("https://h/vm?token=t0k&verb=put", "https://h/vm?token=***&verb=put")]
    [InlineData("https://h/?access_token=a&auth_token=b&api_key=c&key=d&password=e&secret=f", "https://h/?access_token=***&auth_token=***&api_key=***&key=***&password=***&secret=***")]
    [InlineData(
        "https://b.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240101&X-Amz-Date=20240101T000000Z&X-Amz-Security-Token=st&X-Amz-Signature=abc123",
        "https://b.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Date=20240101T000000Z&X-Amz-Security-Token=***&X-Amz-Signature=***")]
    [InlineData("https://storage.googleapis.com/b/o?X-Goog-Credential=c&X-Goog-Signature=s&X-Goog-Expires=60", "https://storage.googleapis.com/b/o?X-Goog-Credential=***&X-Goog-Signature=***&X-Goog-Expires=60")]
    [InlineData("https://acct.blob.core.windows.net/c/b?sv=2024&sig=abc%3D&se=2025", "https://acct.blob.core.windows.net/c/b?sv=2024&sig=***&se=2025")]
    [InlineData("https://h/p?TOKEN=x&Signature=y&AWSAccessKeyId=z", "https://h/p?TOKEN=***&Signature=***&AWSAccessKeyId=***")]
    [InlineData("https://h/p?x%2Damz%2Dsignature=s", "https://h/p?x%2Damz%2Dsignature=***")]
    [InlineData("https://h/cb#access_token=a&token_type=bearer", "https://h/cb#access_token=***&token_type=bearer")]
    [InlineData("https://h/p?q=1#section-2", "https://h/p?q=1#section-2")]
    [InlineData("https://u:p@h/x?sig=s#token=t", "https://u:***@h/x?sig=***#token=***")]
    [InlineData("/v2/upload?token=abc&n=1", "/v2/upload?token=***&n=1")]
    [InlineData("https://h/?next=https://u:p@i/?token=t", "https://h/?next=https://u:***@i/?token=***")]
    [InlineData("https://h/?token=", "https://h/?token=")]
    public void MaskText_masks_user_info_passwords_and_credential_parameters(string text, string expected)
    {
        Assert.Equal(expected, SecretMask.MaskText(text));
        Assert.Equal(expected, SecretMask.MaskText(expected)); // idempotent
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text, nothing to see")]
    [InlineData("mail a@b.c or user@example.com")]
    [InlineData("a=b and key=value outside a URL")]
    [InlineData("https://files.example.com/vm?recording=1&verb=put")]
    [InlineData("Failed to match pattern '^(?=x)[^\\s]*$'")]
    [InlineData("s3.eu-west-1.amazonaws.com:443")]
    public void MaskText_leaves_text_without_url_secrets_as_it_is(string text)
    {
        Assert.Same(text, SecretMask.MaskText(text));
    }

    [Fact]
    public void MaskText_masks_urls_inside_free_text_and_keeps_the_words_around_them()
    {
        const string text = "PUT https://kazoo:hunter2@files.example.com/a?sig=s1 failed (see \"https://h/?token=t2\"), then 'ftp://u:p3@f/'.";

        Assert.Equal(
            "PUT https://kazoo:***@files.example.com/a?sig=*** failed (see \"https://h/?token=***\"), then 'ftp://u:***@f/'.",
            SecretMask.MaskText(text));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("X-Amz-Signature")]
    [InlineData("x-amz-credential")]
    [InlineData("X-Amz-Security-Token")]
    [InlineData("X-Goog-Signature")]
    [InlineData("X-Goog-Credential")]
    [InlineData("sig")]
    [InlineData("signature")]
    [InlineData("client_secret")]
    [InlineData("refresh_token")]
    public void Credential_parameters_are_recognised_without_case(string name)
    {
        Assert.True(SecretMask.IsSecretParameter(name));
        Assert.True(SecretMask.IsSecretParameter(name.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("verb")]
    [InlineData("X-Amz-Date")]
    [InlineData("X-Amz-Expires")]
    [InlineData("sv")]
    [InlineData("recording")]
    public void Other_parameters_are_not_credentials(string name) => Assert.False(SecretMask.IsSecretParameter(name));

    [Theory]
    [InlineData("\"s\"")]
    [InlineData("12345")]
    [InlineData("true")]
    [InlineData("[\"s\",1]")]
    [InlineData("{\"user\":\"u\",\"nested\":{\"x\":1}}")]
    public void A_secret_slot_is_masked_whole_whatever_its_shape(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal("\"***\"", SecretMask.ToMaskedJson(document.RootElement, "secret"));
        Assert.Equal("{\"credentials\":\"***\"}", SecretMask.ToMaskedJson(JsonDocument.Parse("{\"credentials\":" + json + "}").RootElement));
    }

    [Fact]
    public void A_null_secret_stays_null_and_other_slots_recurse()
    {
        using var document = JsonDocument.Parse("""{"key":null,"ui_metadata":{"links":["https://u:p@h/?sig=s"],"origin":"ui","private_key":{"a":1}}}""");

        Assert.Equal(
            """{"key":null,"ui_metadata":{"links":["https://u:***@h/?sig=***"],"origin":"ui","private_key":"***"}}""",
            SecretMask.ToMaskedJson(document.RootElement));
    }

    private static string Write(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SecretMask.WriteMasked(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
