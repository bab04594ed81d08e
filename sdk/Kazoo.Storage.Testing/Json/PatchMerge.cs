using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Json;

/// <summary>How PATCH lays the request over the stored public document (spec §2.2 and Corrections #1).</summary>
internal static class PatchMerge
{
    /// <summary>
    /// Merges <paramref name="patch"/> into a copy of <paramref name="stored"/>; request values win. With
    /// <paramref name="nullDeletes"/> (Kazoo's behaviour) a <c>null</c> deletes the key and <c>{}</c> replaces the stored
    /// object; without it (the documented deep merge) a <c>null</c> is stored and <c>{}</c> changes nothing.
    /// </summary>
    public static JsonObject Merge(JsonObject stored, JsonObject patch, bool nullDeletes)
    {
        var result = (JsonObject)stored.DeepClone();
        MergeInto(result, patch, nullDeletes);
        return result;
    }

    /// <summary>
    /// A copy with the keys of every object in descending (ordinal) order, as Kazoo's merge writes them. Arrays are merge
    /// leaves: the objects inside them keep their order.
    /// </summary>
    public static JsonObject SortDescending(JsonObject value)
    {
        var sorted = new JsonObject();
        foreach (var (key, child) in value.OrderByDescending(p => p.Key, StringComparer.Ordinal))
        {
            sorted[key] = child is JsonObject obj ? SortDescending(obj) : child?.DeepClone();
        }

        return sorted;
    }

    private static void MergeInto(JsonObject target, JsonObject patch, bool nullDeletes)
    {
        foreach (var (key, value) in patch)
        {
            switch (value)
            {
                case null when nullDeletes:
                    target.Remove(key);
                    break;
                case JsonObject { Count: 0 } when nullDeletes:
                    target[key] = new JsonObject();
                    break;
                case JsonObject obj when target[key] is JsonObject existing:
                    MergeInto(existing, obj, nullDeletes);
                    break;
                case JsonObject obj:
                    // A new object: merged into nothing, so Kazoo's null-deletes still applies inside it.
                    var fresh = new JsonObject();
                    MergeInto(fresh, obj, nullDeletes);
                    target[key] = fresh;
                    break;
                default:
                    target[key] = value?.DeepClone();
                    break;
            }
        }
    }
}
