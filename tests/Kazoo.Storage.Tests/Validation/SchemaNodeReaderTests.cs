using System.Text;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>The one reader of the compiled nodes the generator writes as data (one JSON object a line).</summary>
public sealed class SchemaNodeReaderTests
{
    private static readonly Dictionary<string, int> Roots = new(StringComparer.Ordinal) { ["other"] = 40 };

    private static SchemaNode[] Read(string lines, int first = 10)
    {
        var nodes = new SchemaNode[first + lines.Split('\n').Length];
        SchemaNodeReader.Fill(nodes, first, "file", Encoding.UTF8.GetBytes(lines), Roots, missing: 99);
        return nodes;
    }

    [Fact]
    public void Indexes_are_lines_of_the_file_from_its_first_node_and_ids_are_other_files_roots()
    {
        var node = Read("""{"pointer":"#","properties":[["a",1],["b","other"]],"items":"nowhere","oneOf":[0,1],"not":1}""")[10];

        Assert.Equal(["a", "b"], node.Properties.Select(p => p.Name));
        Assert.Equal([11, 40], node.Properties.Select(p => p.Schema));
        Assert.Equal(99, node.Items);
        Assert.Equal([10, 11], node.OneOf);
        Assert.Equal(11, node.Not);
    }

    [Fact]
    public void An_absent_keyword_is_the_nodes_default()
    {
        var read = Read("""{"pointer":"#/x"}""")[10];
        var made = new SchemaNode("file", "#/x");

        Assert.Equal(("file", "#/x"), (read.SchemaId, read.Pointer));
        Assert.Equal(
            (made.Types, made.Enum, made.AdditionalPropertiesAllowed, made.AdditionalProperties, made.Items, made.TupleItems, made.AdditionalItemsAllowed, made.AdditionalItems, made.MinItems, made.MaxItems, made.MinProperties, made.MaxProperties, made.MinLength, made.MaxLength, made.Not, made.Pattern, made.Minimum, made.Maximum, made.MultipleOf, made.Default, made.Discriminator),
            (read.Types, read.Enum, read.AdditionalPropertiesAllowed, read.AdditionalProperties, read.Items, read.TupleItems, read.AdditionalItemsAllowed, read.AdditionalItems, read.MinItems, read.MaxItems, read.MinProperties, read.MaxProperties, read.MinLength, read.MaxLength, read.Not, read.Pattern, read.Minimum, read.Maximum, read.MultipleOf, read.Default, read.Discriminator));
        Assert.Empty(read.Properties);
        Assert.Empty(read.Required);
        Assert.Empty(read.Dependencies);
    }

    [Fact]
    public void Every_keyword_is_read_with_its_value()
    {
        var node = Read("""
            {"pointer":"#/p","schema":"elsewhere","property":"p","types":17,"enum":[null,true,"a",1.0,[1],{"k":"v"}],"required":["a"],"patternProperties":[["^_",0]],"additionalPropertiesAllowed":false,"tupleItems":[0,"other"],"additionalItemsAllowed":false,"minItems":0,"maxItems":0,"uniqueItems":true,"minProperties":1,"maxProperties":0,"minLength":2,"maxLength":0,"pattern":"^a+$","minimum":"-Infinity","maximum":"Infinity","exactMinimum":0.1,"exactMaximum":12345678901234567890.5,"exclusiveMinimum":true,"exclusiveMaximum":true,"multipleOf":0.0001,"anyOf":[0],"allOf":["other"],"dependencies":[["a",["b","c"]],["d",0]],"discriminator":["handler",["s3","http"]],"format":"uri","kazooValidation":true,"default":{"x":[1,2.50]}}
            """)[10];

        Assert.Equal(("elsewhere", "#/p", "p", (JsonTypes)17), (node.SchemaId, node.Pointer, node.PropertyName, node.Types));
        Assert.Equal([JsonTypes.Null, JsonTypes.Boolean, JsonTypes.String, JsonTypes.Number, JsonTypes.Array, JsonTypes.Object], node.Enum!.Select(v => v.Kind));
        Assert.Equal(["a"], node.Required);
        Assert.Equal(("^_", 10), (node.PatternProperties[0].Text, node.PatternProperties[0].Schema));
        Assert.False(node.AdditionalPropertiesAllowed);
        Assert.Equal([10, 40], node.TupleItems!);
        Assert.False(node.AdditionalItemsAllowed);
        Assert.Equal((0, 0, 1, 0, 2, 0), (node.MinItems, node.MaxItems, node.MinProperties, node.MaxProperties, node.MinLength, node.MaxLength));
        Assert.True(node.UniqueItems);
        Assert.Matches(node.Pattern!, "aaa");
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), (node.Minimum, node.Maximum));
        Assert.Equal((0.1m, 12345678901234567890.5m), (node.ExactMinimum, node.ExactMaximum));
        Assert.True(node.ExclusiveMinimum && node.ExclusiveMaximum && node.KazooValidation);
        Assert.Equal(0.0001, node.MultipleOf);
        Assert.Equal([10], node.AnyOf);
        Assert.Equal([40], node.AllOf);
        Assert.Equal(["b", "c"], node.Dependencies[0].Required);
        Assert.Equal(("d", 10), (node.Dependencies[1].Name, node.Dependencies[1].Schema));
        Assert.Equal("handler", node.Discriminator!.Name);
        Assert.Equal(["s3", "http"], node.Discriminator.Values);
        Assert.Equal("uri", node.Format);
        Assert.Equal("""{"x":[1,2.50]}""", node.Default);
    }

    [Fact]
    public void Each_line_is_one_node_in_order()
    {
        var nodes = Read("{\"pointer\":\"#\"}\n{\"pointer\":\"#/a\"}\n{\"pointer\":\"#/b\"}", first: 0);

        Assert.Equal(["#", "#/a", "#/b"], nodes.Select(n => n.Pointer));
    }

    [Fact]
    public void Data_that_is_not_what_the_generator_writes_is_a_JSON_error_not_a_crash_later()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read("""{"pointer":"#","types":"object"}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read("""{"pointer":"#" """));
    }
}
