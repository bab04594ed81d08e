using System.Text;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>The one reader of the compiled nodes the generator writes as data (one JSON object a line per schema file).</summary>
public sealed class SchemaSetBuilderTests
{
    private static SchemaSet Build(params (string Id, string Lines, string? RootAliasOf)[] files)
    {
        var builder = new SchemaSetBuilder();
        foreach (var (id, lines, alias) in files)
        {
            builder.Add(id, Encoding.UTF8.GetBytes(lines), alias);
        }

        return builder.Build();
    }

    /// <summary>One file, "file", after a two-node file "other": its first node is at 2, its line n at 2 + n.</summary>
    private static SchemaNode[] Read(string lines)
    {
        var set = Build(("other", "{\"pointer\":\"#\"}\n{\"pointer\":\"#/x\"}", null), ("file", lines, null));
        return [.. Enumerable.Range(0, 2 + lines.Split('\n').Length).Select(i => set[i])];
    }

    [Fact]
    public void Indexes_are_lines_of_the_file_from_its_first_node_and_ids_are_other_files_roots()
    {
        var node = Read("""{"pointer":"#","properties":[["a",1],["b","other"]],"items":"nowhere","oneOf":[0,1],"not":1}""" + "\n" + """{"pointer":"#/a"}""")[2];

        Assert.Equal(["a", "b"], node.Properties.Select(p => p.Name));
        Assert.Equal([3, 0], node.Properties.Select(p => p.Schema));
        Assert.Equal(4, node.Items);
        Assert.Equal([2, 3], node.OneOf);
        Assert.Equal(3, node.Not);
    }

    [Fact]
    public void Files_are_laid_out_in_order_and_an_alias_names_the_root_it_refers_to_through_chains()
    {
        var set = Build(
            ("a", "{\"pointer\":\"#\"}\n{\"pointer\":\"#/p\"}", null),
            ("b", """{"pointer":"#"}""", null),
            ("c", """{"pointer":"#"}""", "b"),
            ("d", """{"pointer":"#"}""", "nowhere"),
            ("e", """{"pointer":"#","items":"c","not":"d","allOf":["a","zzz","f"]}""", null),
            ("f", """{"pointer":"#"}""", "c"));

        Assert.Equal(["a", "a", "b", "c", "d", "e", "f"], Enumerable.Range(0, 7).Select(i => set[i].SchemaId));
        var missing = set[7];
        Assert.Equal(("", "#"), (missing.SchemaId, missing.Pointer));
        var e = set[5];
        Assert.Equal(2, e.Items);
        Assert.Equal(7, e.Not);
        Assert.Equal([0, 7, 2], e.AllOf);
        Assert.Equal(["a", "b", "c", "d", "e", "f"], set.SchemaIds.Order());
    }

    [Fact]
    public void An_absent_keyword_is_the_nodes_default()
    {
        var read = Read("""{"pointer":"#/x"}""")[2];
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
            """)[2];

        Assert.Equal(("elsewhere", "#/p", "p", (JsonTypes)17), (node.SchemaId, node.Pointer, node.PropertyName, node.Types));
        Assert.Equal([JsonTypes.Null, JsonTypes.Boolean, JsonTypes.String, JsonTypes.Number, JsonTypes.Array, JsonTypes.Object], node.Enum!.Select(v => v.Kind));
        Assert.Equal(["a"], node.Required);
        Assert.Equal(("^_", 2), (node.PatternProperties[0].Text, node.PatternProperties[0].Schema));
        Assert.False(node.AdditionalPropertiesAllowed);
        Assert.Equal([2, 0], node.TupleItems!);
        Assert.False(node.AdditionalItemsAllowed);
        Assert.Equal((0, 0, 1, 0, 2, 0), (node.MinItems, node.MaxItems, node.MinProperties, node.MaxProperties, node.MinLength, node.MaxLength));
        Assert.True(node.UniqueItems);
        Assert.Matches(node.Pattern!, "aaa");
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), (node.Minimum, node.Maximum));
        Assert.Equal((0.1m, 12345678901234567890.5m), (node.ExactMinimum, node.ExactMaximum));
        Assert.True(node.ExclusiveMinimum && node.ExclusiveMaximum && node.KazooValidation);
        Assert.Equal(0.0001, node.MultipleOf);
        Assert.Equal([2], node.AnyOf);
        Assert.Equal([0], node.AllOf);
        Assert.Equal(["b", "c"], node.Dependencies[0].Required);
        Assert.Equal(("d", 2), (node.Dependencies[1].Name, node.Dependencies[1].Schema));
        Assert.Equal("handler", node.Discriminator!.Name);
        Assert.Equal(["s3", "http"], node.Discriminator.Values);
        Assert.Equal("uri", node.Format);
        Assert.Equal("""{"x":[1,2.50]}""", node.Default);
    }

    [Fact]
    public void Each_line_is_one_node_in_order()
    {
        var nodes = Read("{\"pointer\":\"#\"}\n{\"pointer\":\"#/a\"}\n{\"pointer\":\"#/b\"}");

        Assert.Equal(["#", "#/x", "#", "#/a", "#/b"], nodes.Select(n => n.Pointer));
    }

    [Fact]
    public void Data_that_is_not_what_the_generator_writes_is_a_JSON_error_not_a_crash_later()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read("""{"pointer":"#","types":"object"}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read("""{"pointer":"#" """));
    }
}
