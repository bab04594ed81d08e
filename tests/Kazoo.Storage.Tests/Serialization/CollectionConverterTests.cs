using System.Text.Json;
using System.Text.Json.Serialization;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class CollectionConverterTests
{
    private static readonly JsonSerializerOptions MapOfListsOptions = new()
    {
        Converters = { new ReadOnlyJsonMapConverter<ReadOnlyJsonList<long>>(new ReadOnlyJsonListConverter<long>(JsonInt64Converter.Instance, false), false) },
    };

    [Fact]
    public void Map_of_lists_round_trips_through_JsonSerializer_keeping_order()
    {
        const string json = """{"z":[3,2],"a":[],"m":[1]}""";

        var map = JsonSerializer.Deserialize<ReadOnlyJsonMap<ReadOnlyJsonList<long>>>(json, MapOfListsOptions)!;

        Assert.Equal(["z", "a", "m"], map.Keys);
        Assert.Equal([3L, 2L], map["z"]);
        Assert.Same(ReadOnlyJsonList<long>.Empty, map["a"]);
        Assert.Equal(json, JsonSerializer.Serialize(map, MapOfListsOptions));
    }

    [Fact]
    public void Map_converter_reads_a_repeated_key_as_its_first_occurrence_as_kazoo_does()
    {
        var converter = new ReadOnlyJsonMapConverter<string>(JsonStringConverter.Instance, false);

        var map = Read(converter, """{"a":"1","b":"2","a":3}""");

        // The repeat is skipped whole, even a value the map's type could not hold.
        Assert.Equal([new("a", "1"), new KeyValuePair<string, string>("b", "2")], map);
        Assert.Equal("""{"a":"1","b":"2"}""", Write(converter, map));
    }

    [Fact]
    public void Map_converter_reads_many_entries_with_repeats_above_the_linear_limit()
    {
        string json = "{" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"k{i % 25}\":{i}")) + "}";

        var map = Read(new ReadOnlyJsonMapConverter<long>(JsonInt64Converter.Instance, false), json);

        Assert.Equal(25, map.Count);
        Assert.Equal("k0", map.Keys.First());
        Assert.Equal(0L, map["k0"]);
        Assert.Equal(14L, map["k14"]);
        Assert.Equal(24L, map["k24"]);
    }

    [Fact]
    public void Wrong_item_in_a_nested_list_reports_the_full_path()
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<ReadOnlyJsonMap<ReadOnlyJsonList<long>>>("""{"a":[1,"x"]}""", MapOfListsOptions));

        Assert.Equal("$.a[1]", error.Path);
        Assert.EndsWith("Path: $.a[1].", error.Message);
        Assert.StartsWith("Expected a JSON number but found String.", error.Message);
    }

    [Fact]
    public void Key_that_is_not_an_identifier_is_quoted_in_the_path()
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<ReadOnlyJsonMap<ReadOnlyJsonList<long>>>("""{"ok":[],"a.b":[0,1,2,1.5]}""", MapOfListsOptions));

        Assert.Equal("$['a.b'][3]", error.Path);
        Assert.Equal("The JSON number is not an integer in the Int64 range. Path: $['a.b'][3].", error.Message);
    }

    [Fact]
    public void Overflow_inside_a_collection_is_a_JsonException_with_the_path()
    {
        var converter = new ReadOnlyJsonListConverter<long>(JsonInt64Converter.Instance, false);

        var error = Assert.Throws<JsonException>(() => Read(converter, "[0,9223372036854775808]"));

        Assert.Equal("$[1]", error.Path);
        Assert.Contains("Int64", error.Message);
    }

    [Fact]
    public void Null_item_is_rejected_unless_allowed()
    {
        var strict = new ReadOnlyJsonListConverter<string?>(JsonStringConverter.Instance!, false);
        var lenient = new ReadOnlyJsonListConverter<string?>(JsonStringConverter.Instance!, true);

        var error = Assert.Throws<JsonException>(() => Read(strict, """["a",null]"""));
        var list = Read(lenient, """["a",null]""");

        Assert.Equal("null is not allowed here. Path: $[1].", error.Message);
        Assert.Equal(["a", null], list);
        Assert.Equal("""["a",null]""", Write(lenient, list));
    }

    [Fact]
    public void Null_map_value_is_rejected_unless_allowed()
    {
        var strict = new ReadOnlyJsonMapConverter<long>(JsonInt64Converter.Instance, false);
        var lenient = new ReadOnlyJsonMapConverter<long>(JsonInt64Converter.Instance, true);

        var error = Assert.Throws<JsonException>(() => Read(strict, """{"a b":null}"""));

        Assert.Equal("$['a b']", error.Path);
        Assert.Equal(0L, Read(lenient, """{"a":null}""")["a"]);
    }

    [Fact]
    public void Collection_converters_reject_the_wrong_container_token()
    {
        var list = new ReadOnlyJsonListConverter<long>(JsonInt64Converter.Instance, false);
        var map = new ReadOnlyJsonMapConverter<long>(JsonInt64Converter.Instance, false);

        Assert.Equal("Expected a JSON array but found StartObject.", Assert.Throws<JsonException>(() => Read(list, "{}")).Message);
        Assert.Equal("Expected a JSON object but found StartArray.", Assert.Throws<JsonException>(() => Read(map, "[]")).Message);
        Assert.Throws<JsonException>(() => Read(map, "\"x\""));
    }

    [Fact]
    public void Other_exception_types_from_an_item_converter_become_JsonExceptions_with_the_path()
    {
        var converter = new ReadOnlyJsonMapConverter<ReadOnlyJsonList<int>>(new ReadOnlyJsonListConverter<int>(new ThrowingConverter(), false), false);

        var error = Assert.Throws<JsonException>(() => Read(converter, """{"list":[7]}"""));

        Assert.Equal("$.list[0]", error.Path);
        Assert.Equal("Boom. Path: $.list[0].", error.Message);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public void JsonElement_values_are_read_detached_and_written_back_unchanged()
    {
        var converter = new ReadOnlyJsonMapConverter<JsonElement>(JsonElementValueConverter.Instance, true);
        const string json = """{"_sig":"abc","n":1.50,"o":{"p":[true]}}""";

        var map = Read(converter, json);

        Assert.Equal("{ _sig = \"abc\", n = 1.50, o = {\"p\":[true]} }", map.ToString());
        Assert.Equal(json, Write(converter, map));
        Assert.Equal("""{"u":null}""", Write(converter, ReadOnlyJsonMap<JsonElement>.Empty.SetItem("u", default)));
    }

    private sealed class ThrowingConverter : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new FormatException("Boom.");

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }
}
