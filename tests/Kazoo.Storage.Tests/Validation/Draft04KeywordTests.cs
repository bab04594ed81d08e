using System.Text;
using System.Text.Json;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>
/// The draft-04 keywords beyond Kazoo's own schemas (multipleOf, dependencies, tuple items, enums and uniqueItems of
/// any value, zero bounds, allOf and not), on hand-built schema sets. Every document goes through the full walk and the
/// verdict-only walk in both modes, which must all give one verdict; errors are checked in precise mode.
/// </summary>
public sealed class Draft04KeywordTests
{
    /// <summary>Validates <c>{"x": value}</c> against a root whose member <c>x</c> has the schema <paramref name="node"/> (index 1; <paramref name="more"/> from 2).</summary>
    private static ValidationErrors CheckX(string value, SchemaNode node, params SchemaNode[] more) =>
        Check("{\"x\":" + value + "}", [new SchemaNode("t", "#") { Properties = [new PropertyRule("x", 1)] }, node, .. more]);

    /// <summary>Precise errors, after checking that both walks in both modes give the same verdict.</summary>
    private static ValidationErrors Check(string json, SchemaNode[] nodes, ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        var exactOptions = options with { Mode = ValidationMode.KazooExact };
        var validator = new SchemaSet(nodes, new Dictionary<string, int> { ["t"] = 0 }).Validator("t");
        var utf8 = Encoding.UTF8.GetBytes(json);
        var precise = validator.Validate(utf8, options);
        var verdicts = new[] { validator.IsValid(utf8, options), validator.Validate(utf8, exactOptions).IsValid, validator.IsValid(utf8, exactOptions) };

        Assert.All(verdicts, verdict => Assert.True(verdict == precise.IsValid, $"{json}: precise Validate says {precise}; the other walks say {string.Join(", ", verdicts)}"));
        return precise;
    }

    /// <summary>Valid when <paramref name="path"/> is null; else exactly one error, with this path and code.</summary>
    private static void AssertOutcome(ValidationErrors errors, string? path, string? code)
    {
        if (path is null)
        {
            Assert.True(errors.IsValid, errors.ToString());
            return;
        }

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(code, error.Code);
    }

    private static ValidationErrors Exact(string value, SchemaNode node, params SchemaNode[] more)
    {
        SchemaNode[] nodes = [new SchemaNode("t", "#") { Properties = [new PropertyRule("x", 1)] }, node, .. more];
        return new SchemaSet(nodes, new Dictionary<string, int> { ["t"] = 0 }).Validator("t")
            .Validate(Encoding.UTF8.GetBytes("{\"x\":" + value + "}"), ValidationOptions.KazooExact);
    }

    // ---- multipleOf ----

