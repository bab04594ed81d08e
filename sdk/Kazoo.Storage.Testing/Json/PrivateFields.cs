using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Json;

/// <summary>
/// Kazoo's split of a document into public and private members: a top-level key starting with <c>_</c> (CouchDB's) or
/// <c>pvt_</c> (Kazoo's) is private. Only the top level counts, so an attachment entry's <c>_sig</c> is public.
/// </summary>
internal static class PrivateFields
{
    public static bool IsPrivate(string key) => key.StartsWith('_') || key.StartsWith("pvt_", StringComparison.Ordinal);

    /// <summary>A copy of the document's public members, in order.</summary>
    public static JsonObject PublicCopy(JsonObject document)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in document)
        {
            if (!IsPrivate(key))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>What Crossbar answers for a document: its public members and <c>id</c> (the CouchDB <c>_id</c>).</summary>
    public static JsonObject ForResponse(JsonObject document)
    {
        var copy = PublicCopy(document);
        copy["id"] = document["_id"]?.DeepClone();
        return copy;
    }
}
