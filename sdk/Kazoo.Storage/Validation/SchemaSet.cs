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

    /// <summary>
    /// What Kazoo's validator writes into a document that passed validation against <paramref name="schemaId"/> (spec
    /// §3.3): every missing member whose schema has a <c>default</c> gets it, appended to its object, and, unless
    /// <see cref="ValidationOptions.StrictValidation"/>, a string where the schema wants only an integer, a number or a
    /// boolean is stored as that type (outside a <c>oneOf</c>, as Kazoo's lenient mode). Inside a <c>oneOf</c>, the
    /// defaults of the one branch the value matches apply. The document is changed in place; the (possibly replaced) root
    /// is returned.
    /// </summary>
    /// <param name="document">The document, already valid.</param>
    /// <param name="schemaId">The schema it was validated against.</param>
    /// <param name="options">The options it was validated with.</param>
    /// <exception cref="KeyNotFoundException">No schema has that id.</exception>
    public System.Text.Json.Nodes.JsonNode? ApplyDefaults(System.Text.Json.Nodes.JsonNode? document, string schemaId, ValidationOptions? options = null) =>
        _roots.TryGetValue(schemaId, out var root)
            ? new SchemaDefaults(this, options ?? ValidationOptions.Default).Walk(document, root, inOneOf: false)
            : throw new KeyNotFoundException("No schema has the id '" + schemaId + "'.");

    /// <summary>The validator for the schema with this id.</summary>
    /// <exception cref="KeyNotFoundException">No schema has that id.</exception>
    public SchemaValidator Validator(string schemaId) =>
        _roots.TryGetValue(schemaId, out var root)
            ? new SchemaValidator(this, root)
            : throw new KeyNotFoundException("No schema has the id '" + schemaId + "'.");
}
