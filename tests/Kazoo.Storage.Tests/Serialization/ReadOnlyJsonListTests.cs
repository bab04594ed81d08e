using System.Text.Json;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class ReadOnlyJsonListTests
{
    [Fact]
    public void From_returns_the_same_instance_for_a_list_and_null_for_null()
    {
        var list = ReadOnlyJsonList<int>.From([1, 2]);

        Assert.Same(list, ReadOnlyJsonList<int>.From(list));
        Assert.Null(ReadOnlyJsonList<int>.From(null));
        Assert.Same(ReadOnlyJsonList<int>.Empty, ReadOnlyJsonList<int>.From(Array.Empty<int>()));
    }

    [Fact]
    public void From_copies_so_later_changes_to_the_source_array_are_not_seen()
    {
        int[] source = [1, 2, 3];

        var list = ReadOnlyJsonList<int>.From(source);
        source[0] = 99;

        Assert.Equal([1, 2, 3], list);
        Assert.Equal(3, list.Count);
        Assert.Equal(2, list[1]);
    }

    [Fact]
    public void Equality_is_structural_and_ordered()
    {
        var x = ReadOnlyJsonList<string>.From(["a", "b"]);
        var y = ReadOnlyJsonList<string>.From(new List<string> { "a", "b" });
        var reversed = ReadOnlyJsonList<string>.From(["b", "a"]);

        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.NotEqual(x, reversed);
        Assert.False(x.Equals(null));
        Assert.False(x.Equals(ReadOnlyJsonList<string>.From(["a"])));
    }

    [Fact]
    public void Equality_compares_JsonElement_items_by_json_structure()
    {
        var x = ReadOnlyJsonList<JsonElement>.From([Json("1"), Json("""{"a":"b"}""")]);
        var y = ReadOnlyJsonList<JsonElement>.From([Json("1.0"), Json("""{ "a" : "b" }""")]);
        var z = ReadOnlyJsonList<JsonElement>.From([Json("\"1\""), Json("""{"a":"b"}""")]);

        Assert.True(x.Equals(y));
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.False(x.Equals(z));
    }

    [Fact]
    public void ToString_prints_items_masked_and_JsonElement_items_as_masked_json()
    {
        Assert.Equal("[a, b]", ReadOnlyJsonList<string>.From(["a", "b"]).ToString());
        Assert.Equal("[]", ReadOnlyJsonList<string>.Empty.ToString());
        Assert.Equal("""["token", 42, {"token":"***"}]""", ReadOnlyJsonList<JsonElement>.From([Json("\"token\""), Json("42"), Json("""{"token":"t"}""")]).ToString());
        Assert.Equal("[https://u:***@h/]", ReadOnlyJsonList<string>.From(["https://u:pw@h/"]).ToString());
    }
}
