using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>
/// Text that is not JSON is refused the same way wherever the fault is, and whichever entry point and mode: one
/// <see cref="JsonException"/> (never an <see cref="ArgumentException"/>, never a verdict) whose message says where and
/// names no .NET reader internals. Kazoo's decoder (jiffy) refuses a string that is not UTF-8 or escapes half a
/// surrogate pair, whether or not a schema looks at the string.
/// </summary>
public sealed class NotJsonTests
{
    private const string Id = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";

    private static readonly string[] s_internals = ["isFinalBlock", "(Parameter", "inner exception", "LineNumber", "BytePositionInLine", "reader options", "transcode"];

    /// <summary>The exception each entry point throws, in both modes: all the same type and message.</summary>
    private static JsonException Refused(byte[] utf8)
    {
        var thrown = new List<JsonException>();
        foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
        {
            thrown.Add(Assert.Throws<JsonException>(() => StorageDocument.Validate(utf8, options)));
            thrown.Add(Assert.Throws<JsonException>(() => StorageDocument.Validator.IsValid(utf8, options)));
        }

        Assert.All(thrown, ex => Assert.Equal(thrown[0].Message, ex.Message));
        Assert.StartsWith("The document is not JSON", thrown[0].Message, StringComparison.Ordinal);
        Assert.All(s_internals, word => Assert.DoesNotContain(word, thrown[0].Message, StringComparison.OrdinalIgnoreCase));
        return thrown[0];
    }

    /// <summary>The document with the byte at the marker <c>¤</c> replaced by <paramref name="bytes"/>.</summary>
    private static byte[] WithBytes(string json, params byte[] bytes)
    {
        var marker = json.IndexOf('¤', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..marker]), .. bytes, .. Encoding.UTF8.GetBytes(json[(marker + 1)..])];
    }

    [Theory]
    [InlineData("{\"ui_metadata\":{\"origin\":\"a¤b\"}}")] // a free-form value nothing checks
    [InlineData("{\"id\":\"a¤b\"}")]
    [InlineData("{\"ui_metadata\":{\"a¤b\":1}}")] // a member name
    [InlineData("{\"attachments\":{\"" + Id + "\":{\"handler\":\"http\",\"_sig\":\"¤\",\"settings\":{\"url\":\"https://files.example.com\"}}}}")]
    [InlineData("{\"attachments\":{\"" + Id + "\":{\"handler\":\"http\",\"settings\":{\"url\":\"https://files.example.com/¤\"}}}}")] // a string a rule reads
    [InlineData("{\"plan\":{\"modb\":{\"types\":{\"custom\":[\"¤\"]}}}}")]
    public void A_string_that_is_not_utf8_is_not_json_wherever_it_is(string json)
    {
        foreach (var bytes in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF] }) // stray, cut, surrogate, overlong
        {
            var utf8 = WithBytes(json, bytes);

            var ex = Refused(utf8);

            Assert.StartsWith("The document is not JSON at line 1, byte " + (json.IndexOf('¤', StringComparison.Ordinal) + 1) + ": ", ex.Message, StringComparison.Ordinal);
            Assert.Contains("not UTF-8", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"ui_metadata\":{\"origin\":\"\\ud800\"}}")]
    [InlineData("{\"ui_metadata\":{\"origin\":\"\\udc00x\"}}")]
    [InlineData("{\"ui_metadata\":{\"origin\":\"\\uD83D\\u0041\"}}")]
    [InlineData("{\"ui_metadata\":{\"origin\\ud800\":1}}")]
    [InlineData("{\"attachments\":{\"" + Id + "\":{\"handler\":\"http\",\"settings\":{\"url\":\"https://files.example.com/\\ud800\"}}}}")]
    public void Half_a_surrogate_pair_escaped_is_not_json_wherever_it_is(string json)
    {
        Assert.Contains("surrogate", Refused(Encoding.UTF8.GetBytes(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_surrogate_pair_and_escaped_backslashes_are_fine()
    {
        var json = Encoding.UTF8.GetBytes("{\"ui_metadata\":{\"emoji\":\"\\ud83d\\ude00\",\"path\":\"c:\\\\ud800\\\\\"}}");

        Assert.True(StorageDocument.Validate(json).IsValid);
        Assert.True(StorageDocument.Validator.IsValid(json, ValidationOptions.KazooExact));
    }

    [Fact]
    public void A_parsed_element_holding_a_string_that_is_not_utf8_is_not_json_either()
    {
        using var document = JsonDocument.Parse(WithBytes("{\"ui_metadata\":{\"origin\":\"a¤b\"}}", 0xFF)); // the parser does not look inside strings

        var ex = Assert.Throws<JsonException>(() => StorageDocument.Validate(document.RootElement));

        Assert.Contains("not UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The document is not JSON: it is empty.")]
    [InlineData(" \r\n\t", "The document is not JSON: it is empty.")]
    [InlineData("{\"attachments\":", "The document is not JSON at line 1, byte 16: ")]
    [InlineData("{\"id\":\"x\",}", "The document is not JSON at line 1, byte 11: the JSON object contains a trailing comma at the end.")]
    [InlineData("{}\n[]", "The document is not JSON at line 2, byte 1: ")]
    [InlineData("{\"id\":tru}", "The document is not JSON at line 1, byte 10: ")] // where the reader gave up
    public void Malformed_text_is_said_with_its_place_and_no_reader_internals(string json, string message)
    {
        Assert.StartsWith(message, Refused(Encoding.UTF8.GetBytes(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_refused_the_same_way()
    {
        var json = "{\"ui_metadata\":" + string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)) + "}";

        Assert.Contains("depth of 64", Refused(Encoding.UTF8.GetBytes(json)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"attachments\":")]
    [InlineData("{\"id\":\"x\",}")]
    [InlineData("{}\n[]")]
    [InlineData("{\"id\":\"\\udc00\"}")]
    [InlineData("{\"ui_metadata\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    public void Find_is_the_validators_check_for_tools_that_read_json_first(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var refused = Refused(utf8);

        var found = NotJson.Find(utf8);
        var named = NotJson.Find(utf8, "storage.json");

        Assert.NotNull(found);
        Assert.Equal(refused.Message, found.Message);
        Assert.Equal(refused.LineNumber, found.LineNumber);
        Assert.Equal(refused.BytePositionInLine, found.BytePositionInLine);
        Assert.Equal("storage.json" + refused.Message["The document".Length..], named!.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" {\"a\": [1, \"\\ud83d\\ude00\", null]} \n")]
    [InlineData("{\"a\": 1, \"a\": 2}")] // a repeated member is JSON: Kazoo reads the first
    [InlineData("\"text\"")]
    public void Find_says_nothing_about_json(string json)
    {
        Assert.Null(NotJson.Find(Encoding.UTF8.GetBytes(json)));
    }
}
