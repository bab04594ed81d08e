using System.Text;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>Draft-04 keywords and their traps, on small schema sets built by hand (as the generator would emit them).</summary>
public sealed class KeywordTests
{
    private static ValidationErrors Check(SchemaNode root, string json, params SchemaNode[] more)
    {
        var validator = new SchemaSet([root, .. more], new Dictionary<string, int> { ["t"] = 0 }).Validator("t");
        var utf8 = Encoding.UTF8.GetBytes(json);
        var errors = validator.Validate(utf8);
        // The verdict-only walk takes its own paths (one read for a node and its chosen branch, UTF-8 checks): same verdict.
        Assert.Equal(errors.IsValid, validator.IsValid(utf8));
        Assert.Equal(validator.Validate(utf8, ValidationOptions.KazooExact).IsValid, validator.IsValid(utf8, ValidationOptions.KazooExact));
        return errors;
    }

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
    [InlineData("ipv4", "0.0.0.0", true)]
    [InlineData("ipv4", "255.255.255.255", true)]
    [InlineData("ipv4", "300.1.1.1", false)]
    [InlineData("ipv4", "256.0.0.0", false)]
    [InlineData("ipv4", "::1", false)]
    [InlineData("ipv4", "01.2.3.4", false)] // strict dotted decimal, as Erlang's ipv4strict_address: no leading zero,
    [InlineData("ipv4", "0x7f.0.0.1", false)] // no hexadecimal,
    [InlineData("ipv4", "127.1", false)] // no shortened form
    [InlineData("ipv4", "1.2.3.4.5", false)]
    [InlineData("ipv4", "1.2.3.", false)]
    [InlineData("ipv4", "1.2.3.4 ", false)]
    [InlineData("ipv6", "::1", true)]
    [InlineData("ipv6", "::", true)]
    [InlineData("ipv6", "2001:DB8:0:0:8:800:200C:417A", true)]
    [InlineData("ipv6", "2001:db8::8:800:200c:417a", true)]
    [InlineData("ipv6", "1::2:3:4:5:6:7", true)]
    [InlineData("ipv6", "1:2:3:4:5:6:7::", true)]
    [InlineData("ipv6", "::ffff:192.0.2.1", true)]
    [InlineData("ipv6", "1:2:3:4:5:6:192.0.2.1", true)]
    [InlineData("ipv6", "192.168.0.1", false)]
    [InlineData("ipv6", "1:2:3:4:5:6:7:8:9", false)]
    [InlineData("ipv6", "1:2:3:4:5:6:7", false)]
    [InlineData("ipv6", "1::2:3:4:5:6:7:8", false)] // "::" stands for at least one zero group
    [InlineData("ipv6", "1::2::3", false)]
    [InlineData("ipv6", "12345::", false)]
    [InlineData("ipv6", ":1:2:3:4:5:6:7", false)]
    [InlineData("ipv6", "::ffff:192.0.2.01", false)]
    [InlineData("ipv6", "1:2:3:4:5:6:7:192.0.2.1", false)]
    [InlineData("ipv6", "fe80::1%eth0", false)] // no zone index,
    [InlineData("ipv6", "[::1]", false)] // no brackets
    [InlineData("date-time", "2024-01-01T00:00:00Z", true)]
    [InlineData("date-time", "1963-06-19T08:30:06.283185Z", true)]
    [InlineData("date-time", "2024-01-01t00:00:00z", true)] // as Kazoo's rfc3339 parser: t and z in either case,
    [InlineData("date-time", "2024-01-01 00:00:00+01:00", true)] // a space for T,
    [InlineData("date-time", "2024-01-01T00:00:00.123456789-05:30", true)] // any number of fraction digits,
    [InlineData("date-time", "2016-12-31T23:59:60Z", true)] // a leap second,
    [InlineData("date-time", "2024-02-29T00:00:00Z", true)]
    [InlineData("date-time", "2023-02-29T00:00:00Z", false)]
    [InlineData("date-time", "2024-04-31T00:00:00Z", false)]
    [InlineData("date-time", "2024-01-01T00:00:00+23:59", true)]
    [InlineData("date-time", "2024-01-01T00:00:00+24:00", false)]
    [InlineData("date-time", "2024-01-01T24:00:00Z", false)]
    [InlineData("date-time", "2024-13-01T00:00:00Z", false)]
    [InlineData("date-time", "2024-01-01T00:00:00", false)] // an offset is required
    [InlineData("date-time", "2024-01-01T00:00:00+0100", false)]
    [InlineData("date-time", "2024-01-01T00:00:00Z ", false)]
    [InlineData("date-time", "2024-01-01", false)]
    [InlineData("date-time", "06/19/1963 08:30:06 PST", false)]
    [InlineData("uri", "anything at all", true)]
    [InlineData("email", "ada@example.com", true)]
    [InlineData("email", "ada@localhost", true)] // Kazoo checks ^[^@]+@[^@]+$: no dot needed, white space allowed
    [InlineData("email", "ada lovelace@example com", true)]
    [InlineData("email", "@example.com", false)]
    [InlineData("email", "ada@", false)]
    [InlineData("email", "ada@b@example.com", false)]
    [InlineData("email", "ada.example.com", false)]
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

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("\"ab\"", false)]
    [InlineData("\"abcd\"", false)]
    [InlineData("\"h\\u00e9\\u00e9\"", true)] // escaped: three code points
    [InlineData("\"héé\"", true)] // five UTF-8 bytes, three code points
    [InlineData("\"😀😀😀\"", true)] // twelve bytes, six UTF-16 units, three code points
    [InlineData("\"😀😀😀😀\"", false)]
    [InlineData("\"\\ud83d\\ude00ab\"", true)] // an escaped surrogate pair is one code point
    public void Lengths_count_code_points_whether_read_as_bytes_or_text(string json, bool valid)
    {
        var node = new SchemaNode("t", "#") { Types = JsonTypes.String, MinLength = 3, MaxLength = 3 };

        Assert.Equal(valid, Check(node, json).IsValid);
    }

    [Theory]
    [InlineData(@"^[^\s]{2}$")]
    [InlineData(@"^[^\s]*$")]
    [InlineData(@"^[a-z0-9]{3}$")]
    [InlineData(@"^[a-z]+$")]
    [InlineData("^ab")]
    [InlineData("^h\u00e9")] // not ASCII: the text path
    public void Simple_patterns_on_utf8_match_as_the_regex_does(string pattern)
    {
        var regex = SchemaRegex.Create(pattern);
        var node = new SchemaNode("t", "#") { Pattern = regex };
        string[] values =
        [
            "", "a", "ab", "abc", "a b", "é", "éa", "😀", "😀a", "abé", "hé", "héllo",
            @"ab\u00e9", @"h\u00e9", @"a\tb", @"ab\n", @"\ud83d\ude00",
        ];
        foreach (var value in values)
        {
            var json = "\"" + value + "\"";
            using var document = System.Text.Json.JsonDocument.Parse(json);

            Assert.True(regex.IsMatch(document.RootElement.GetString()!) == Check(node, json).IsValid, pattern + " on " + json);
        }
    }

    [Fact]
    public void Invalid_utf8_in_a_checked_string_is_not_json()
    {
        var validator = new SchemaSet([new SchemaNode("t", "#") { MinLength = 1, Pattern = SchemaRegex.Create(@"^[^\s]*$") }], new Dictionary<string, int> { ["t"] = 0 }).Validator("t");
        byte[] utf8 = [(byte)'"', 0xC3, 0x28, (byte)'"'];

        Assert.Throws<System.Text.Json.JsonException>(() => validator.Validate(utf8));
        Assert.Throws<System.Text.Json.JsonException>(() => validator.IsValid(utf8));
    }

    [Fact]
    public void Escaped_member_names_find_their_property_required_entry_and_pattern()
    {
        var root = new SchemaNode("t", "#")
        {
            Properties = [new PropertyRule("bucket", 1)], Required = ["bucket", "key"],
            PatternProperties = [new PatternRule("^[a-z]{3}$", 2)], AdditionalPropertiesAllowed = false,
        };
        var bucket = new SchemaNode("t", "#/properties/bucket") { MinLength = 6 };
        var threeLetters = new SchemaNode("t", "#/patternProperties/x") { Types = JsonTypes.Integer };

        Assert.True(Check(root, """{"\u0062ucket":"abcdef","k\u0065y":1}""", bucket, threeLetters).IsValid);
        Assert.Equal("minLength", Assert.Single(Check(root, """{"b\u0075cket":"abc","key":1}""", bucket, threeLetters)).Code);
        Assert.Equal("key", Assert.Single(Check(root, """{"bucket":"abcdef","ke\u0079":"x"}""", bucket, threeLetters)).Path);
        Assert.Equal("additionalProperties", Assert.Single(Check(root, """{"bucket":"abcdef","key":1,"ké":1}""", bucket, threeLetters)).Code);
        Assert.Equal("required", Assert.Single(Check(root, """{"bucket":"abcdef"}""", bucket, threeLetters)).Code);
    }

    [Theory]
    [InlineData("""{"kind":"a","items":[1,2],"meta":{"x":"ab","y":"c"}}""", true)]
    [InlineData("""{"kind":"a","items":[1,2,3],"meta":{"x":"ab","y":"c"}}""", false)] // the branch's maxItems
    [InlineData("""{"kind":"a","items":[1,-1],"meta":{"x":"ab","y":"c"}}""", false)] // the branch's items
    [InlineData("""{"kind":"a","items":[1.5],"meta":{"x":"ab","y":"c"}}""", false)] // the node's items
    [InlineData("""{"kind":"a","meta":{"y":"c"}}""", false)] // the node's required
    [InlineData("""{"kind":"a","meta":{"x":"abcd","y":"c"}}""", false)] // the branch's maxLength
    [InlineData("""{"kind":"a","meta":{"x":"a","y":"c"}}""", false)] // the node's minLength
    [InlineData("""{"kind":"a","meta":{"x":"ab"}}""", false)] // the branch's required
    [InlineData("""{"kind":"a","meta":{"x":"ab","y":"c","w":1}}""", false)] // the branch's additionalProperties
    [InlineData("""{"kind":"a","meta":{"x":"ab","y":"c"},"extra":1}""", false)]
    [InlineData("""{"kind":"a"}""", false)]
    [InlineData("""{"kind":"a","meta":[]}""", false)]
    [InlineData("""{"kind":"b","z1":1}""", true)]
    [InlineData("""{"kind":"b","z2":2,"meta":{"x":"abc"}}""", true)]
    [InlineData("""{"kind":"b","z1":"x"}""", false)] // the branch's patternProperties
    [InlineData("""{"kind":"b","z3":1}""", false)] // the branch's anyOf
    [InlineData("""{"kind":"b","z1":1,"meta":{}}""", false)]
    [InlineData("""{"kind":"c"}""", false)]
    [InlineData("""{"kind":1}""", false)]
    [InlineData("""{"items":[1]}""", false)]
    [InlineData("""[1]""", false)]
    [InlineData("""{"k\u0069nd":"\u0061","items":[1],"meta":{"\u0078":"ab","y":"c"}}""", true)]
    public void A_discriminated_one_of_checks_the_node_and_the_chosen_branch(string json, bool valid)
    {
        SchemaNode[] nodes =
        [
            new("t", "#")
            {
                Types = JsonTypes.Object, Properties = [new("kind", 1), new("items", 2), new("meta", 3)], OneOf = [4, 9],
                Discriminator = new Discriminator("kind", ["a", "b"]),
            },
            new("t", "#/properties/kind") { Types = JsonTypes.String },
            new("t", "#/properties/items") { Types = JsonTypes.Array, Items = 14 },
            new("t", "#/properties/meta") { Types = JsonTypes.Object, Properties = [new("x", 15)], Required = ["x"] },
            new("t", "#/oneOf/0")
            {
                Types = JsonTypes.Object, Properties = [new("kind", 5), new("items", 6), new("meta", 7)], Required = ["kind", "meta"],
                AdditionalPropertiesAllowed = false,
            },
            new("t", "#/oneOf/0/properties/kind") { Types = JsonTypes.String, Enum = [EnumValue.Of("a")] },
            new("t", "#/oneOf/0/properties/items") { Types = JsonTypes.Array, MaxItems = 2, Items = 16 },
            new("t", "#/oneOf/0/properties/meta")
            {
                Types = JsonTypes.Object, Properties = [new("x", 8), new("y", 8)], Required = ["y"], AdditionalPropertiesAllowed = false,
            },
            new("t", "#/oneOf/0/properties/meta/properties/x") { Types = JsonTypes.String, MaxLength = 3 },
            new("t", "#/oneOf/1") { Types = JsonTypes.Object, Properties = [new("kind", 10)], PatternProperties = [new("^z", 11)], AnyOf = [12, 13] },
            new("t", "#/oneOf/1/properties/kind") { Types = JsonTypes.String, Enum = [EnumValue.Of("b")] },
            new("t", "#/oneOf/1/patternProperties/^z") { Types = JsonTypes.Integer },
            new("t", "#/oneOf/1/anyOf/0") { Required = ["z1"] },
            new("t", "#/oneOf/1/anyOf/1") { Required = ["z2"] },
            new("t", "#/properties/items/items") { Types = JsonTypes.Integer },
            new("t", "#/properties/meta/properties/x") { Types = JsonTypes.String, MinLength = 2 },
            new("t", "#/oneOf/0/properties/items/items") { Minimum = 0 },
        ];

        Assert.Equal(valid, Check(nodes[0], json, nodes[1..]).IsValid);
    }
}
