using System.Text;
using System.Text.Json;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>
/// <see cref="ValidationOptions.PublicFieldsOnly"/> on schemas other than <c>storage</c> (whose documents
/// <see cref="StorageValidationTests"/> covers): kept by default, so a schema is read as draft-04 reads it; removed on
/// request, however the root looks at the document.
/// </summary>
public sealed class PublicFieldsTests
{
    private static readonly ValidationOptions s_publicOnly = new() { PublicFieldsOnly = true };

    /// <summary>Every error, after checking that both walks in both modes give one verdict.</summary>
    private static ValidationErrors Check(SchemaNode[] nodes, string json, ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        var validator = new SchemaSet(nodes, new Dictionary<string, int> { ["t"] = 0 }).Validator("t");
        var utf8 = Encoding.UTF8.GetBytes(json);
        var errors = validator.Validate(utf8, options);
        var exact = options with { Mode = ValidationMode.KazooExact };
        Assert.All(
            new[] { validator.IsValid(utf8, options), validator.Validate(utf8, exact).IsValid, validator.IsValid(utf8, exact) },
            verdict => Assert.Equal(errors.IsValid, verdict));
        return errors;
    }

    private static SchemaNode[] Closed() => [new("t", "#") { Types = JsonTypes.Object, Properties = [new("b", 1)], AdditionalPropertiesAllowed = false }, new("t", "#/properties/b")];

    [Fact]
    public void Other_schemas_keep_private_fields_unless_asked()
    {
        Assert.True(Check(Closed(), """{"_id":"x"}""").Contains("_id", "additionalProperties"));
        Assert.True(Check(Closed(), """{"_id":"x","pvt_type":"user","b":1}""", s_publicOnly).IsValid);
    }

    [Fact]
    public void An_error_echoing_the_document_echoes_its_public_fields()
    {
        var error = Assert.Single(Check(Closed(), """{"_id":"x","c":2,"pvt_type":"user"}""", s_publicOnly));

        Assert.Equal("c", error.Path);
        Assert.Equal("""{"c":2}""", error.Value!.Value.GetRawText());
    }

    [Fact]
    public void A_root_that_combines_or_compares_the_whole_document_sees_it_without_private_fields()
    {
        // Two closed shapes: {a} or {b}. With _id kept, neither fits.
        SchemaNode[] oneOf =
        [
            new("t", "#") { OneOf = [1, 2] },
            new("t", "#/oneOf/0") { Types = JsonTypes.Object, Properties = [new("a", 3)], AdditionalPropertiesAllowed = false },
            new("t", "#/oneOf/1") { Types = JsonTypes.Object, Properties = [new("b", 3)], AdditionalPropertiesAllowed = false },
            new("t", "#/properties/x"),
        ];
        SchemaNode[] enumOf = [new("t", "#") { Enum = [EnumValue.FromJson("""{"a":1}""")] }];
        SchemaNode[] counted = [new("t", "#") { MaxProperties = 1, Required = ["a"] }];

        Assert.True(Check(oneOf, """{"_id":"x","a":1}""", s_publicOnly).IsValid);
        Assert.False(Check(oneOf, """{"_id":"x","a":1}""").IsValid);
        Assert.True(Check(enumOf, """{"pvt_x":true,"a":1}""", s_publicOnly).IsValid);
        Assert.True(Check(counted, """{"a":1,"_rev":"1-x","pvt_y":2}""", s_publicOnly).IsValid);
        Assert.True(Check(counted, """{"_a":1}""", s_publicOnly).Contains("a", "required"));
    }

    [Theory]
    [InlineData("""{"_id":1} x""")]
    [InlineData("""{"_id":1,"b":}""")]
    [InlineData("""{"_id":1,"b":1}{}""")]
    public void Malformed_text_around_private_fields_is_still_not_json(string json)
    {
        var validator = new SchemaSet(Closed(), new Dictionary<string, int> { ["t"] = 0 }).Validator("t");

        var ex = Assert.Throws<JsonException>(() => validator.Validate(Encoding.UTF8.GetBytes(json), s_publicOnly));

        Assert.StartsWith("The document is not JSON at line 1, byte ", ex.Message, StringComparison.Ordinal);
    }
}
