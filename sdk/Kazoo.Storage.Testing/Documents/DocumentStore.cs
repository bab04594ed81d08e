using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Documents;

/// <summary>
/// The <c>system_data</c> database in memory, with CouchDB's revisions: every write bumps <c>_rev</c> (<c>N-&lt;32 hex&gt;</c>),
/// a create on an existing id is a conflict, and a deleted id's revision count goes on when it is created again.
/// Documents are copied in and out, so callers never share a stored object.
/// </summary>
/// <remarks>
/// Kazoo loads a document, changes it and saves it with the revision it loaded, so two writers racing on one document
/// make CouchDB refuse the later one (409 <c>datastore_conflict</c>). The emulator instead runs the writes to one document
/// one after the other (<see cref="LockAsync"/>): every write is applied, none is lost and none is refused.
/// </remarks>
internal sealed class DocumentStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _deletedGenerations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writeLocks = new(StringComparer.Ordinal);

    /// <summary>A copy of the document, or null.</summary>
    public JsonObject? Get(string id)
    {
        lock (_gate)
        {
            return _documents.TryGetValue(id, out var document) ? (JsonObject)document.DeepClone() : null;
        }
    }

    /// <summary>Copies of the documents that match, ordered by id.</summary>
    public IReadOnlyList<JsonObject> Find(Func<JsonObject, bool> predicate)
    {
        lock (_gate)
        {
            return _documents.OrderBy(d => d.Key, StringComparer.Ordinal)
                .Where(d => predicate(d.Value))
                .Select(d => (JsonObject)d.Value.DeepClone())
                .ToList();
        }
    }

    /// <summary>Waits until no other request writes the document; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> LockAsync(string id, CancellationToken cancellationToken)
    {
        var gate = _writeLocks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    /// <summary>Creates the document (its <c>_id</c> set); returns the stored copy, or null when the id exists (a conflict).</summary>
    public JsonObject? Create(JsonObject document)
    {
        var id = IdOf(document);
        lock (_gate)
        {
            if (_documents.ContainsKey(id))
            {
                return null;
            }

            _deletedGenerations.TryGetValue(id, out var generation);
            return Store(id, document, generation + 1);
        }
    }

    /// <summary>Replaces the existing document (its <c>_id</c> set); returns the stored copy, or null when it does not exist.</summary>
    public JsonObject? Replace(JsonObject document)
    {
        var id = IdOf(document);
        lock (_gate)
        {
            return _documents.TryGetValue(id, out var existing) ? Store(id, document, Generation(existing) + 1) : null;
        }
    }

    /// <summary>Hard-deletes the document; returns its last copy with the deletion's revision, or null when it does not exist.</summary>
    public JsonObject? Delete(string id)
    {
        lock (_gate)
        {
            if (!_documents.Remove(id, out var existing))
            {
                return null;
            }

            var generation = Generation(existing) + 1;
            _deletedGenerations[id] = generation;
            existing["_rev"] = NewRevision(generation);
            return existing;
        }
    }

    private JsonObject Store(string id, JsonObject document, int generation)
    {
        // CouchDB answers with _id and _rev first.
        var stored = new JsonObject { ["_id"] = id, ["_rev"] = NewRevision(generation) };
        foreach (var (key, value) in document)
        {
            if (key is not ("_id" or "_rev"))
            {
                stored[key] = value?.DeepClone();
            }
        }

        _documents[id] = stored;
        return (JsonObject)stored.DeepClone();
    }

    private static string IdOf(JsonObject document) =>
        document["_id"]?.GetValue<string>() ?? throw new ArgumentException("The document has no _id.", nameof(document));

    private static int Generation(JsonObject document)
    {
        var rev = document["_rev"]?.GetValue<string>() ?? "0-";
        return int.Parse(rev.AsSpan(0, rev.IndexOf('-')), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string NewRevision(int generation) =>
        generation.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