    [Theory]
    [InlineData("0.0075", 0.0001, true)] // 74.99999999999999 in double division
    [InlineData("19.99", 0.01, true)] // 1998.9999999999998 in double division
    [InlineData("0.3", 0.1, true)]
    [InlineData("0.31", 0.1, false)]
    [InlineData("9", 3, true)]
    [InlineData("10", 3, false)]
    [InlineData("-4", 2, true)]
    [InlineData("7.5", 2.5, true)]
    [InlineData("4.5", 1, false)]
    [InlineData("1.0", 1, true)]
    [InlineData("2e2", 0.5, true)]
    [InlineData("1e-3", 0.001, true)]
    [InlineData("0", 0.7, true)]
    [InlineData("1e308", 0.123456789, false)] // the quotient overflows to infinity: not a multiple
    [InlineData("1e999", 3, false)] // no double at all
    public void MultipleOf_divides_exact_decimals_exactly(string value, double divisor, bool valid)
    {
        var errors = CheckX(value, new SchemaNode("t", "#/properties/x") { MultipleOf = divisor });

        Assert.Equal(valid, errors.IsValid);
        if (!valid)
        {
            AssertOutcome(errors, "x", "multipleOf");
            Assert.Equal(divisor, errors[0].Target!.Value.GetDouble());
            Assert.Equal(value, errors[0].Value!.Value.GetRawText());
            Assert.StartsWith("Value must be a multiple of ", errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MultipleOf_ignores_what_is_not_a_number_and_judges_a_coerced_string_by_its_text()
    {
        var node = new SchemaNode("t", "#/properties/x") { Types = JsonTypes.Number | JsonTypes.Boolean | JsonTypes.String | JsonTypes.Null, MultipleOf = 0.01 };
        var coerced = new SchemaNode("t", "#/properties/x") { Types = JsonTypes.Number, MultipleOf = 0.01 };

        Assert.True(CheckX("\"19.995\"", node).IsValid);
        Assert.True(CheckX("true", node).IsValid);
        Assert.True(CheckX("\"19.99\"", coerced).IsValid);
        AssertOutcome(CheckX("\"19.995\"", coerced), "x", "multipleOf");
    }

    // ---- dependencies ----

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"card":1,"billing":2,"cvc":3}""", true)]
    [InlineData("""{"billing":1}""", true)] // the rule needs "card"
    [InlineData("""{"card":1}""", false)]
    [InlineData("""{"card":1,"billing":2}""", false)]
    [InlineData("""{"c\u0061rd":1,"billing":2,"cvc":3}""", true)] // escaped names are the same names
    [InlineData("""{"c\u0061rd":1,"billing":2}""", false)]
    [InlineData("\"card\"", true)] // only objects
    [InlineData("[\"card\"]", true)]
    public void A_property_list_dependency_requires_members_when_its_member_is_present(string value, bool valid)
    {
        var node = new SchemaNode("t", "#/properties/x") { Dependencies = [new DependencyRule("card", ["billing", "cvc"])] };

        var errors = CheckX(value, node);

        Assert.Equal(valid, errors.IsValid);
        if (!valid)
        {
            AssertOutcome(errors, "x", "dependencies");
            Assert.Equal(JsonValueKind.Object, errors[0].Value!.Value.ValueKind);
            Assert.Contains("'cvc' is required when 'card' is present", errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_property_list_dependency_names_every_missing_member_and_kazoo_mode_uses_kazoos_message()
    {
        var node = new SchemaNode("t", "#/properties/x") { Dependencies = [new DependencyRule("a", ["b"]), new DependencyRule("c", ["d", "e"])] };

        var error = Assert.Single(CheckX("""{"a":1,"c":2,"e":3}""", node));
        var exact = Assert.Single(Exact("""{"a":1,"c":2,"e":3}""", node));

        Assert.Equal("'b' is required when 'a' is present; 'd' is required when 'c' is present", error.Message);
        Assert.Equal(("x", "dependencies", "Dependencies were not validated"), (exact.Path, exact.Code, exact.Message));
    }

    [Theory]
    [InlineData("""{"port":8080}""", null, null)]
    [InlineData("""{"host":"h","port":8080}""", null, null)]
    [InlineData("""{"port":"x"}""", null, null)] // the rule needs "host"
    [InlineData("""{"host":"h"}""", "x.port", "required")]
    [InlineData("""{"host":"h","port":"x"}""", "x.port", "type")]
    [InlineData("""{"host":"h","port":0}""", "x.port", "minimum")]
    public void A_schema_dependency_reports_the_schemas_own_errors_when_its_member_is_present(string value, string? path, string? code)
    {
        var node = new SchemaNode("t", "#/properties/x") { Types = JsonTypes.Object, Dependencies = [new DependencyRule("host", 2)] };
        var whenHost = new SchemaNode("t", "#/properties/x/dependencies/host") { Required = ["port"], Properties = [new PropertyRule("port", 3)] };
        var port = new SchemaNode("t", "#/properties/x/dependencies/host/properties/port") { Types = JsonTypes.Integer, Minimum = 1 };

        var errors = CheckX(value, node, whenHost, port);

        AssertOutcome(errors, path, code);
    }

    [Fact]
    public void DependencyRule_forms_expose_their_schema_or_names()
    {
        var schema = new DependencyRule("a", 3);
        var list = new DependencyRule("b", ["c"]);

        Assert.Equal(("a", 3, 0), (schema.Name, schema.Schema, schema.Required.Count));
        Assert.Equal(("b", -1, "c"), (list.Name, list.Schema, Assert.Single(list.Required)));
    }

    // ---- tuple items and additionalItems ----

    private static SchemaNode[] Tuple(bool additionalAllowed, int additional) =>
    [
        new("t", "#/properties/x") { Types = JsonTypes.Array, TupleItems = [2, 3], AdditionalItemsAllowed = additionalAllowed, AdditionalItems = additional },
        new("t", "#/properties/x/items/0") { Types = JsonTypes.String },
        new("t", "#/properties/x/items/1") { Types = JsonTypes.Integer },
        new("t", "#/properties/x/additionalItems") { Types = JsonTypes.Boolean },
    ];

    [Theory]
    [InlineData("""["a",1]""", null, null)]
    [InlineData("""["a"]""", null, null)] // shorter than the tuple is fine
    [InlineData("[]", null, null)]
    [InlineData("""[1,1]""", "x.0", "type")]
    [InlineData("""["a","b"]""", "x.1", "type")]
    [InlineData("""["a",1,true]""", "x", "additionalItems")]
    [InlineData("""["a",1,true,false]""", "x", "additionalItems")]
    public void Additional_items_false_forbids_items_past_the_tuple(string value, string? path, string? code)
    {
        var nodes = Tuple(additionalAllowed: false, additional: -1);

        var errors = CheckX(value, nodes[0], nodes[1..]);

        AssertOutcome(errors, path, code);
    }

    [Fact]
    public void An_additional_items_error_carries_kazoos_message_and_the_whole_array()
    {
        var nodes = Tuple(additionalAllowed: false, additional: -1);

        var error = Assert.Single(CheckX("""["a",1,true]""", nodes[0], nodes[1..]));

        Assert.Equal("Strict checking of data is enabled; only include schema-defined items", error.Message);
        Assert.Equal(3, error.Value!.Value.GetArrayLength());
    }

    [Theory]
    [InlineData("""["a",1,true,false]""", null)]
    [InlineData("""["a",1,true,"no"]""", "x.3")]
    public void An_additional_items_schema_checks_items_past_the_tuple(string value, string? failingPath)
    {
        var nodes = Tuple(additionalAllowed: true, additional: 4);

        var errors = CheckX(value, nodes[0], nodes[1..]);

        AssertOutcome(errors, failingPath, "type");
    }

    [Fact]
    public void Additional_items_means_nothing_unless_items_is_an_array()
    {
        var single = new SchemaNode("t", "#/properties/x") { Items = 2, AdditionalItemsAllowed = false, AdditionalItems = 3 };
        var integer = new SchemaNode("t", "#/properties/x/items") { Types = JsonTypes.Integer };
        var none = new SchemaNode("t", "#/properties/x") { AdditionalItemsAllowed = false };

        Assert.True(CheckX("[1,2,3]", single, integer, new SchemaNode("t", "#/no")).IsValid);
        AssertOutcome(CheckX("[1,2,true]", single, integer, new SchemaNode("t", "#/no")), "x.2", "type");
        Assert.True(CheckX("[1,\"a\",null]", none).IsValid);
    }

    // ---- enum of any value ----

    private static SchemaNode AnyEnum() => new("t", "#/properties/x")
    {
        Enum =
        [
            EnumValue.FromJson("""{"a":1,"b":[1,2]}"""), EnumValue.FromJson("""[1,"x"]"""), EnumValue.FromJson("100"),
            EnumValue.FromJson("\"s\""), EnumValue.FromJson("true"), EnumValue.FromJson("null"), EnumValue.FromJson("12345678901234567890123"),
            EnumValue.Of("old"), EnumValue.Of(7),
        ],
    };

    [Theory]
    [InlineData("""{"a":1,"b":[1,2]}""")]
    [InlineData("""{"b":[1,2.0],"a":1.0}""")] // members in any order, numbers by value
    [InlineData("""{"\u0061":1,"b":[1,2]}""")]
    [InlineData("""[1,"x"]""")]
    [InlineData("""[1.0,"\u0078"]""")]
    [InlineData("100")]
    [InlineData("100.0")]
    [InlineData("1e2")]
    [InlineData("1.00E+2")]
    [InlineData("\"s\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("12345678901234567890123")]
    [InlineData("1.2345678901234567890123e22")]
    [InlineData("\"old\"")]
    [InlineData("7.0")]
    public void An_enum_value_matches_the_same_json_value(string value) =>
        Assert.True(CheckX(value, AnyEnum()).IsValid);

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("""{"a":1,"b":[2,1]}""")] // arrays keep their order
    [InlineData("""{"a":1,"b":[1,2],"c":3}""")]
    [InlineData("""{"a":true,"b":[1,2]}""")]
    [InlineData("""["x",1]""")]
    [InlineData("""[1,"x",3]""")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("101")]
    [InlineData("\"100\"")] // "1" is not 1
    [InlineData("1")] // 1 is not true
    [InlineData("false")]
    [InlineData("12345678901234567890124")] // the same double as ...123, not the same number
    [InlineData("\"S\"")]
    public void A_value_not_in_an_enum_of_any_values_is_an_enum_error(string value)
    {
        var errors = CheckX(value, AnyEnum());

        AssertOutcome(errors, "x", "enum");
        Assert.Equal(9, errors[0].Target!.Value.GetArrayLength());
        Assert.Equal(JsonValueKind.Object, errors[0].Target!.Value[0].ValueKind);
        Assert.Equal("12345678901234567890123", errors[0].Target!.Value[6].GetRawText()); // written as the schema has it
    }

    [Fact]
    public void An_enum_of_scalars_still_rejects_every_object_and_array()
    {
        var node = new SchemaNode("t", "#/properties/x") { Enum = [EnumValue.Of("a"), EnumValue.FromJson("1")] };

        AssertOutcome(CheckX("{}", node), "x", "enum");
        AssertOutcome(CheckX("[\"a\"]", node), "x", "enum");
        Assert.True(CheckX("1.0", node).IsValid);
    }

    [Fact]
    public void Enum_values_are_equal_when_they_are_the_same_json_value()
    {
        Assert.Equal(EnumValue.Of("a"), EnumValue.Of("a"));
        Assert.Equal(EnumValue.FromJson("\"a\""), EnumValue.Of("a"));
        Assert.Equal(EnumValue.FromJson("1.0"), EnumValue.FromJson("1"));
        Assert.Equal(EnumValue.FromJson("1"), EnumValue.Of(1));
        Assert.Equal(EnumValue.FromJson("""{"a":[1],"b":null}"""), EnumValue.FromJson("""{ "b" : null, "a" : [1.0] }"""));
        Assert.Equal(EnumValue.FromJson("""{"a":[1],"b":null}""").GetHashCode(), EnumValue.FromJson("""{ "b" : null, "a" : [1.0] }""").GetHashCode());
        Assert.NotEqual(EnumValue.FromJson("1"), EnumValue.FromJson("true"));
        Assert.NotEqual(EnumValue.FromJson("1"), EnumValue.Of("1"));
        Assert.NotEqual(EnumValue.FromJson("[1,2]"), EnumValue.FromJson("[2,1]"));
        Assert.Equal(JsonTypes.Object, EnumValue.FromJson("{}").Kind);
        Assert.Equal(JsonTypes.Array, EnumValue.FromJson("[]").Kind);
        Assert.Equal(100, EnumValue.FromJson("1e2").Number);
        Assert.ThrowsAny<JsonException>(() => EnumValue.FromJson("1 2"));
    }

    // ---- uniqueItems ----

    [Theory]
    [InlineData("""[{"a":1},{"a":2}]""", true)]
    [InlineData("""[{"a":1},{"a":1.0}]""", false)]
    [InlineData("""[{"a":1,"b":2},{"b":2,"a":1}]""", false)]
    [InlineData("""[[1,2],[2,1]]""", true)]
    [InlineData("""[[1,2],[1,2]]""", false)]
    [InlineData("""[1,1.0]""", false)]
    [InlineData("""[100,1e2]""", false)]
    [InlineData("""[1,true]""", true)]
    [InlineData("""["1",1]""", true)]
    [InlineData("""[0,false,null,"",[],{}]""", true)]
    [InlineData("""[null,null]""", false)]
    [InlineData("""["\u0061","a"]""", false)]
    public void Unique_items_compares_any_values_as_json_values(string value, bool unique)
    {
        AssertOutcome(CheckX(value, new SchemaNode("t", "#/properties/x") { UniqueItems = true }), unique ? null : "x", "uniqueItems");
    }

    // ---- a repeated member name: Kazoo's decoder keeps every occurrence, and reading a key gives the first ----

    [Theory]
    [InlineData("""{"a":1,"a":"text"}""", null, null)] // the second a is not read
    [InlineData("""{"a":"text","a":1}""", "x.a", "type")]
    [InlineData("""{"a":1,"\u0061":"text"}""", null, null)] // the same name escaped
    [InlineData("""{"a":1,"b":2,"a":3}""", "x", "maxProperties")] // counted once: two members
    [InlineData("""{"a":1,"a":2}""", null, null)]
    public void Only_the_first_occurrence_of_a_repeated_member_is_validated(string value, string? path, string? code)
    {
        var node = new SchemaNode("t", "#/properties/x") { Properties = [new PropertyRule("a", 2)], MaxProperties = 1 };

        AssertOutcome(CheckX(value, node, new SchemaNode("t", "#/properties/x/properties/a") { Types = JsonTypes.Integer }), path, code);
    }

    [Fact]
    public void A_repeated_member_is_not_additional_even_where_no_other_member_is_allowed()
    {
        var closed = new SchemaNode("t", "#/properties/x") { Properties = [new PropertyRule("a", 2)], AdditionalPropertiesAllowed = false };
        var integer = new SchemaNode("t", "#/properties/x/properties/a") { Types = JsonTypes.Integer };

        AssertOutcome(CheckX("""{"a":1,"a":"text"}""", closed, integer), null, null);
        AssertOutcome(CheckX("""{"a":1,"b":2,"a":3}""", closed, integer), "x.b", "additionalProperties");
    }

    [Fact]
    public void Objects_with_repeated_members_are_compared_by_their_first_occurrences()
    {
        AssertOutcome(CheckX("""[{"t":1,"t":2},{"t":1}]""", new SchemaNode("t", "#/properties/x") { UniqueItems = true }), "x", "uniqueItems");
        AssertOutcome(CheckX("""{"on":true,"on":false}""", new SchemaNode("t", "#/properties/x") { Enum = [EnumValue.FromJson("""{"on":true}""")] }), null, null);
    }

    [Fact]
    public void Repeats_are_found_in_objects_too_large_to_compare_names_one_by_one()
    {
        var members = string.Join(",", Enumerable.Range(0, 200).Select(i => "\"m" + i + "\":" + i));
        var node = new SchemaNode("t", "#/properties/x") { AdditionalProperties = 2 };
        var integer = new SchemaNode("t", "#/properties/x/additionalProperties") { Types = JsonTypes.Integer };

        AssertOutcome(CheckX("{" + members + ",\"m150\":\"text\",\"m7\":null}", node, integer), null, null);
        AssertOutcome(CheckX("{" + members + ",\"m200\":\"text\"}", node, integer), "x.m200", "type");
    }

    // ---- zero bounds ----

    [Theory]
    [InlineData("maxItems", "[]", true)]
    [InlineData("maxItems", "[1]", false)]
    [InlineData("maxProperties", "{}", true)]
    [InlineData("maxProperties", """{"a":1}""", false)]
    [InlineData("maxLength", "\"\"", true)]
    [InlineData("maxLength", "\"a\"", false)]
    [InlineData("maxLength", "\"\\u0061\"", false)]
    public void A_maximum_of_zero_allows_only_the_empty_value(string keyword, string value, bool valid)
    {
        var node = keyword switch
        {
            "maxItems" => new SchemaNode("t", "#/properties/x") { MaxItems = 0, MinItems = 0 },
            "maxProperties" => new SchemaNode("t", "#/properties/x") { MaxProperties = 0, MinProperties = 0 },
            _ => new SchemaNode("t", "#/properties/x") { MaxLength = 0, MinLength = 0 },
        };

        AssertOutcome(CheckX(value, node), valid ? null : "x", keyword);
    }

    // ---- allOf and not ----

    private static SchemaNode[] ThreeRequirements() =>
    [
        new("t", "#/properties/x") { AllOf = [2, 3, 4] },
        new("t", "#/properties/x/allOf/0") { Required = ["a"] },
        new("t", "#/properties/x/allOf/1") { Required = ["b"] },
        new("t", "#/properties/x/allOf/2") { Required = ["c"], Properties = [new PropertyRule("c", 5)] },
        new("t", "#/properties/x/allOf/2/properties/c") { Types = JsonTypes.String },
    ];

    [Theory]
    [InlineData("""{"a":1,"b":2,"c":"3"}""", null, null)]
    [InlineData("""{"a":1,"b":2}""", "x.c", "required")] // only the third fails
    [InlineData("""{"a":1,"b":2,"c":3}""", "x.c", "type")]
    [InlineData("""{"b":2,"c":"3"}""", "x.a", "required")]
    public void AllOf_needs_every_schema_and_reports_each_ones_errors_where_they_are(string value, string? path, string? code)
    {
        var nodes = ThreeRequirements();

        var errors = CheckX(value, nodes[0], nodes[1..]);

        AssertOutcome(errors, path, code);
    }

    [Fact]
    public void AllOf_in_kazoo_mode_is_one_all_schemas_not_valid_on_the_value_as_jesse_reports_it()
    {
        var nodes = ThreeRequirements();

        var error = Assert.Single(Exact("""{"a":1,"b":2}""", nodes[0], nodes[1..]));

        Assert.Equal(("x", "all_schemas_not_valid"), (error.Path, error.Code));
        Assert.Equal(JsonValueKind.Object, error.Value!.Value.ValueKind);
    }

    [Theory]
    [InlineData("\"s\"", true)]
    [InlineData("1", false)]
    [InlineData("null", false)]
    public void Not_of_not_is_the_schema_itself(string value, bool valid)
    {
        var notNot = new SchemaNode("t", "#/properties/x") { Not = 2 };
        var not = new SchemaNode("t", "#/properties/x/not") { Not = 3 };
        var text = new SchemaNode("t", "#/properties/x/not/not") { Types = JsonTypes.String };

        AssertOutcome(CheckX(value, notNot, not, text), valid ? null : "x", "not_schema_valid");
    }

    [Fact]
    public void Not_of_a_failing_schema_passes_and_of_a_passing_one_fails()
    {
        var node = new SchemaNode("t", "#/properties/x") { Not = 2 };
        var small = new SchemaNode("t", "#/properties/x/not") { Types = JsonTypes.Integer, Maximum = 10 };

        Assert.True(CheckX("11", node, small).IsValid);
        Assert.True(CheckX("1.5", node, small).IsValid);
        AssertOutcome(CheckX("10", node, small), "x", "not_schema_valid");
    }

    [Fact]
    public void Lenient_coercion_stops_at_every_combinator_as_kazoo_reports_their_failures_under_their_own_codes()
    {
        var integer = new SchemaNode("t", "#/integer") { Types = JsonTypes.Integer };
        var notInteger = new SchemaNode("t", "#/properties/x") { Not = 2 };
        var allInteger = new SchemaNode("t", "#/properties/x") { AllOf = [2] };
        var anyInteger = new SchemaNode("t", "#/properties/x") { AnyOf = [2] };
        var strict = new ValidationOptions { StrictValidation = true };
        SchemaNode Root() => new("t", "#") { Properties = [new PropertyRule("x", 1)] };

        Assert.True(CheckX("\"5\"", integer).IsValid); // coerced: a type error at the top
        Assert.False(Check("""{"x":"5"}""", [Root(), integer], strict).IsValid);
        Assert.True(CheckX("\"5\"", notInteger, integer).IsValid); // "5" is not an integer, so not(integer) holds
        AssertOutcome(CheckX("\"5\"", allInteger, integer), "x", "type");
        AssertOutcome(CheckX("\"5\"", anyInteger, integer), "x", "not_any_schema_valid");
    }

    // ---- the verdict-only walk's one read for a node and its chosen branch ----

    [Theory]
    [InlineData("""{"kind":"a","list":["x"],"size":2,"price":19.5}""", true)]
    [InlineData("""{"kind":"a","list":["x"],"size":2}""", true)]
    [InlineData("""{"kind":"a"}""", true)]
    [InlineData("""{"kind":"a","list":["x",1],"size":2}""", false)] // the branch's additionalItems
    [InlineData("""{"kind":"a","list":[1],"size":2}""", false)] // the branch's tuple
    [InlineData("""{"kind":"a","list":["long"],"size":2}""", false)] // the node's items
    [InlineData("""{"kind":"a","list":["x"]}""", false)] // the branch's dependencies
    [InlineData("""{"kind":"a","list":["x"],"size":0}""", false)] // the node's dependency schema
    [InlineData("""{"kind":"a","list":["x"],"size":"2"}""", false)] // the branch's size: never coerced inside a oneOf
    [InlineData("""{"kind":"a","price":19.995}""", false)] // the node's multipleOf
    [InlineData("""{"kind":"a","price":20.25}""", false)] // the branch's multipleOf
    [InlineData("""{"kind":"a","tags":[{"t":1},{"t":1.0}]}""", false)] // the branch's uniqueItems
    [InlineData("""{"kind":"a","tags":[{"t":1},{"t":2}]}""", true)]
    [InlineData("""{"kind":"a","mode":{"on":true}}""", true)]
    [InlineData("""{"kind":"a","mode":{"on":false}}""", false)] // the branch's enum of objects
    [InlineData("""{"kind":"a","mode":[true]}""", false)]
    public void A_discriminated_one_of_checks_the_new_keywords_of_the_node_and_the_chosen_branch(string json, bool valid) =>
        Assert.Equal(valid, Check(json, Discriminated(nodeDependency: true)).IsValid);

    /// <summary>Without a dependency of its own, the node and its chosen branch are read once for both by the verdict walk.</summary>
    [Theory]
    [InlineData("""{"kind":"a","list":["x"],"size":0}""", true)]
    [InlineData("""{"kind":"a","list":["x"]}""", false)] // the branch's dependencies
    [InlineData("""{"kind":"a","list":["x",1],"size":2}""", false)]
    [InlineData("""{"kind":"a","list":["long"],"size":2}""", false)]
    public void A_branch_dependency_holds_when_the_node_and_branch_are_read_together(string json, bool valid) =>
        Assert.Equal(valid, Check(json, Discriminated(nodeDependency: false)).IsValid);

    [Fact]
    public void Random_documents_get_one_verdict_from_both_walks_in_both_modes()
    {
        SchemaNode[][] schemas = [Discriminated(nodeDependency: true), Discriminated(nodeDependency: false)];
        var random = new Random(2600);
        var verdicts = new int[2];
        for (var i = 0; i < 3000; i++)
        {
            var json = RandomObject(random, depth: 0, kind: random.Next(4) > 0);
            verdicts[Check(json, schemas[i % 2]).IsValid ? 1 : 0]++;
        }

        // Both verdicts come up often enough for the agreement to mean something.
        Assert.True(verdicts[0] > 300 && verdicts[1] > 300, $"invalid {verdicts[0]}, valid {verdicts[1]}");
    }

    private static readonly string[] s_scalars = ["0", "1", "2", "1.0", "19.5", "19.99", "20.25", "-1", "1e308", "\"2\"", "\"a\"", "\"x\"", "\"long\"", "\"🐲\"", "true", "false", "null"];
    private static readonly string[] s_keys = ["list", "size", "price", "tags", "mode", "on", "t"];

    private static string RandomValue(Random random, int depth) => (depth < 3 ? random.Next(5) : 0) switch
    {
        0 or 1 or 2 => s_scalars[random.Next(s_scalars.Length)],
        3 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth + 1, kind: false),
    };

    private static string RandomObject(Random random, int depth, bool kind)
    {
        var members = Enumerable.Range(0, random.Next(4)).Select(_ => s_keys[random.Next(s_keys.Length)]).Distinct()
            .Select(key => "\"" + key + "\":" + (key == "list" && random.Next(2) == 0 ? "[\"x\"]" : key == "mode" && random.Next(2) == 0 ? "{\"on\":true}" : RandomValue(random, depth)));
        return "{" + string.Join(",", (kind ? ["\"kind\":\"a\""] : Array.Empty<string>()).Concat(members)) + "}";
    }

    private static SchemaNode[] Discriminated(bool nodeDependency) =>
    [
        new("t", "#")
        {
            Types = JsonTypes.Object, Properties = [new("kind", 1), new("price", 2), new("list", 12)], OneOf = [3],
            Discriminator = new Discriminator("kind", ["a"]), Dependencies = nodeDependency ? [new DependencyRule("list", 8)] : [],
        },
        new("t", "#/properties/kind") { Types = JsonTypes.String },
        new("t", "#/properties/price") { MultipleOf = 0.01 },
        new("t", "#/oneOf/0")
        {
            Types = JsonTypes.Object, AdditionalPropertiesAllowed = false, Required = ["kind"], // as a discriminator's branches do
            Properties = [new("kind", 4), new("list", 5), new("size", 9), new("price", 6), new("tags", 7), new("mode", 10)],
            Dependencies = [new DependencyRule("list", ["size"])],
        },
        new("t", "#/oneOf/0/properties/kind") { Enum = [EnumValue.Of("a")] },
        new("t", "#/oneOf/0/properties/list") { Types = JsonTypes.Array, TupleItems = [1], AdditionalItemsAllowed = false },
        new("t", "#/oneOf/0/properties/price") { MultipleOf = 0.5 },
        new("t", "#/oneOf/0/properties/tags") { UniqueItems = true },
        new("t", "#/dependencies/list") { Properties = [new("size", 11)] },
        new("t", "#/oneOf/0/properties/size") { Types = JsonTypes.Integer },
        new("t", "#/oneOf/0/properties/mode") { Enum = [EnumValue.FromJson("""{"on":true}""")] },
        new("t", "#/dependencies/list/properties/size") { Minimum = 1 },
        new("t", "#/properties/list") { Types = JsonTypes.Array, Items = 13 },
        new("t", "#/properties/list/items") { MaxLength = 3 },
    ];

    // ---- depth ----

    [Fact]
    public void A_document_nested_ten_thousand_deep_is_refused_with_a_clear_error_not_a_crash()
    {
        // {"items": {"$ref": "#"}}: every level is an array of the same schema.
        var validator = new SchemaSet([new SchemaNode("t", "#") { Items = 0 }], new Dictionary<string, int> { ["t"] = 0 }).Validator("t");
        var deep = Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000));

        foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
        {
            Assert.Contains("depth", Assert.ThrowsAny<JsonException>(() => validator.Validate(deep, options)).Message, StringComparison.Ordinal);
            Assert.Contains("depth", Assert.ThrowsAny<JsonException>(() => validator.IsValid(deep, options)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_document_nested_sixty_four_deep_is_walked_to_the_bottom()
    {
        SchemaNode[] nodes = [new SchemaNode("t", "#") { Types = JsonTypes.Array, Items = 0 }];

        Assert.True(Check(new string('[', 64) + new string(']', 64), nodes).IsValid);
        AssertOutcome(Check(new string('[', 63) + "1" + new string(']', 63), nodes), string.Join(".", Enumerable.Repeat("0", 63)), "type");
    }
}
