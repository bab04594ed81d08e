using System.Text.Json;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class JsonValueEqualityTests
{
    [Fact]
    public void JsonElement_numbers_are_equal_regardless_of_notation_and_hash_alike()
    {
        JsonElement[] ones = [Json("1"), Json("1.0"), Json("10e-1"), Json("0.1e1")];

        foreach (JsonElement other in ones)
        {
            Assert.True(JsonValueEquality.Equals(ones[0], other));
            Assert.Equal(JsonValueEquality.GetHashCode(ones[0]), JsonValueEquality.GetHashCode(other));
        }

        Assert.False(JsonValueEquality.Equals(Json("1"), Json("2")));
    }

    [Fact]
    public void JsonElement_string_is_not_equal_to_the_number_it_spells()
    {
        Assert.False(JsonValueEquality.Equals(Json("\"1\""), Json("1")));
        Assert.False(JsonValueEquality.Equals(Json("true"), Json("false")));
        Assert.False(JsonValueEquality.Equals(Json("[1]"), Json("[1,1]")));
    }

    [Fact]
    public void JsonElement_strings_compare_unescaped_and_hash_alike()
    {
        JsonElement escaped = Json("\"\\u0041b\"");
        JsonElement plain = Json("\"Ab\"");

        Assert.True(JsonValueEquality.Equals(escaped, plain));
        Assert.Equal(JsonValueEquality.GetHashCode(escaped), JsonValueEquality.GetHashCode(plain));
    }

    [Fact]
    public void JsonElement_objects_are_equal_regardless_of_property_order()
    {
        JsonElement x = Json("""{"a":1,"b":{"c":[1,2]}}""");
        JsonElement y = Json("""{"b":{"c":[1,2.0]},"a":1}""");

        Assert.True(JsonValueEquality.Equals(x, y));
        Assert.Equal(JsonValueEquality.GetHashCode(x), JsonValueEquality.GetHashCode(y));
    }

    [Fact]
    public void Nullable_and_default_JsonElements_compare_without_throwing()
    {
        JsonElement? none = null;
        JsonElement? one = Json("1");

        Assert.True(JsonValueEquality.Equals(none, null));
        Assert.False(JsonValueEquality.Equals(none, one));
        Assert.True(JsonValueEquality.Equals(one, Json("1.0")));
        Assert.Equal(0, JsonValueEquality.GetHashCode(none));
        Assert.Equal(JsonValueEquality.GetHashCode(one), JsonValueEquality.GetHashCode<JsonElement?>(Json("1.0")));
        Assert.True(JsonValueEquality.Equals(default(JsonElement), default));
        Assert.False(JsonValueEquality.Equals(default, Json("null")));
        _ = JsonValueEquality.GetHashCode(default(JsonElement));
    }

    [Fact]
    public void Other_types_use_the_default_comparer()
    {
        Assert.True(JsonValueEquality.Equals("a", "a"));
        Assert.False(JsonValueEquality.Equals("a", "A"));
        Assert.True(JsonValueEquality.Equals<string>(null, null));
        Assert.False(JsonValueEquality.Equals("a", null));
        Assert.Equal(0, JsonValueEquality.GetHashCode<string>(null));
        Assert.Equal(42L.GetHashCode(), JsonValueEquality.GetHashCode(42L));
    }

    [Fact]
    public void SequenceEqual_is_ordered_and_null_equals_only_null()
    {
        Assert.True(JsonValueEquality.SequenceEqual<int>(null, null));
        Assert.False(JsonValueEquality.SequenceEqual<int>(null, []));
        Assert.False(JsonValueEquality.SequenceEqual<int>([], null));
        Assert.True(JsonValueEquality.SequenceEqual<int>([1, 2], new List<int> { 1, 2 }));
        Assert.False(JsonValueEquality.SequenceEqual<int>([1, 2], [2, 1]));
        Assert.True(JsonValueEquality.SequenceEqual<JsonElement>([Json("1")], [Json("1.0")]));
        Assert.Equal(JsonValueEquality.SequenceHash<int>([1, 2]), JsonValueEquality.SequenceHash(new List<int> { 1, 2 }));
        Assert.Equal(0, JsonValueEquality.SequenceHash<int>(null));
    }

    [Fact]
    public void MapEqual_ignores_order_across_dictionary_types_and_MapHash_agrees()
    {
        var dictionary = new Dictionary<string, JsonElement> { ["a"] = Json("1"), ["b"] = Json("[]") };
        var map = ReadOnlyJsonMap<JsonElement>.From([new("b", Json("[ ]")), new("a", Json("1.0"))]);

        Assert.True(JsonValueEquality.MapEqual(dictionary, map));
        Assert.Equal(JsonValueEquality.MapHash(dictionary), JsonValueEquality.MapHash(map));
        Assert.Equal(map.GetHashCode(), JsonValueEquality.MapHash(dictionary));
        Assert.False(JsonValueEquality.MapEqual(dictionary, map.SetItem("a", Json("\"1\""))));
        Assert.False(JsonValueEquality.MapEqual(dictionary, null));
        Assert.True(JsonValueEquality.MapEqual<int>(null, null));
        Assert.Equal(0, JsonValueEquality.MapHash<int>(null));
    }
}
