using System.Text;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>Draft-04 keywords and their traps, on small schema sets built by hand (as the generator would emit them).</summary>
public sealed class KeywordTests
{
    private static ValidationErrors Check(SchemaNode root, string json, params SchemaNode[] more) =>
        new SchemaSet([root, .. more], new Dictionary<string, int> { ["t"] = 0 }).Validator("t").Validate(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("5", true)]
    [InlineData("4.999", false)]
    [InlineData("10", true)]
    [InlineData("10.5", false)]
    public void Minimum_and_maximum_are_inclusive_by_default(string json, bool valid) =>
        Assert.Equal(valid, Check(new SchemaNode("t", "#") { Minimum = 5, Maximum = 10 }, json).IsValid);

    [Theory]
    [InlineData("5", false)]
    [InlineData("5.001", true)]
    [InlineData("10", false)]
    public void Draft_04_boolean_exclusives_exclude_the_bound(string json, bool valid)
    {
        var errors = Check(new SchemaNode("t", "#") { Minimum = 5, ExclusiveMinimum = true, Maximum = 10, ExclusiveMaximum = true }, json);

        Assert.Equal(valid, errors.IsValid);
    }

    [Fact]
    public void One_is_not_true_in_an_enum()
    {
        var node = new SchemaNode("t", "#") { Enum = [EnumValue.Of(true), EnumValue.Of("1")] };

        Assert.False(Check(node, "1").IsValid);
        Assert.True(Check(node, "true").IsValid);
        Assert.True(Check(node, "\"1\"").IsValid);
        Assert.Equal("enum", Check(node, "false")[0].Code);
    }

    [Fact]
    public void A_type_array_allows_each_listed_type()
    {
        var node = new SchemaNode("t", "#") { Types = JsonTypes.String | JsonTypes.Null };

        Assert.True(Check(node, "null").IsValid);
        Assert.True(Check(node, "\"x\"").IsValid);
        var error = Assert.Single(Check(node, "3"));
        Assert.Equal("Value did not match type(s): string, null", error.Message);
        Assert.Equal(2, error.Target!.Value.GetArrayLength());
    }

    [Fact]
    public void Integer_means_a_number_without_fraction_or_exponent()
    {
        var node = new SchemaNode("t", "#") { Types = JsonTypes.Integer };

        Assert.True(Check(node, "42").IsValid);
        Assert.False(Check(node, "42.0").IsValid);
        Assert.False(Check(node, "4e1").IsValid);
        Assert.True(Check(new SchemaNode("t", "#") { Types = JsonTypes.Number }, "42").IsValid);
    }

    [Fact]
    public void Patterns_are_unanchored()
    {
        var node = new SchemaNode("t", "#") { Pattern = SchemaRegex.Create("b+") };

        Assert.True(Check(node, "\"abbbc\"").IsValid);
        Assert.Equal("Failed to match pattern 'b+'", Assert.Single(Check(node, "\"ac\"")).Message);
    }

    [Fact]
    public void Pattern_properties_are_unanchored_and_typed()
    {
        var root = new SchemaNode("t", "#") { PatternProperties = [new PatternRule("local", 1)] };
        var objectOnly = new SchemaNode("t", "#/patternProperties/local") { Types = JsonTypes.Object };

        Assert.True(Check(root, """{"my_local_db":{}}""", objectOnly).IsValid);
        Assert.Equal("my_local_db", Assert.Single(Check(root, """{"my_local_db":1}""", objectOnly)).Path);
    }

    [Fact]
    public void Format_checks_only_strings()
    {
        var node = new SchemaNode("t", "#") { Format = "email" };

        Assert.True(Check(node, "42").IsValid);
        Assert.True(Check(node, "\"a@example.com\"").IsValid);
        Assert.Equal("wrong_format", Assert.Single(Check(node, "\"not an email\"")).Code);
    }

