namespace Kazoo.Storage.Validation;

/// <summary>
/// A set of compiled schemas: every node of every schema file, addressed by index, and each file's root by its id.
/// The source generator emits one per compilation (for Kazoo.Storage: <c>KazooStorageJson.Schemas</c>).
/// </summary>
public sealed class SchemaSet
{
    private readonly SchemaNode[] _nodes;
    private readonly Dictionary<string, int> _roots;

    /// <summary>Creates the set.</summary>
    /// <param name="nodes">Every node; sub-schemas refer to each other by index in this list.</param>
    /// <param name="roots">Each schema id and the index of its root node.</param>
    public SchemaSet(IReadOnlyList<SchemaNode> nodes, IReadOnlyDictionary<string, int> roots)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(roots);
        _nodes = nodes.ToArray();
        foreach (var node in _nodes)
        {
            node.Prepare();
        }

        _roots = new Dictionary<string, int>(roots, StringComparer.Ordinal);
    }

    /// <summary>The schema ids in the set.</summary>
    public IEnumerable<string> SchemaIds => _roots.Keys;

    /// <summary>The node at an index.</summary>
    public SchemaNode this[int index] => _nodes[index];

    /// <summary>The validator for the schema with this id.</summary>
    /// <exception cref="KeyNotFoundException">No schema has that id.</exception>
    public SchemaValidator Validator(string schemaId) =>
        _roots.TryGetValue(schemaId, out var root)
            ? new SchemaValidator(this, root)
            : throw new KeyNotFoundException("No schema has the id '" + schemaId + "'.");
}
