using Kazoo.Storage.Generator.Tests.Harness;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// The SDK's 16 storage schemas say what Kazoo master's say, keyword for keyword (descriptions may differ): a keyword
/// added or moved here would make the SDK accept or reject what Crossbar does not.
/// </summary>
public sealed class KazooSchemaFidelityTests
{
    public static TheoryData<string> StorageSchemaFiles() => new(StorageSchemas.All().Select(s => Path.GetFileName(s.Path)));

    [Theory]
    [MemberData(nameof(StorageSchemaFiles))]
    public void Storage_schema_has_the_keywords_of_kazoos(string file)
    {
        var kazoo = KazooCorpus.All().Single(s => Path.GetFileName(s.Path) == file);
        var ours = StorageSchemas.All().Single(s => Path.GetFileName(s.Path) == file);

        var expected = WithoutDescriptions(JToken.Parse(kazoo.Text));
        var actual = WithoutDescriptions(JToken.Parse(ours.Text));

        Assert.True(JToken.DeepEquals(expected, actual), file + " differs from Kazoo's:" + Environment.NewLine + actual + Environment.NewLine + "Kazoo's:" + Environment.NewLine + expected);
    }

    [Fact]
    public void The_sdk_has_a_file_for_every_storage_schema_of_kazoo()
    {
        var kazoo = KazooCorpus.All().Select(s => Path.GetFileName(s.Path)).Where(f => f.StartsWith("storage", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var ours = StorageSchemas.All().Select(s => Path.GetFileName(s.Path)).Order(StringComparer.Ordinal);

        Assert.Equal(kazoo, ours);
    }

    private static JToken WithoutDescriptions(JToken token)
    {
        foreach (var description in token.SelectTokens("$..description").Where(t => t.Type == JTokenType.String).ToList())
        {
            description.Parent!.Remove();
        }

        return token;
    }
}
