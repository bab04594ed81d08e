using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Tests.Serialization;

public sealed class JsonReadPathTests
{
    [Fact]
    public void Prepend_builds_the_full_path_keeps_the_original_reason_and_does_not_grow_the_exception_chain()
    {
        JsonException original = JsonReadPath.Error("Bad value.");

        JsonException inner = JsonReadPath.Prepend(original, 3);
        JsonException outer = JsonReadPath.Prepend(inner, "items");
        JsonException root = JsonReadPath.Prepend(outer, "settings");

        Assert.Equal("$.settings.items[3]", root.Path);
        Assert.Equal("Bad value. Path: $.settings.items[3].", root.Message);
        Assert.Same(original, root.InnerException);
        Assert.Equal(".settings.items[3]", root.Data["Kazoo.JsonPath"]);
        Assert.Equal("Bad value.", root.Data["Kazoo.JsonReason"]);
    }

    [Fact]
    public void Prepend_quotes_property_names_that_are_not_plain_identifiers()
    {
        JsonException error = JsonReadPath.Error("Bad.");

        Assert.Equal("$['a.b'][0]", JsonReadPath.Prepend(JsonReadPath.Prepend(error, 0), "a.b").Path);
        Assert.Equal("$['it\\'s']", JsonReadPath.Prepend(error, "it's").Path);
        Assert.Equal("$['']", JsonReadPath.Prepend(error, "").Path);
        Assert.Equal("$['1a']", JsonReadPath.Prepend(error, "1a").Path);
        Assert.Equal("$['pvt-x']", JsonReadPath.Prepend(error, "pvt-x").Path);
        Assert.Equal("$._a1", JsonReadPath.Prepend(error, "_a1").Path);
    }

    [Fact]
    public void Prepend_converts_other_exception_types_and_keeps_them_as_inner_exception()
    {
        var format = new FormatException("Not a date.");

        JsonException error = JsonReadPath.Prepend(JsonReadPath.Prepend(format, "created"), 2);

        Assert.IsType<JsonException>(error);
        Assert.Equal("$[2].created", error.Path);
        Assert.Equal("Not a date. Path: $[2].created.", error.Message);
        Assert.Same(format, error.InnerException);
    }

    [Fact]
    public void Prepend_uses_the_message_of_a_foreign_JsonException_as_the_reason()
    {
        var foreign = new JsonException("Something failed.");

        JsonException error = JsonReadPath.Prepend(foreign, "x");

        Assert.Equal("Something failed. Path: $.x.", error.Message);
        Assert.Same(foreign, error.InnerException);
    }

    [Fact]
    public void Error_has_the_root_path_and_the_reason_as_message()
    {
        JsonException error = JsonReadPath.Error("Broken.");

        Assert.Equal("$", error.Path);
        Assert.Equal("Broken.", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void MissingRequired_names_the_property_and_gets_its_path_from_the_caller()
    {
        JsonException error = JsonReadPath.Prepend(JsonReadPath.MissingRequired("bucket"), "settings");

        Assert.Equal("$.settings", error.Path);
        Assert.Equal("The JSON object is missing the required property 'bucket'. Path: $.settings.", error.Message);
    }

    [Fact]
    public void UnexpectedToken_names_the_expected_and_the_actual_token()
    {
        Assert.Equal("Expected a JSON string but found Number.", JsonReadPath.UnexpectedToken(JsonTokenType.String, JsonTokenType.Number).Message);
        Assert.Equal("Expected a JSON object but found StartArray.", JsonReadPath.UnexpectedToken(JsonTokenType.StartObject, JsonTokenType.StartArray).Message);
    }
}
