using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// Reformatting a schema (other whitespace, indentation or line endings; the same content in the same key order)
/// changes nothing generated: every type output, every schema file's validation-node output and the JSON context
/// output are <c>Unchanged</c> or <c>Cached</c>, while diagnostics move with the text.
/// </summary>
public sealed class SchemaReformattingIncrementalTests
{
    private const string AwsId = "storage.attachment.aws";

    public static TheoryData<string> Styles => new() { "tabs", "compact", "two-spaces-crlf", "trailing-whitespace" };

    [Theory]
    [MemberData(nameof(Styles))]
    public void Reformatting_every_schema_leaves_every_type_output_unchanged_or_cached(string style)
    {
        var second = RunReformatted(style, StorageSchemas.All().Select(s => s.Path));

        var reasons = second.OutputReasons(SchemaGenerator.Steps.TypeOutputs);
        Assert.Equal(second.TypeHints().Count, reasons.Count); // one output per type
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, style + ": " + reason));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Reformatting_every_schema_leaves_every_schema_nodes_output_unchanged_or_cached(string style)
    {
        var second = RunReformatted(style, StorageSchemas.All().Select(s => s.Path));

        var reasons = second.OutputReasons(SchemaGenerator.Steps.SchemaNodeOutputs);
        Assert.Equal(StorageSchemas.Count, reasons.Count); // one output per schema file
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, style + ": " + reason));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Reformatting_every_schema_leaves_the_context_output_unchanged_or_cached(string style)
    {
        var second = RunReformatted(style, StorageSchemas.All().Select(s => s.Path));

        var reasons = second.OutputReasons(SchemaGenerator.Steps.ContextOutput);
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, style + ": " + reason));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Reformatting_one_schema_leaves_every_output_unchanged_or_cached(string style)
    {
        var second = RunReformatted(style, new[] { StorageSchemas.Get(AwsId).Path });

        var reasons = second.OutputReasons(SchemaGenerator.Steps.TypeOutputs)
            .Concat(second.OutputReasons(SchemaGenerator.Steps.SchemaNodeOutputs))
            .Concat(second.OutputReasons(SchemaGenerator.Steps.ContextOutput))
            .ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, style + ": " + reason));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Reformatting_generates_the_same_text(string style)
    {
        var first = GeneratorHarness.Run(StorageSchemas.All());
        var second = RunReformatted(style, StorageSchemas.All().Select(s => s.Path));

        Assert.Equal(first.Sources.Keys.Order(StringComparer.Ordinal), second.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.Sources, source => Assert.True(source.Value == second.Sources[source.Key], style + ": " + source.Key + " changed"));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Diagnostics_follow_the_reformatted_text(string style)
    {
        // The three storage schemas that keep Kazoo's "patern" typo warn (KZS007) at that key, wherever it now stands.
        var texts = StorageSchemas.All().ToDictionary(s => s.Path, s => Reformat(s.Text, style), StringComparer.Ordinal);
        var second = RunReformatted(style, texts.Keys);

        var typos = second.GeneratorDiagnostics.Where(d => d.Id == "KZS007").ToList();
        Assert.Equal(3, typos.Count);
        foreach (var typo in typos)
        {
            var span = typo.Location.GetLineSpan();
            var line = texts[span.Path].Split('\n')[span.StartLinePosition.Line];
            Assert.True(line.Contains("\"patern\"", StringComparison.Ordinal) || style == "compact", style + ": KZS007 at a line without 'patern': " + line);
            if (style == "compact")
            {
                Assert.Equal(0, span.StartLinePosition.Line);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Reformatting_changes_whitespace_only(string style)
    {
        foreach (var schema in StorageSchemas.All())
        {
            var reformatted = Reformat(schema.Text, style);

            Assert.NotEqual(schema.Text, reformatted);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(schema.Text), JsonNode.Parse(reformatted)), schema.Path);
            Assert.Equal(Keys(JsonNode.Parse(schema.Text)), Keys(JsonNode.Parse(reformatted)));
        }
    }

    /// <summary>Runs the storage schemas, reformats some of them, and runs again incrementally.</summary>
    private static GeneratorRun RunReformatted(string style, IEnumerable<string> paths)
    {
        var schemas = StorageSchemas.All().ToDictionary(s => s.Path, StringComparer.Ordinal);
        var harness = new GeneratorHarness(schemas.Values);
        harness.Run();
        foreach (var path in paths)
        {
            harness.ReplaceSchemaText(path, Reformat(schemas[path].Text, style));
        }

        return harness.Run();
    }

    /// <summary>The same JSON (same keys, same order, same values), laid out differently.</summary>
    private static string Reformat(string json, string style)
    {
        var node = JsonNode.Parse(json);
        string Write(bool indented, char indentCharacter = ' ', int indentSize = 2, string newLine = "\n") => node!.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = indented,
            IndentCharacter = indentCharacter,
            IndentSize = indentSize,
            NewLine = newLine,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

        return style switch
        {
            "tabs" => Write(true, '\t', 1),
            "compact" => Write(false),
            "two-spaces-crlf" => Write(true, ' ', 2, "\r\n") + "\r\n",
            "trailing-whitespace" => string.Join("\n", json.Split('\n').Select(line => line.TrimEnd() + "   ")) + "\n\n\t\n",
            _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
        };
    }

    /// <summary>Every object key in document order, depth first.</summary>
    private static List<string> Keys(JsonNode? node)
    {
        var keys = new List<string>();
        void Visit(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        keys.Add(key);
                        Visit(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Visit(item);
                    }

                    break;
            }
        }

        Visit(node);
        return keys;
    }
}
