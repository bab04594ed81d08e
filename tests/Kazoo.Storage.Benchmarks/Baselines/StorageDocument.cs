using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Benchmarks.Baselines;

// Hand-written equivalents of the generated Kazoo.Storage.Models records, shaped the way a
// System.Text.Json user who cares about speed writes them: [JsonPropertyName] for the snake_case
// members, [JsonRequired] for the schema's required members, [JsonExtensionData] for `_sig`, `_*`,
// `pvt_*` and unknown keys, strings for Kazoo's open enums (the generated open-enum structs keep
// unknown values too, so a C# enum would not be the same contract).
//
// Properties are { get; set; }, not { get; init; } / `required` like the generated records: for
// init-only or `required` members the STJ source generator falls back to its parameterized-
// constructor path (every value boxed into an object[] first, then one object initializer), which
// made it slower than STJ reflection and allocate more (README.md says by how much). Settable
// properties give the strongest baseline. Members Kazoo's schemas do not declare (folder_path of aws and google_drive,
// ui_metadata) are extension data here as in the generated records.

/// <summary>Counterpart of <c>Kazoo.Storage.Models.StorageDocument</c>.</summary>
public sealed record StorageDocument
{
    [JsonPropertyName("attachments")]
    public IReadOnlyDictionary<string, StorageAttachment>? Attachments { get; set; }

    [JsonPropertyName("connections")]
    public IReadOnlyDictionary<string, StorageConnectionCouchdb>? Connections { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("plan")]
    public StoragePlan? Plan { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
