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
