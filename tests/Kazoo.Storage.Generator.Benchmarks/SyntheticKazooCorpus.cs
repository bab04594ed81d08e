using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Generator.Benchmarks;

/// <summary>
/// A deterministic corpus of Kazoo-style JSON schemas for generator throughput: no randomness, the same texts on every
/// run. Made of groups of 8 files; each group is one "area" (<c>conferences3</c>, <c>devices0</c>, …):
/// <list type="bullet">
/// <item><c>{area}</c>: the root object — strings with lengths, a boolean, an enum with a default, bounded integers, a
/// number, <c>format</c>s, a string array with <c>uniqueItems</c>, nested objects two levels deep, arrays of bare-id
/// <c>$ref</c>s, a <c>$ref</c> into the previous group (cross-area references), and storage.json's <c>^_</c> / <c>^pvt_</c>
/// <c>patternProperties</c> with <c>oneOf</c> of types.</item>
/// <item><c>{area}.member</c>: required members, a <c>pattern</c>, an enum array.</item>
/// <item><c>{area}.settings</c>: objects nested three levels, an open <c>types</c>-like object, a varying number of
/// extra members (so groups differ in shape).</item>
/// <item><c>{area}.backend.{sip,webhook,storage}</c>: one-value <c>handler</c> enums, required <c>settings</c>.</item>
/// <item><c>{area}.backends</c>: <c>additionalProperties: false</c> with <c>^[a-z0-9]{32}$</c> keys whose values are a
/// <c>oneOf</c> of the three backends (a <c>handler</c> discriminator, as storage.attachments).</item>
/// <item><c>{area}.field</c>: a recursive <c>oneOf</c> of closed shapes (as storage.attachments.field).</item>
/// </list>
/// Files are written as Kazoo writes them: sorted keys, 4-space indentation, draft-04 <c>$schema</c>, <c>_id</c> equal to
/// the file name without <c>.json</c>.
/// </summary>
public static class SyntheticKazooCorpus
{
    /// <summary>Files per area.</summary>
    public const int FilesPerArea = 8;

    private static readonly string[] Areas =
    [
        "conferences", "devices", "callflows", "vmboxes", "faxboxes", "queues", "menus", "groups", "users", "resources",
        "webhooks", "temporal_rules", "directories", "parked_calls", "metaflows", "notifications", "blacklists", "lists",
        "dialplans", "connectivity",
    ];

