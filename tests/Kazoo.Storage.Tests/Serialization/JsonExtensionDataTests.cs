using System.Text.Json;
using Kazoo.Storage.Serialization;
using static Kazoo.Storage.Tests.Serialization.JsonTestHelpers;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class JsonExtensionDataTests
{
    private static KeyValuePair<string, JsonElement> Member(string name, string json) => new(name, Json(json));

    [Fact]
    public void Create_keeps_input_order_and_a_repeated_name_keeps_its_first_position_with_the_last_value()
    {
        var data = JsonExtensionData.Create([Member("_sig", "\"s\""), Member("pvt_type", "\"plan\""), Member("_sig", "\"t\"")]);

        Assert.Equal(["_sig", "pvt_type"], data.Keys);
        Assert.Equal("t", data["_sig"].GetString());
    }

    [Fact]
    public void Create_returns_Empty_for_null_or_no_members()
    {
        Assert.Same(JsonExtensionData.Empty, JsonExtensionData.Create(null));
        Assert.Same(JsonExtensionData.Empty, JsonExtensionData.Create([]));
        Assert.Empty(JsonExtensionData.Empty);
    }

    [Fact]
    public void With_replaces_in_place_or_appends_and_Without_removes_without_changing_the_original()
    {
        var original = JsonExtensionData.Create([Member("a", "1"), Member("b", "2")]);

        var replaced = original.With("a", Json("10"));
        var appended = original.With("c", Json("3"));
        var removed = original.Without("a");

        Assert.Equal(["a", "b"], replaced.Keys);
        Assert.Equal(10, replaced["a"].GetInt32());
        Assert.Equal(["a", "b", "c"], appended.Keys);
        Assert.Equal(["b"], removed.Keys);
        Assert.Same(original, original.Without("missing"));
        Assert.Same(JsonExtensionData.Empty, removed.Without("b"));
        Assert.Equal(1, original["a"].GetInt32());
        Assert.Equal(2, original.Count);
    }

    [Fact]
    public void Equality_ignores_order_and_compares_values_deeply()
    {
        var x = JsonExtensionData.Create([Member("a", "1"), Member("b", """{"k":[1,2]}""")]);
        var y = JsonExtensionData.Create([Member("b", """{"k":[1.0,2e0]}"""), Member("a", "1.00")]);
        var z = JsonExtensionData.Create([Member("a", "\"1\""), Member("b", """{"k":[1,2]}""")]);

        Assert.True(x.Equals(y));
        Assert.True(x.Equals((object)y));
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.False(x.Equals(z));
        Assert.False(x.Equals(JsonExtensionData.Empty));
    }

    [Fact]
    public void ToString_prints_members_masked_by_the_secret_rule()
    {
        var data = JsonExtensionData.Create([
            Member("_sig", "\"3b1f0c\""),
            Member("foo", "{\"password\":\"x\",\"link\":\"https://u:hunter2@h/?sig=abc&n=1\"}"),
            Member("api_key", "[\"k1\",\"k2\"]"),
        ]);

        string text = data.ToString();

        Assert.Equal("{ _sig = \"3b1f0c\", foo = {\"password\":\"***\",\"link\":\"https://u:***@h/?sig=***&n=1\"}, api_key = *** }", text);
        Assert.Equal("{ }", JsonExtensionData.Empty.ToString());
    }

    [Fact]
    public void WriteTo_writes_all_members_in_order_and_can_skip_names()
    {
        var data = JsonExtensionData.Create([Member("z", "1"), Member("a", """{"b":[true,null]}"""), Member("m", "\"s\"")]);

        Assert.Equal("""{"z":1,"a":{"b":[true,null]},"m":"s"}""", WriteObject(data.WriteTo));
        Assert.Equal("""{"z":1,"m":"s"}""", WriteObject(w => data.WriteTo(w, "a", static (skipped, name) => name == skipped)));
    }

    [Fact]
    public void WriteMember_writes_a_present_member_and_nothing_for_a_missing_one()
    {
        var data = JsonExtensionData.Create([Member("_id", "\"abc\"")]);

        Assert.Equal("""{"_id":"abc"}""", WriteObject(w => { data.WriteMember(w, "_id"); data.WriteMember(w, "_rev"); }));
    }

    [Fact]
    public void Lookup_works_for_many_members()
    {
        var data = JsonExtensionData.Create(Enumerable.Range(0, 30).Select(i => Member("pvt_" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(30, data.Count);
        Assert.True(data.TryGetValue("pvt_17", out JsonElement value));
        Assert.Equal(17, value.GetInt32());
        Assert.False(data.ContainsKey("pvt_30"));
        Assert.Equal("pvt_29", data.Keys.Last());
    }
}
