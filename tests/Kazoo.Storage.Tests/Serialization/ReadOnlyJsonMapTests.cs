using System.Text.Json;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class ReadOnlyJsonMapTests
{
    private static KeyValuePair<string, T> Kv<T>(string key, T value) => new(key, value);

    [Fact]
    public void Map_keeps_insertion_order()
    {
        var map = ReadOnlyJsonMap<int>.From([Kv("zeta", 1), Kv("alpha", 2), Kv("mid", 3)]);

        Assert.Equal(["zeta", "alpha", "mid"], map.Keys);
        Assert.Equal([1, 2, 3], map.Values);
        Assert.Equal(["zeta", "alpha", "mid"], map.Select(e => e.Key));
    }

    [Fact]
    public void From_with_duplicate_key_keeps_first_position_and_last_value()
    {
        var map = ReadOnlyJsonMap<int>.From([Kv("a", 1), Kv("b", 2), Kv("a", 3)]);

        Assert.Equal(2, map.Count);
        Assert.Equal([Kv("a", 3), Kv("b", 2)], map);
    }

    [Fact]
    public void From_with_duplicate_keys_above_linear_limit_keeps_first_position_and_last_value()
    {
        var entries = Enumerable.Range(0, 20).Select(i => Kv("k" + i, i)).Append(Kv("k3", 100)).Append(Kv("k15", 200));

        var map = ReadOnlyJsonMap<int>.From(entries);

        Assert.Equal(20, map.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "k" + i), map.Keys);
        Assert.Equal(100, map["k3"]);
        Assert.Equal(200, map["k15"]);
    }

    [Fact]
    public void From_returns_the_same_instance_for_a_map_and_null_for_null()
    {
        var map = ReadOnlyJsonMap<string>.From([Kv("a", "x")]);

        Assert.Same(map, ReadOnlyJsonMap<string>.From(map));
        Assert.Null(ReadOnlyJsonMap<string>.From(null));
        Assert.Same(ReadOnlyJsonMap<string>.Empty, ReadOnlyJsonMap<string>.From(new Dictionary<string, string>()));
    }

    [Fact]
    public void From_copies_so_later_changes_to_the_source_are_not_seen()
    {
        var source = new Dictionary<string, int> { ["a"] = 1 };

        var map = ReadOnlyJsonMap<int>.From(source);
        source["a"] = 2;
        source["b"] = 3;

        Assert.Single(map);
        Assert.Equal(1, map["a"]);
    }

    [Fact]
    public void SetItem_returns_a_new_map_and_leaves_the_original_unchanged()
    {
        var original = ReadOnlyJsonMap<int>.From([Kv("a", 1), Kv("b", 2)]);

        var replaced = original.SetItem("a", 10);
        var appended = original.SetItem("c", 3);

        Assert.Equal([Kv("a", 1), Kv("b", 2)], original);
        Assert.Equal([Kv("a", 10), Kv("b", 2)], replaced);
        Assert.Equal([Kv("a", 1), Kv("b", 2), Kv("c", 3)], appended);
    }

    [Fact]
    public void Remove_keeps_the_order_of_the_other_entries_and_returns_the_same_map_for_a_missing_key()
    {
        var original = ReadOnlyJsonMap<int>.From([Kv("a", 1), Kv("b", 2), Kv("c", 3)]);

        var removed = original.Remove("b");

        Assert.Equal([Kv("a", 1), Kv("c", 3)], removed);
        Assert.Equal(3, original.Count);
        Assert.Same(original, original.Remove("missing"));
        Assert.Same(ReadOnlyJsonMap<int>.Empty, ReadOnlyJsonMap<int>.From([Kv("a", 1)]).Remove("a"));
    }

    [Fact]
    public void Lookup_works_above_the_linear_limit_from_many_threads()
    {
        var map = ReadOnlyJsonMap<int>.From(Enumerable.Range(0, 50).Select(i => Kv("key" + i, i)));

        Parallel.For(0, 200, i =>
        {
            Assert.True(map.TryGetValue("key" + (i % 50), out int value));
            Assert.Equal(i % 50, value);
            Assert.False(map.ContainsKey("KEY" + (i % 50)));
        });
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
        Assert.Equal(51, map.SetItem("new", 1).Count);
        Assert.Equal(49, map.Remove("key7").Count);
        Assert.False(map.Remove("key7").ContainsKey("key7"));
    }

    [Fact]
    public void Equality_ignores_order()
    {
        var x = ReadOnlyJsonMap<int>.From([Kv("a", 1), Kv("b", 2)]);
        var y = ReadOnlyJsonMap<int>.From([Kv("b", 2), Kv("a", 1)]);
        var z = ReadOnlyJsonMap<int>.From([Kv("a", 1), Kv("b", 3)]);

        Assert.True(x.Equals(y));
        Assert.True(x.Equals((object)y));
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.False(x.Equals(z));
        Assert.False(x.Equals(null));
        Assert.False(x.Equals(ReadOnlyJsonMap<int>.From([Kv("a", 1)])));
    }

    [Fact]
    public void Equality_compares_JsonElement_values_by_json_structure()
    {
        var one = ReadOnlyJsonMap<JsonElement>.From([Kv("n", Json("1")), Kv("o", Json("""{"x":1,"y":[true]}"""))]);
        var onePointZero = ReadOnlyJsonMap<JsonElement>.From([Kv("o", Json("""{"y":[true],"x":1.0}""")), Kv("n", Json("1.0"))]);
        var stringOne = ReadOnlyJsonMap<JsonElement>.From([Kv("n", Json("\"1\"")), Kv("o", Json("""{"x":1,"y":[true]}"""))]);

        Assert.Equal(one, onePointZero);
        Assert.Equal(one.GetHashCode(), onePointZero.GetHashCode());
        Assert.NotEqual(one, stringOne);
    }

    [Fact]
    public void ToString_prints_JsonElement_values_masked_never_raw()
    {
        var map = ReadOnlyJsonMap<JsonElement>.From([Kv("secret", Json("\"hunter2\"")), Kv("o", Json("""{"password":"p"}""")), Kv("tokens", Json("[1,2]"))]);

        string text = map.ToString();

        Assert.Equal("""{ secret = ***, o = {"password":"***"}, tokens = [1,2] }""", text);
        Assert.DoesNotContain("hunter2", text);
    }

    [Fact]
    public void ToString_masks_string_values_under_secret_keys_and_url_secrets_in_the_others()
    {
        var map = ReadOnlyJsonMap<string>.From([Kv("api_key", "k"), Kv("url", "https://u:pw@h/?token=t")]);

        Assert.Equal("{ api_key = ***, url = https://u:***@h/?token=*** }", map.ToString());
    }

    [Fact]
    public void ToString_prints_values_and_empty_braces_for_an_empty_map()
    {
        Assert.Equal("{ a = 1, b = null }", ReadOnlyJsonMap<string?>.From([Kv<string?>("a", "1"), Kv<string?>("b", null)]).ToString());
        Assert.Equal("{ }", ReadOnlyJsonMap<int>.Empty.ToString());
    }
}
