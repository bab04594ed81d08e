using System.Text.Json;
using Kazoo.Storage.Generator.Tests.Harness;

namespace Kazoo.Storage.Generator.Tests.Conformance;

/// <summary>
/// The draft-04 conformance data (<c>Conformance/*.json</c>, copied next to the tests): per keyword or reference form,
/// groups of one schema (with a unique Kazoo <c>_id</c>), optional extra schema files loaded beside it, and test cases
/// of JSON data with the verdict the specification gives.
/// </summary>
internal static class ConformanceData
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Conformance");

    /// <summary>Where the schema files are said to be: one folder for all, as files of one project would be.</summary>
    public static string SchemaDirectory { get; } = Path.Combine(Directory, "schemas");

    private static readonly Lazy<IReadOnlyList<ConformanceGroup>> s_groups = new(Load);
    private static readonly Lazy<IReadOnlyList<IReadOnlyList<ConformanceGroup>>> s_batches = new(() => Batch(Groups));

    /// <summary>Every group of every data file, in file-name order, then in file order.</summary>
    public static IReadOnlyList<ConformanceGroup> Groups => s_groups.Value;

    /// <summary>The groups split into as few generator runs as their files allow (see <see cref="Batch"/>).</summary>
    public static IReadOnlyList<IReadOnlyList<ConformanceGroup>> Batches => s_batches.Value;

    public static ConformanceGroup Group(string file, int index)
        => Groups.Single(g => g.File == file && g.Index == index);

    /// <summary>One theory row per test case, shown as <c>file / group / case</c>.</summary>
    public static IEnumerable<TheoryDataRow<string, int, int>> Rows()
    {
        foreach (var group in Groups)
        {
            for (var test = 0; test < group.Tests.Count; test++)
            {
                yield return new TheoryDataRow<string, int, int>(group.File, group.Index, test)
                {
                    TestDisplayName = group.File + " / " + group.Description + " / " + group.Tests[test].Description,
                };
            }
        }
    }

    private static IReadOnlyList<ConformanceGroup> Load()
    {
        var groups = new List<ConformanceGroup>();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var index = 0;
            foreach (var group in document.RootElement.EnumerateArray())
            {
                groups.Add(ReadGroup(file, index++, group));
            }
        }

        var duplicate = groups.GroupBy(g => g.SchemaId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException("The _id '" + duplicate.Key + "' is used by more than one group.");
        }

        return groups;
    }

    private static ConformanceGroup ReadGroup(string file, int index, JsonElement group)
    {
        var description = group.GetProperty("description").GetString()!;
        var where = file + " / " + description;
        var schema = group.GetProperty("schema");
        if (!schema.TryGetProperty("_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
        {
            throw new InvalidDataException(where + ": the schema has no _id, so its validator cannot be found.");
        }

        var extras = new List<SchemaFile>();
        if (group.TryGetProperty("files", out var files))
        {
            foreach (var extra in files.EnumerateArray())
            {
                extras.Add(new SchemaFile(extra.GetProperty("name").GetString()!, extra.GetProperty("schema").GetRawText()));
            }
        }

        var tests = group.GetProperty("tests").EnumerateArray()
            .Select(test => new ConformanceCase(
                test.GetProperty("description").GetString()!,
                test.GetProperty("data").GetRawText(),
                test.GetProperty("valid").GetBoolean()))
            .ToList();
        if (tests.Select(t => t.Description).Distinct(StringComparer.Ordinal).Count() != tests.Count)
        {
            throw new InvalidDataException(where + ": two cases share a description.");
        }

        var schemaId = id.GetString()!;
        return new ConformanceGroup(file, index, description, schemaId, new SchemaFile(schemaId + ".json", schema.GetRawText()), extras, tests);
    }

    /// <summary>
    /// Puts each group into the first batch its files fit: a batch is one generator run, so no two files in it may share
    /// a name (unless they are the same file, which groups then share), a schema id (<c>_id</c>, else the file name), or an
    /// absolute <c>id</c> URI.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<ConformanceGroup>> Batch(IReadOnlyList<ConformanceGroup> groups)
    {
        var batches = new List<(List<ConformanceGroup> Groups, Dictionary<string, SchemaFile> Names, Dictionary<string, string> Ids)>();
        foreach (var group in groups)
        {
            var batch = batches.FirstOrDefault(b => group.AllFiles.All(file => Fits(file, b.Names, b.Ids)));
            if (batch.Groups is null)
            {
                batch = (new List<ConformanceGroup>(), new Dictionary<string, SchemaFile>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
                batches.Add(batch);
            }

            batch.Groups.Add(group);
            foreach (var file in group.AllFiles)
            {
                batch.Names[file.Name] = file;
                foreach (var id in file.Ids())
                {
                    batch.Ids[id] = file.Name;
                }
            }
        }

        return batches.Select(b => (IReadOnlyList<ConformanceGroup>)b.Groups).ToList();
    }

    private static bool Fits(SchemaFile file, Dictionary<string, SchemaFile> names, Dictionary<string, string> ids)
        => names.TryGetValue(file.Name, out var same)
            ? same == file
            : file.Ids().All(id => !ids.ContainsKey(id));
}

/// <summary>One group: a schema, the files beside it, and its cases.</summary>
/// <param name="File">The data file's name (<c>multipleOf.json</c>).</param>
/// <param name="Index">The group's 0-based position in its data file.</param>
/// <param name="Description">What the group checks.</param>
/// <param name="SchemaId">The group's schema's <c>_id</c>: the id of its validator.</param>
/// <param name="Schema">The group's schema file, named after its id.</param>
/// <param name="Extras">Further schema files loaded beside it (for cross-file references).</param>
/// <param name="Tests">The cases.</param>
internal sealed record ConformanceGroup(
    string File,
    int Index,
    string Description,
    string SchemaId,
    SchemaFile Schema,
    IReadOnlyList<SchemaFile> Extras,
    IReadOnlyList<ConformanceCase> Tests)
{
    /// <summary>The group's schema file, then its extra files.</summary>
    public IReadOnlyList<SchemaFile> AllFiles => new[] { Schema }.Concat(Extras).ToList();

    public override string ToString() => File + " / " + Description;
}

/// <summary>A schema file by name (in <see cref="ConformanceData.SchemaDirectory"/>) and text.</summary>
internal sealed record SchemaFile(string Name, string Text)
{
    public string Path => System.IO.Path.Combine(ConformanceData.SchemaDirectory, Name);

    public SchemaSource Source => new(Path, Text);

    /// <summary>What must be unique in one generator run: the Kazoo id, and every absolute <c>id</c> URI (without fragment).</summary>
    public IEnumerable<string> Ids()
    {
        using var document = JsonDocument.Parse(Text);
        var root = document.RootElement;
        yield return "_id:" + (root.TryGetProperty("_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : System.IO.Path.GetFileNameWithoutExtension(Name));
        foreach (var uri in AbsoluteIds(root).Distinct(StringComparer.Ordinal))
        {
            yield return "id:" + uri;
        }
    }

    private static IEnumerable<string> AbsoluteIds(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in element.EnumerateObject())
            {
                if (member is { Name: "id", Value.ValueKind: JsonValueKind.String }
                    && member.Value.GetString() is { } value && Uri.TryCreate(value, UriKind.Absolute, out _))
                {
                    var hash = value.IndexOf('#', StringComparison.Ordinal);
                    yield return hash < 0 ? value : value[..hash];
                }

                foreach (var nested in AbsoluteIds(member.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(AbsoluteIds))
            {
                yield return nested;
            }
        }
    }
}

/// <summary>One case: JSON data (as written in the data file) and whether the group's schema accepts it.</summary>
internal sealed record ConformanceCase(string Description, string Data, bool Valid);
