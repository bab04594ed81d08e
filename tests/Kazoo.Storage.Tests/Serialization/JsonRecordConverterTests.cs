using System.Text.Json;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

/// <summary>The runtime behind generated record converters (<see cref="JsonRecordConverter{TRecord}"/>), on <see cref="Widget"/>.</summary>
public sealed class JsonRecordConverterTests
{
    private static Widget ReadWidget(string json) => Read(Widget.Converter, json);

    private static string WriteWidget(Widget widget) => Write(Widget.Converter, widget);

    [Fact]
    public void Members_in_write_order_round_trip_unchanged()
    {
        const string json = """{"name":"a","size":3,"tags":["x","y"],"password":"p","n_one":1,"_sig":"s"}""";

        var widget = ReadWidget(json);

        Assert.Equal("a", widget.Name);
        Assert.Equal(3, widget.Size);
        Assert.Equal(["x", "y"], widget.Tags!);
        Assert.Equal(1, widget.Counts!["n_one"]);
        Assert.Equal(["_sig"], widget.ExtensionData.Keys);
        Assert.Equal(json, WriteWidget(widget));
    }

    [Fact]
    public void A_JSON_null_is_a_value_of_a_JSON_member_and_of_a_JSON_pattern_map_and_is_written_back()
    {
        const string json = """{"value":null,"x_a":null,"x_b":[null]}""";

        var note = Read(Note.Converter, json);

        Assert.Equal(JsonValueKind.Null, note.Value!.Value.ValueKind);
        Assert.Equal(JsonValueKind.Null, note.Extras!["x_a"].ValueKind);
        Assert.Empty(note.ExtensionData.Keys);
        Assert.Equal(json, Write(Note.Converter, note));
    }