    private static readonly string[] Backends = ["sip", "webhook", "storage"];

    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = true, IndentSize = 4 };

    /// <summary>The corpus: <paramref name="count"/> files (a multiple of <see cref="FilesPerArea"/>), path → text.</summary>
    public static IReadOnlyList<(string Path, string Text)> Create(int count)
    {
        if (count <= 0 || count % FilesPerArea != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The corpus comes in areas of " + FilesPerArea + " files.");
        }

        var files = new List<(string, string)>(count);
        for (var area = 0; area < count / FilesPerArea; area++)
        {
            foreach (var (id, schema) in Area(area))
            {
                files.Add(("/corpus/" + id + ".json", Write(schema)));
            }
        }

        return files;
    }

    /// <summary>The id of the <c>.member</c> schema of an area: the file the edit benchmark changes.</summary>
    public static string MemberId(int area) => AreaId(area) + ".member";

    /// <summary>
    /// An edited copy of a <c>.member</c> schema: one more property and a changed description, as a schema author's
    /// one-file change.
    /// </summary>
    public static string EditMember(string text)
    {
        var schema = JsonNode.Parse(text)!.AsObject();
        schema["description"] = schema["description"]!.GetValue<string>() + " (edited)";
        schema["properties"]!.AsObject()["priority"] = new JsonObject
        {
            ["description"] = "Order in which members are tried",
            ["minimum"] = 0,
            ["type"] = "integer",
        };
        return Write(schema);
    }

    private static string AreaId(int area) =>
        Areas[area % Areas.Length] + (area / Areas.Length).ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<(string Id, JsonObject Schema)> Area(int area)
    {
        var id = AreaId(area);
        var previous = area > 0 ? AreaId(area - 1) : id;
        yield return (id, Root(id, previous, area));
        yield return (id + ".member", Member(id));
        yield return (id + ".settings", Settings(id, area));
        foreach (var backend in Backends)
        {
            yield return (id + ".backend." + backend, Backend(id, backend));
        }

        yield return (id + ".backends", BackendMap(id));
        yield return (id + ".field", Field(id));
    }

    private static JsonObject Root(string id, string previous, int area) => Schema(id, "Schema for " + id + " documents", new JsonObject
    {
        ["type"] = "object",
        ["required"] = Strings("name"),
        ["patternProperties"] = new JsonObject
        {
            ["^_"] = new JsonObject { ["description"] = "Ignores CouchDB fields prefixed by underscores", ["oneOf"] = Types("boolean", "integer", "object", "string") },
            ["^pvt_"] = new JsonObject { ["description"] = "Ignores Kazoo private fields prefixed by pvt_", ["oneOf"] = Types("boolean", "integer", "string") },
        },
        ["properties"] = new JsonObject
        {
            ["name"] = StringSchema("A friendly name for the " + id, minLength: 1, maxLength: 128),
            ["enabled"] = new JsonObject { ["default"] = true, ["description"] = "Whether the " + id + " is enabled", ["type"] = "boolean" },
            ["mode"] = EnumSchema("How the " + id + " behaves", ["auto", "manual", "disabled"], "auto"),
            ["timeout"] = IntegerSchema("Seconds before giving up", 0, 3600 + area),
            ["ratio"] = new JsonObject { ["description"] = "A share between 0 and 1", ["maximum"] = 1, ["minimum"] = 0, ["type"] = "number" },
            ["flags"] = new JsonObject { ["description"] = "Flags", ["items"] = new JsonObject { ["type"] = "string" }, ["type"] = "array", ["uniqueItems"] = true },
            ["contact"] = ObjectSchema("Who to contact", new JsonObject
            {
                ["email"] = new JsonObject { ["format"] = "email", ["type"] = "string" },
                ["url"] = new JsonObject { ["format"] = "uri", ["type"] = "string" },
            }),
            ["caller_id"] = ObjectSchema("Caller id", new JsonObject
            {
                ["external"] = ObjectSchema("Outside calls", CallerId()),
                ["internal"] = ObjectSchema("Inside calls", CallerId()),
            }),
            ["members"] = new JsonObject { ["description"] = "Members", ["items"] = Ref(id + ".member"), ["type"] = "array" },
            ["settings"] = Ref(id + ".settings", "Settings"),
            ["backends"] = Ref(id + ".backends", "Where to send things"),
            ["field_list"] = new JsonObject { ["description"] = "How to compose names", ["items"] = Ref(id + ".field"), ["type"] = "array" },
            ["parent"] = Ref(previous + ".member", "A member of another area"),
        },
    });

    private static JsonObject Member(string id) => Schema(id + ".member", "A member of a " + id, new JsonObject
    {
        ["type"] = "object",
        ["required"] = Strings("id", "type"),
        ["properties"] = new JsonObject
        {
            ["id"] = new JsonObject { ["description"] = "The member's id", ["pattern"] = "^[a-z0-9]{32}$", ["type"] = "string" },
            ["type"] = EnumSchema("What the member is", ["user", "device", "group"], null),
            ["weight"] = IntegerSchema("Weight", 1, 100),
            ["delay"] = new JsonObject { ["default"] = 0, ["description"] = "Seconds to wait", ["type"] = "integer" },
            ["endpoint_options"] = ObjectSchema("Endpoint options", new JsonObject
            {
                ["codecs"] = new JsonObject { ["items"] = EnumSchema("A codec", ["PCMU", "PCMA", "OPUS", "G722"], null), ["type"] = "array" },
                ["ring_tone"] = StringSchema("A ring tone", minLength: null, maxLength: 256),
            }),
        },
    });

    private static JsonObject Settings(string id, int area)
    {
        var limits = new JsonObject
        {
            ["max_calls"] = IntegerSchema("Most concurrent calls", 0, 10_000),
            ["max_duration"] = IntegerSchema("Longest call, in seconds", 0, 86_400),
        };
        for (var extra = 0; extra < area % 6; extra++)
        {
            limits["extra_" + extra.ToString(CultureInfo.InvariantCulture)] = StringSchema("An extra limit", minLength: null, maxLength: 64);
        }

        return Schema(id + ".settings", "Settings of a " + id, new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["media"] = ObjectSchema("Media handling", new JsonObject
                {
                    ["audio"] = ObjectSchema("Audio", new JsonObject
                    {
                        ["codecs"] = new JsonObject { ["items"] = EnumSchema("A codec", ["PCMU", "PCMA", "OPUS"], null), ["type"] = "array" },
                        ["volume"] = IntegerSchema("Volume", -10, 10),
                    }),
                    ["video"] = ObjectSchema("Video", new JsonObject
                    {
                        ["codecs"] = new JsonObject { ["items"] = EnumSchema("A codec", ["VP8", "H264"], null), ["type"] = "array" },
                    }),
                }),
                ["limits"] = ObjectSchema("Limits", limits),
                ["retention"] = ObjectSchema("Retention", new JsonObject
                {
                    ["archive"] = new JsonObject { ["type"] = "boolean" },
                    ["days"] = IntegerSchema("Days to keep", 1, 3650),
                }),
                ["types"] = ObjectSchema("Per-type overrides (open)", new JsonObject
                {
                    ["call_recording"] = Ref(id + ".member"),
                    ["voicemail"] = Ref(id + ".member"),
                }),
            },
        });
    }

    private static JsonObject Backend(string id, string handler) => Schema(id + ".backend." + handler, "The " + handler + " backend of a " + id, new JsonObject
    {
        ["type"] = "object",
        ["required"] = Strings("handler", "settings"),
        ["properties"] = new JsonObject
        {
            ["handler"] = EnumSchema("Which backend", [handler], null),
            ["name"] = StringSchema("Friendly name", minLength: null, maxLength: null),
            ["settings"] = handler switch
            {
                "sip" => ObjectSchema("SIP settings", new JsonObject
                {
                    ["port"] = IntegerSchema("Port", 1, 65535),
                    ["realm"] = StringSchema("Realm", minLength: 1, maxLength: 253),
                    ["transport"] = EnumSchema("Transport", ["udp", "tcp", "tls"], "udp"),
                }, "realm"),
                "webhook" => ObjectSchema("Webhook settings", new JsonObject
                {
                    ["retries"] = IntegerSchema("Retries", 0, 4),
                    ["url"] = new JsonObject { ["description"] = "Where to send", ["kazoo-validation"] = true, ["type"] = "string" },
                    ["verb"] = EnumSchema("HTTP verb", ["get", "post", "put"], "post"),
                }, "url"),
                _ => ObjectSchema("Storage settings", new JsonObject
                {
                    ["bucket"] = new JsonObject { ["maxLength"] = 63, ["minLength"] = 6, ["pattern"] = "^[^\\s]*$", ["type"] = "string" },
                    ["key"] = StringSchema("Key", minLength: 1, maxLength: 128),
                    ["secret"] = StringSchema("Secret", minLength: 1, maxLength: 128),
                }, "bucket", "key", "secret"),
            },
        },
    });

    private static JsonObject BackendMap(string id) => Schema(id + ".backends", "Backends of a " + id + ", keyed by 32-character ids", new JsonObject
    {
        ["additionalProperties"] = false,
        ["type"] = "object",
        ["patternProperties"] = new JsonObject
        {
            ["^[a-z0-9]{32}$"] = new JsonObject
            {
                ["description"] = "One backend",
                ["oneOf"] = new JsonArray(Backends.Select(backend => (JsonNode)Ref(id + ".backend." + backend)).ToArray()),
                ["properties"] = new JsonObject { ["name"] = StringSchema("Friendly name", minLength: null, maxLength: null) },
                ["type"] = "object",
            },
        },
    });

    private static JsonObject Field(string id) => Schema(id + ".field", "A part of a composed name", new JsonObject
    {
        ["oneOf"] = new JsonArray(
            Closed("arg", EnumSchema("An argument", ["account_id", "db", "id"], null)),
            Closed("const", StringSchema("A constant", minLength: null, maxLength: null)),
            Closed("group", new JsonObject { ["items"] = Ref(id + ".field"), ["type"] = "array" })),
    });

    private static JsonObject Schema(string id, string description, JsonObject body)
    {
        body["$schema"] = "http://json-schema.org/draft-04/schema#";
        body["_id"] = id;
        body["description"] = description;
        return body;
    }

    private static JsonObject CallerId() => new()
    {
        ["name"] = StringSchema("Name", minLength: null, maxLength: 35),
        ["number"] = StringSchema("Number", minLength: null, maxLength: 35),
    };

    private static JsonObject Closed(string property, JsonObject schema) => new()
    {
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject { [property] = schema },
        ["type"] = "object",
    };

    private static JsonObject ObjectSchema(string description, JsonObject properties, params string[] required)
    {
        var schema = new JsonObject { ["description"] = description, ["properties"] = properties, ["type"] = "object" };
        if (required.Length > 0)
        {
            schema["required"] = Strings(required);
        }

        return schema;
    }

    private static JsonObject StringSchema(string description, int? minLength, int? maxLength)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = "string" };
        if (minLength is { } min)
        {
            schema["minLength"] = min;
        }

        if (maxLength is { } max)
        {
            schema["maxLength"] = max;
        }

        return schema;
    }

    private static JsonObject IntegerSchema(string description, int minimum, int maximum) =>
        new() { ["description"] = description, ["maximum"] = maximum, ["minimum"] = minimum, ["type"] = "integer" };

    private static JsonObject EnumSchema(string description, string[] values, string? @default)
    {
        var schema = new JsonObject { ["description"] = description, ["enum"] = Strings(values), ["type"] = "string" };
        if (@default is not null)
        {
            schema["default"] = @default;
        }

        return schema;
    }

    private static JsonObject Ref(string id, string? description = null)
    {
        var schema = new JsonObject { ["$ref"] = id };
        if (description is not null)
        {
            schema["description"] = description;
        }

        return schema;
    }

    private static JsonArray Types(params string[] types) =>
        new(types.Select(type => (JsonNode)new JsonObject { ["type"] = type }).ToArray());

    private static JsonArray Strings(params string[] values) => new(values.Select(value => (JsonNode)JsonValue.Create(value)).ToArray());

    /// <summary>Kazoo's layout: keys sorted at every level, 4-space indentation, a trailing newline.</summary>
    private static string Write(JsonNode schema)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            Sorted(schema).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Sorted(item)).ToArray()),
        _ => node.DeepClone(),
    };
}