    [Theory]
    [InlineData("ipv4", "192.168.0.1", true)]
    [InlineData("ipv4", "300.1.1.1", false)]
    [InlineData("ipv4", "::1", false)]
    [InlineData("ipv6", "::1", true)]
    [InlineData("ipv6", "192.168.0.1", false)]
    [InlineData("date-time", "2024-01-01T00:00:00Z", true)]
    [InlineData("date-time", "2024-01-01", false)]
    [InlineData("uri", "anything at all", true)]
    public void Formats_are_checked_as_kazoo_checks_them(string format, string value, bool valid) =>
        Assert.Equal(valid, Check(new SchemaNode("t", "#") { Format = format }, "\"" + value + "\"").IsValid);

    [Fact]
    public void Items_min_items_and_unique_items_apply_to_arrays()
    {
        var root = new SchemaNode("t", "#") { Items = 1, MinItems = 2, UniqueItems = true };
        var item = new SchemaNode("t", "#/items") { Types = JsonTypes.Integer };

        Assert.True(Check(root, "[1,2]", item).IsValid);
        Assert.Equal("minItems", Assert.Single(Check(root, "[1]", item)).Code);
        Assert.Equal("uniqueItems", Assert.Single(Check(root, "[2,2]", item)).Code);
        Assert.Equal("1", Assert.Single(Check(root, "[1,\"x\"]", item)).Path);
    }

    [Fact]
    public void Min_properties_counts_members()
    {
        var root = new SchemaNode("t", "#") { MinProperties = 1 };

        Assert.Equal("minProperties", Assert.Single(Check(root, "{}")).Code);
        Assert.True(Check(root, """{"a":1}""").IsValid);
    }

    [Fact]
    public void Additional_properties_may_be_a_schema()
    {
        var root = new SchemaNode("t", "#") { AdditionalProperties = 1 };
        var strings = new SchemaNode("t", "#/additionalProperties") { Types = JsonTypes.String };

        Assert.True(Check(root, """{"a":"x"}""", strings).IsValid);
        Assert.Equal("b", Assert.Single(Check(root, """{"a":"x","b":2}""", strings)).Path);
    }

    [Fact]
    public void AnyOf_needs_one_matching_branch()
    {
        var root = new SchemaNode("t", "#") { AnyOf = [1, 2] };
        var text = new SchemaNode("t", "#/anyOf/0") { Types = JsonTypes.String };
        var number = new SchemaNode("t", "#/anyOf/1") { Types = JsonTypes.Number };

        Assert.True(Check(root, "\"x\"", text, number).IsValid);
        Assert.True(Check(root, "1", text, number).IsValid);
        Assert.Equal("not_any_schema_valid", Assert.Single(Check(root, "true", text, number)).Code);
    }

    [Fact]
    public void OneOf_rejects_a_value_matching_two_branches()
    {
        var root = new SchemaNode("t", "#") { OneOf = [1, 2] };
        var any = new SchemaNode("t", "#/oneOf/0");
        var number = new SchemaNode("t", "#/oneOf/1") { Types = JsonTypes.Number };

        Assert.Equal("not_one_schema_valid", Assert.Single(Check(root, "1", any, number)).Code);
        Assert.True(Check(root, "\"x\"", any, number).IsValid);
    }

    [Fact]
    public void Recursive_schemas_validate_to_any_depth_by_index()
    {
        // t = { "type": "object", "properties": { "group": { "type": "array", "items": { "$ref": "t" } } } }
        var root = new SchemaNode("t", "#") { Types = JsonTypes.Object, Properties = [new PropertyRule("group", 1)], AdditionalPropertiesAllowed = false };
        var group = new SchemaNode("t", "#/properties/group") { Types = JsonTypes.Array, Items = 0 };

        Assert.True(Check(root, """{"group":[{"group":[{"group":[]}]}]}""", group).IsValid);
        Assert.Equal("group.0.group.0.x", Assert.Single(Check(root, """{"group":[{"group":[{"x":1}]}]}""", group)).Path);
    }
}
