using System.Text.Json;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class ScalarConverterTests
{
    [Fact]
    public void String_converter_round_trips_including_escapes()
    {
        string value = Read(JsonStringConverter.Instance, "\"a\\\"b\\u00e9\"");

        Assert.Equal("a\"bé", value);
        Assert.Equal(value, Read(JsonStringConverter.Instance, Write(JsonStringConverter.Instance, value)));
    }

    [Fact]
    public void String_converter_rejects_a_number_with_a_JsonException_naming_both_tokens()
    {
        var error = Assert.Throws<JsonException>(() => Read(JsonStringConverter.Instance, "12"));

        Assert.Equal("Expected a JSON string but found Number.", error.Message);
        Assert.Equal("$", error.Path);
    }

    [Fact]
    public void Int64_converter_round_trips_the_extremes()
    {
        Assert.Equal(long.MaxValue, Read(JsonInt64Converter.Instance, "9223372036854775807"));
        Assert.Equal(long.MinValue, Read(JsonInt64Converter.Instance, "-9223372036854775808"));
        Assert.Equal("-42", Write(JsonInt64Converter.Instance, -42L));
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("1.5")]
    [InlineData("1e400")]
    public void Int64_converter_rejects_numbers_that_are_not_Int64_integers(string json)
    {
        var error = Assert.Throws<JsonException>(() => Read(JsonInt64Converter.Instance, json));

        Assert.Contains("is not an integer in the Int64 range", error.Message);
    }

    [Fact]
    public void Int64_converter_rejects_a_numeric_string()
    {
        var error = Assert.Throws<JsonException>(() => Read(JsonInt64Converter.Instance, "\"1\""));

        Assert.Equal("Expected a JSON number but found String.", error.Message);
    }

    [Fact]
    public void Double_converter_round_trips_and_rejects_non_finite_values()
    {
        Assert.Equal(0.1, Read(JsonDoubleConverter.Instance, Write(JsonDoubleConverter.Instance, 0.1)));
        Assert.Equal(1.5e300, Read(JsonDoubleConverter.Instance, "1.5e300"));
        Assert.Throws<JsonException>(() => Read(JsonDoubleConverter.Instance, "1e400"));
        Assert.Throws<JsonException>(() => Read(JsonDoubleConverter.Instance, "-1e400"));
        Assert.Throws<JsonException>(() => Read(JsonDoubleConverter.Instance, "true"));
        Assert.Throws<JsonException>(() => Write(JsonDoubleConverter.Instance, double.NaN));
    }

    [Fact]
    public void Boolean_converter_round_trips_and_rejects_the_string_true()
    {
        Assert.True(Read(JsonBooleanConverter.Instance, "true"));
        Assert.False(Read(JsonBooleanConverter.Instance, Write(JsonBooleanConverter.Instance, false)));

        var error = Assert.Throws<JsonException>(() => Read(JsonBooleanConverter.Instance, "\"true\""));
        Assert.Equal("Expected a JSON boolean but found String.", error.Message);
    }

    [Fact]
    public void JsonElement_converter_round_trips_any_value_detached_from_the_input()
    {
        const string json = """{"a":[1,2.50,"x",null,{"b":false}]}""";

        JsonElement element = Read(JsonElementValueConverter.Instance, json);

        Assert.Equal(json, Write(JsonElementValueConverter.Instance, element));
        Assert.Equal("null", Write(JsonElementValueConverter.Instance, default));
    }

    [Fact]
    public void JsonElement_converter_rejects_a_reader_that_is_not_on_a_value()
    {
        Assert.Throws<JsonException>(() =>
        {
            var reader = new Utf8JsonReader("{\"a\":1}"u8);
            reader.Read();
            reader.Read();
            return JsonElementValueConverter.Instance.Read(ref reader, typeof(JsonElement), Options);
        });
    }
}
