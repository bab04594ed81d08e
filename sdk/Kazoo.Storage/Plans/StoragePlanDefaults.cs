using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Plans;

/// <summary>
/// Kazoo's built-in system storage plan (spec §1, <c>core/kazoo_data/priv/defaults/system.json</c>): no attachment
/// backends, the <c>local</c> CouchDB connection, and for each of <c>account</c>, <c>modb</c>, <c>system</c> and
/// <c>yodb</c> a section that keeps everything on <c>local</c>. The <c>system</c> storage document is deep-merged on top
/// of it; there is no <c>aggregate</c> section by default.
/// </summary>
public static class StoragePlanDefaults
{
    /// <summary>The built-in default as JSON.</summary>
    public const string SystemJson =
        """
        {
          "attachments": {},
          "connections": { "local": {} },
          "plan": {
            "account": { "attachments": {}, "connection": "local", "types": {} },
            "modb": { "attachments": {}, "connection": "local", "types": {} },
            "system": { "attachments": {}, "connection": "local", "types": {} },
            "yodb": { "attachments": {}, "connection": "local", "types": {} }
          }
        }
        """;

    private static readonly Lazy<StorageDocument> s_system = new(() =>
        JsonSerializer.Deserialize(SystemJson, KazooStorageJson.GetTypeInfo<StorageDocument>())!);

    /// <summary>
    /// The built-in default as a record. <c>plan.yodb</c>, which the storage schema does not declare, is in
    /// <see cref="StoragePlan.ExtensionData"/>.
    /// </summary>
    public static StorageDocument System => s_system.Value;

    /// <summary>A fresh mutable copy of the default, for merging.</summary>
    internal static JsonObject CreateSystemNode() => JsonNode.Parse(SystemJson)!.AsObject();
}
