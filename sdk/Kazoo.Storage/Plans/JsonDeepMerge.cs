using System.Text.Json.Nodes;

namespace Kazoo.Storage.Plans;

/// <summary>
/// Kazoo's recursive JSON merge (<c>kz_json:merge_recursive</c>), which builds the system, account and owner plans:
/// every leaf of the right object is written into the left one at the same path.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Two objects at the same key merge key by key; an object on the right replaces a non-object on the left.</item>
/// <item>Arrays and scalars on the right replace the left value wholesale (arrays are not merged).</item>
/// <item>A <c>null</c> on the right deletes the key on the left.</item>
/// <item>An empty object on the right changes nothing, because it has no leaves to write (nor does an object whose only
/// members are nulls or empty objects).</item>
/// </list>
/// </remarks>
internal static class JsonDeepMerge
{
    /// <summary>Writes <paramref name="right"/> into <paramref name="left"/>; <paramref name="right"/> is not changed.</summary>
    public static void Into(JsonObject left, JsonObject right)
    {
        foreach (var (key, value) in right)
        {
            switch (value)
            {
                case null:
                    left.Remove(key);
                    break;
                case JsonObject rightObject when left[key] is JsonObject leftObject:
                    Into(leftObject, rightObject);
                    break;
                case JsonObject rightObject:
                    var created = new JsonObject();
                    Into(created, rightObject);
                    if (created.Count > 0)
                    {
                        left[key] = created;
                    }

                    break;
                default:
                    left[key] = value.DeepClone();
                    break;
            }
        }
    }

    /// <summary>A shallow merge (<c>maps:merge</c>): the members of <paramref name="right"/> replace those of <paramref name="left"/>.</summary>
    public static JsonObject Shallow(JsonObject? left, JsonObject? right)
    {
        var merged = left?.DeepClone().AsObject() ?? new JsonObject();
        if (right is not null)
        {
            foreach (var (key, value) in right)
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }
}