    [Fact]
    public void A_JSON_null_is_no_value_of_a_typed_member_or_pattern_map()
    {
        var widget = ReadWidget("""{"name":"a","size":null}""");

        Assert.Null(widget.Size);
        var error = Assert.Throws<JsonException>(() => ReadWidget("""{"name":"a","n_one":null}"""));
        Assert.Contains("null is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_member_order_is_kept_and_written_back()
    {
        const string json = """{"_sig":"s","n_one":1,"size":3,"name":"a","pvt_x":true,"tags":[]}""";

        Assert.Equal(json, WriteWidget(ReadWidget(json)));
    }

    [Fact]
    public void A_member_added_after_reading_out_of_order_is_written_after_the_kept_order()
    {
        var widget = ReadWidget("""{"size":3,"name":"a"}""") with { Password = "p" };

        Assert.Equal("""{"size":3,"name":"a","password":"p"}""", WriteWidget(widget));
    }

    [Fact]
    public void An_explicit_null_is_kept_in_the_extension_data_and_written_back()
    {
        const string json = """{"name":"a","size":null}""";

        var widget = ReadWidget(json);

        Assert.Null(widget.Size);
        Assert.Equal(JsonValueKind.Null, widget.ExtensionData["size"].ValueKind);
        Assert.Equal(json, WriteWidget(widget));
    }

    [Fact]
    public void A_member_set_after_an_explicit_null_hides_the_null()
    {
        var widget = ReadWidget("""{"name":"a","size":null}""") with { Size = 4 };

        Assert.Equal("""{"name":"a","size":4}""", WriteWidget(widget));
    }

    [Fact]
    public void Names_no_member_or_pattern_takes_go_to_the_extension_data()
    {
        var widget = ReadWidget("""{"name":"a","count":1,"n_two":2}""");

        Assert.Equal(["count"], widget.ExtensionData.Keys);
        Assert.Equal(["n_two"], widget.Counts!.Keys);
    }

    [Theory]
    [InlineData("""{"name":"a","name":"b"}""", """{"name":"a"}""")]
    [InlineData("""{"name":"a","size":1,"size":"not a number"}""", """{"name":"a","size":1}""")] // the repeat is never read
    [InlineData("""{"name":"a","size":null,"size":2}""", """{"name":"a","size":null}""")] // an explicit null is an occurrence
    [InlineData("""{"name":"a","n_x":1,"n_x":2}""", """{"name":"a","n_x":1}""")]
    [InlineData("""{"name":"a","_sig":"s1","_sig":"s2"}""", """{"name":"a","_sig":"s1"}""")]
    [InlineData("""{"_sig":{"k":1,"k":2},"name":"a"}""", """{"_sig":{"k":1},"name":"a"}""")] // inside extension values too
    [InlineData("""{"n_x":1,"name":"a","n_x":2,"name":"b","_x":1,"_x":[]}""", """{"n_x":1,"name":"a","_x":1}""")]
    [InlineData( // past the first eight undeclared names, where a hash set takes over: repeats of early and late names
        """{"name":"a","_1":1,"_2":2,"_3":3,"_4":4,"_5":5,"_6":6,"_7":7,"_8":8,"_9":9,"_1":0,"_10":10,"_9":0,"n_x":1,"n_x":2}""",
        """{"name":"a","_1":1,"_2":2,"_3":3,"_4":4,"_5":5,"_6":6,"_7":7,"_8":8,"_9":9,"_10":10,"n_x":1}""")]
    public void A_repeated_member_name_is_read_as_its_first_occurrence_as_kazoo_reads_it(string json, string written)
    {
        var widget = ReadWidget(json);

        Assert.Equal(written, WriteWidget(widget));
        Assert.Equal(ReadWidget(written), widget);
    }

    [Theory]
    [InlineData("""{"name":"a","size":"3"}""", "$.size")]
    [InlineData("""{"name":"a","tags":["x",1]}""", "$.tags[1]")]
    [InlineData("""{"name":"a","n_x":null}""", "$.n_x")]
    [InlineData("""{"name":1}""", "$.name")]
    public void A_wrong_value_is_a_JsonException_naming_its_path(string json, string path)
    {
        var error = Assert.Throws<JsonException>(() => ReadWidget(json));

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void A_missing_required_member_is_named()
    {
        var error = Assert.Throws<JsonException>(() => ReadWidget("""{"size":1}"""));

        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_null_for_a_required_member_counts_as_missing()
    {
        Assert.Throws<JsonException>(() => ReadWidget("""{"name":null}"""));
    }

    [Fact]
    public void Not_an_object_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => ReadWidget("[]"));
    }

    [Fact]
    public void Equality_covers_members_maps_and_extension_data_but_not_member_order()
    {
        var first = ReadWidget("""{"name":"a","size":1,"n_a":1,"_sig":"s"}""");
        var reordered = ReadWidget("""{"_sig":"s","n_a":1,"size":1,"name":"a"}""");

        Assert.Equal(first, reordered);
        Assert.Equal(first.GetHashCode(), reordered.GetHashCode());
        Assert.NotEqual(first, first with { Size = 2 });
        Assert.NotEqual(first, first with { Counts = new Dictionary<string, long> { ["n_a"] = 2 } });
        Assert.NotEqual(first, first with { ExtensionData = JsonExtensionData.Empty });
    }

    [Fact]
    public void ToString_masks_secrets_and_prints_extension_data_masked()
    {
        var widget = ReadWidget("""{"name":"https://a:hunter2@h/","password":"hunter2","_sig":"s1","token":{"t":1}}""");

        var text = widget.ToString();

        Assert.Equal("Widget { Name = https://a:***@h/, Size = , Tags = , Password = ***, Counts = , ExtensionData = { _sig = \"s1\", token = *** } }", text);
    }

    [Fact]
    public void A_union_reads_the_case_its_discriminator_names_wherever_it_stands()
    {
        var shape = Read(Shape.Converter, """{"radius":2,"kind":"circle"}""");

        var circle = Assert.IsType<Circle>(shape);
        Assert.Equal(2, circle.Radius);
        Assert.Equal("""{"radius":2,"kind":"circle"}""", Write(Shape.Converter, shape));
    }

    [Theory]
    [InlineData("""{"kind":"square","side":1}""", "square")]
    [InlineData("""{"side":1}""", null)]
    public void A_union_reads_an_unknown_or_missing_discriminator_as_the_unknown_case_and_keeps_everything(string json, string? kind)
    {
        var shape = Read(Shape.Converter, json);

        var unknown = Assert.IsType<UnknownShape>(shape);
        Assert.Equal(kind, unknown.Kind);
        Assert.Equal(json, Write(Shape.Converter, shape));
    }

    [Fact]
    public void The_unknown_case_keeps_a_discriminator_that_is_not_a_string_in_its_extension_data()
    {
        var unknown = Assert.IsType<UnknownShape>(Read(Shape.Converter, """{"kind":7}"""));

        Assert.Null(unknown.Kind);
        Assert.Equal("""{"kind":7}""", Write(Shape.Converter, unknown));
    }

    [Fact]
    public void A_case_rejects_another_discriminator_value()
    {
        Assert.Throws<JsonException>(() => Read(JsonRecordConverter<Circle>.Instance, """{"kind":"square"}"""));
        Assert.Throws<ArgumentException>(() => new Circle { Kind = "square" });
        Assert.Equal("circle", new Circle { Kind = null }.Kind);
    }

    [Fact]
    public void An_open_enum_keeps_values_the_schema_does_not_list()
    {
        var color = Read(JsonOpenEnumConverter<Color>.Instance, "\"ultraviolet\"");

        Assert.Equal("ultraviolet", color.Value);
        Assert.Equal("\"ultraviolet\"", Write(JsonOpenEnumConverter<Color>.Instance, color));
        Assert.Same(JsonOpenEnumConverter<Color>.Instance, JsonOpenEnumConverter<Color>.Instance);
    }
}
