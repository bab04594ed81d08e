using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Tests.Support;

/// <summary>One step from a JSON value into a part of it.</summary>
internal abstract record SlotStep
{
    /// <summary>A declared member.</summary>
    public sealed record Member(string Name) : SlotStep
    {
        public override string ToString() => Name;
    }

    /// <summary>A member of a map whose keys match a pattern, of the case whose discriminator has the given value.</summary>
    public sealed record Entry(string? Pattern, string? Discriminator = null, string? Value = null) : SlotStep
    {
        public override string ToString() => "*" + (Discriminator is null ? "" : "[" + Discriminator + "=" + Value + "]");
    }

    /// <summary>An array item.</summary>
    public sealed record Item : SlotStep
    {
        public override string ToString() => "0";
    }
}

/// <summary>A place in a storage document that may hold a secret: a secret-named member, or a URL-like one (<c>url</c>, <c>host</c>).</summary>
internal sealed record SecretSlot(ImmutableList<SlotStep> Steps, bool SecretName)
{
    public string Path => string.Join(".", Steps);
}

/// <summary>One document with secrets in one slot, and the secret texts no output may show.</summary>
internal sealed record SecretCase(string Name, string Slot, bool SecretName, string Shape, string Json, IReadOnlyList<string> Secrets)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every secret slot of every storage schema, found by walking the schema files from <c>storage</c> (through
/// <c>$ref</c>s, <c>oneOf</c> branches, pattern properties and items), and documents that fill each slot with a secret in
/// every shape: string, number, array, object, URL with a user-info password, URL with query credentials; plus
/// free-form values (<c>ui_metadata</c>, extension members, <c>create_options</c>) holding all of them.
/// </summary>
internal static class SecretSlots
{
    private const string AttachmentsPattern = "^[a-z0-9]{32}$";
    private static readonly IReadOnlyDictionary<string, JsonElement> s_schemas = LoadSchemas();

    /// <summary>Every slot, each once.</summary>
    public static IReadOnlyList<SecretSlot> All { get; } = Find();

    /// <summary>Every case, by name.</summary>
    public static IReadOnlyDictionary<string, SecretCase> Cases { get; } = BuildCases().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The case names, for theories.</summary>
    public static TheoryData<string> Names => new(Cases.Keys.Order(StringComparer.Ordinal));

    /// <summary>Fails when <paramref name="output"/> shows any of the case's secrets.</summary>
    public static void AssertHidden(SecretCase secretCase, string output, string what)
    {
        foreach (var secret in secretCase.Secrets)
        {
            Assert.False(
                output.Contains(secret, StringComparison.Ordinal),
                $"{what} shows the secret '{secret}' of {secretCase.Name}:\n{output}");
        }
    }

    /// <summary>A storage document with a backend of every kind, a CouchDB connection and a plan that uses them, all valid.</summary>
    public static JsonObject BaseDocument() => JsonNode.Parse("""
        {
          "attachments": {
            "a1000000000000000000000000000001": {"handler": "s3", "name": "s3 backend", "settings": {"bucket": "bucket-ok", "key": "base-key", "secret": "base-secret"}},
            "a1000000000000000000000000000002": {"handler": "google_drive", "settings": {"oauth_doc_id": "drive-doc"}},
            "a1000000000000000000000000000003": {"handler": "google_storage", "settings": {"oauth_app_id": "gcs-app", "bucket": "gcs-bucket"}},
            "a1000000000000000000000000000004": {"handler": "azure", "settings": {"account": "acct", "container": "cont", "key": "base-azure-key"}},
            "a1000000000000000000000000000005": {"handler": "onedrive", "settings": {"oauth_doc_id": "onedrive-doc"}},
            "a1000000000000000000000000000006": {"handler": "dropbox", "settings": {"oauth_doc_id": "dropbox-doc"}},
            "a1000000000000000000000000000007": {"handler": "http", "name": "http backend", "settings": {"url": "https://files.example.com/kazoo", "verb": "put"}}
          },
          "connections": {
            "c1000000000000000000000000000001": {"driver": "kazoo_couch", "name": "cdrs", "settings": {"ip": "10.0.0.5", "port": 5984, "credentials": {"username": "admin", "password": 1234}}},
            "local": {}
          },
          "plan": {
            "modb": {
              "types": {"mailbox_message": {"attachments": {"handler": "a1000000000000000000000000000007"}, "connection": "c1000000000000000000000000000001"}},
              "database": {"names": ["modb"]}
            }
          }
        }
        """)!.AsObject();

    private static Dictionary<string, JsonElement> LoadSchemas()
    {
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "schemas");
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "storage*.json"))
        {
            var schema = JsonElement.Parse(File.ReadAllText(file));
            schemas[schema.GetProperty("_id").GetString()!] = schema;
        }

        Assert.True(schemas.ContainsKey("storage"), "The storage schemas were not copied beside the tests.");
        return schemas;
    }

    private static List<SecretSlot> Find()
    {
        var found = new Dictionary<string, SecretSlot>(StringComparer.Ordinal);
        Walk(s_schemas["storage"], [], 0, found);
        return [.. found.Values.OrderBy(s => s.Path, StringComparer.Ordinal)];
    }

    private static void Walk(JsonElement schema, ImmutableList<SlotStep> steps, int depth, Dictionary<string, SecretSlot> found)
    {
        if (depth > 16 || schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Walk(s_schemas[reference.GetString()!], steps, depth + 1, found); // draft-04: $ref replaces its siblings
            return;
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var here = steps.Add(new SlotStep.Member(property.Name));
                var secretName = SecretMask.IsSecretName(property.Name);
                if (secretName || property.Name is "url" or "host")
                {
                    found.TryAdd(string.Join(".", here), new SecretSlot(here, secretName));
                }

                Walk(property.Value, here, depth + 1, found);
            }
        }

        if (schema.TryGetProperty("patternProperties", out var patterns))
        {
            foreach (var pattern in patterns.EnumerateObject())
            {
                Walk(pattern.Value, steps.Add(new SlotStep.Entry(pattern.Name)), depth + 1, found);
            }
        }

        if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
        {
            Walk(additional, steps.Add(new SlotStep.Entry(null)), depth + 1, found);
        }

        if (schema.TryGetProperty("items", out var items))
        {
            Walk(items, steps.Add(new SlotStep.Item()), depth + 1, found);
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (!schema.TryGetProperty(combinator, out var branches))
            {
                continue;
            }

            foreach (var branch in branches.EnumerateArray())
            {
                Walk(branch, Discriminated(steps, Resolve(branch)), depth + 1, found);
            }
        }
    }

    /// <summary>The steps with the map entry they end in narrowed to the branch's case (its single-value enum member).</summary>
    private static ImmutableList<SlotStep> Discriminated(ImmutableList<SlotStep> steps, JsonElement branch)
    {
        if (steps.Count == 0 || steps[^1] is not SlotStep.Entry { Discriminator: null } entry || !branch.TryGetProperty("properties", out var properties))
        {
            return steps;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.TryGetProperty("enum", out var values) && values.GetArrayLength() == 1 && values[0].ValueKind == JsonValueKind.String)
            {
                return steps.SetItem(steps.Count - 1, entry with { Discriminator = property.Name, Value = values[0].GetString() });
            }
        }

        return steps;
    }

    private static JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? Resolve(s_schemas[reference.GetString()!]) : schema;

    private static IEnumerable<SecretCase> BuildCases()
    {
        foreach (var slot in All)
        {
            foreach (var (shape, value, secrets) in Probes(slot.SecretName))
            {
                var document = BaseDocument();
                Set(document, slot.Steps, value);
                yield return new SecretCase(slot.Path + " ← " + shape, slot.Path, slot.SecretName, shape, document.ToJsonString(), secrets);
            }
        }

        // Free-form values: whatever they hold, printed by the same rule.
        var (freeShape, freeValue, freeSecrets) = FreeForm();
        foreach (var (slot, steps) in new (string, SlotStep[])[]
        {
            ("ui_metadata", [new SlotStep.Member("ui_metadata")]),
            ("attachments.*[handler=http].extension", [new SlotStep.Entry(AttachmentsPattern, "handler", "http"), new SlotStep.Member("extension")]),
            ("plan.modb.database.create_options", [new SlotStep.Member("plan"), new SlotStep.Member("modb"), new SlotStep.Member("database"), new SlotStep.Member("create_options")]),
        })
        {
            var document = BaseDocument();
            var path = slot.StartsWith("attachments", StringComparison.Ordinal) ? [new SlotStep.Member("attachments"), .. steps] : steps;
            Set(document, [.. path], freeValue());
            yield return new SecretCase(slot + " ← " + freeShape, slot, false, freeShape, document.ToJsonString(), freeSecrets);
        }
    }

    /// <summary>The values a slot is filled with: every shape for a secret name; URLs in every shape for a URL slot.</summary>
    private static IEnumerable<(string Shape, JsonNode Value, string[] Secrets)> Probes(bool secretName)
    {
        if (secretName)
        {
            yield return ("string", JsonValue.Create("SEKRIT-string-1")!, ["SEKRIT-string-1"]);
            yield return ("string breaking its pattern", JsonValue.Create(" SEKRIT-spaced-2 ")!, ["SEKRIT-spaced-2"]);
            yield return ("number", JsonValue.Create(73917391739L)!, ["73917391739"]);
            yield return ("array", new JsonArray("SEKRIT-item-3", 73917391740L), ["SEKRIT-item-3", "73917391740"]);
            yield return ("object", new JsonObject { ["inner"] = "SEKRIT-inner-4", ["list"] = new JsonArray("SEKRIT-deep-5") }, ["SEKRIT-inner-4", "SEKRIT-deep-5"]);
        }

        yield return ("URL with a user-info password", JsonValue.Create("https://user:SEKRIT-pass-6@files.example.com/p")!, ["SEKRIT-pass-6"]);
        yield return ("URL with a user-info password on a refused host", JsonValue.Create("https://user:SEKRIT-pass-7@localhost/p")!, ["SEKRIT-pass-7"]);
        yield return (
            "URL with query credentials",
            JsonValue.Create("https://files.example.com/p?token=SEKRIT-q-8&X-Amz-Signature=SEKRIT-q-9&verb=put&sig=SEKRIT-q-10#access_token=SEKRIT-q-11")!,
            ["SEKRIT-q-8", "SEKRIT-q-9", "SEKRIT-q-10", "SEKRIT-q-11"]);
        yield return ("array of URLs", new JsonArray("https://u:SEKRIT-url-12@files.example.com/", "https://h/?X-Goog-Signature=SEKRIT-url-13"), ["SEKRIT-url-12", "SEKRIT-url-13"]);
        yield return ("object of URLs", new JsonObject { ["u"] = "https://files.example.com/?api_key=SEKRIT-url-14", ["v"] = "ftp://a:SEKRIT-url-15@f/" }, ["SEKRIT-url-14", "SEKRIT-url-15"]);
    }

    private static (string Shape, Func<JsonNode> Value, string[] Secrets) FreeForm() => (
        "free-form secrets of every shape",
        () => new JsonObject
        {
            ["password"] = "SEKRIT-free-1",
            ["api_key"] = new JsonArray("SEKRIT-free-2"),
            ["credentials"] = new JsonObject { ["user"] = "SEKRIT-free-3" },
            ["token"] = 73917391741L,
            ["links"] = new JsonArray("https://u:SEKRIT-free-4@h.example.com/?sig=SEKRIT-free-5"),
            ["nested"] = new JsonObject { ["client_secret"] = new JsonObject { ["x"] = "SEKRIT-free-6" }, ["note"] = "kept" },
        },
        ["SEKRIT-free-1", "SEKRIT-free-2", "SEKRIT-free-3", "73917391741", "SEKRIT-free-4", "SEKRIT-free-5", "SEKRIT-free-6"]);

    /// <summary>Puts <paramref name="value"/> at the slot, in the base document's entry of the slot's case.</summary>
    private static void Set(JsonObject document, IReadOnlyList<SlotStep> steps, JsonNode value)
    {
        JsonNode current = document;
        for (var i = 0; i < steps.Count; i++)
        {
            var last = i == steps.Count - 1;
            switch (steps[i])
            {
                case SlotStep.Member member:
                    var owner = current.AsObject();
                    if (last)
                    {
                        owner[member.Name] = value;
                        return;
                    }

                    if (owner[member.Name] is not JsonNode next)
                    {
                        next = steps[i + 1] is SlotStep.Item ? new JsonArray() : new JsonObject();
                        owner[member.Name] = next;
                    }

                    current = next;
                    break;
                case SlotStep.Entry entry:
                    var map = current.AsObject();
                    var key = map.Select(p => p.Key).FirstOrDefault(k => Matches(entry, k, map[k]))
                              ?? throw new InvalidOperationException($"The base document has no entry for {string.Join(".", steps)}: add one.");
                    if (last)
                    {
                        map[key] = value;
                        return;
                    }

                    current = map[key]!;
                    break;
                case SlotStep.Item:
                    var array = current.AsArray();
                    if (array.Count == 0)
                    {
                        array.Add(last ? null : new JsonObject());
                    }

                    if (last)
                    {
                        array[0] = value;
                        return;
                    }

                    current = array[0]!;
                    break;
            }
        }
    }

    private static bool Matches(SlotStep.Entry entry, string key, JsonNode? value) =>
        (entry.Pattern is null || Regex.IsMatch(key, entry.Pattern))
        && (entry.Discriminator is null || (value is JsonObject entryObject && entryObject[entry.Discriminator]?.GetValue<string>() == entry.Value));
}
