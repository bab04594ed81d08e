using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Parsing;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>
/// The names every schema file's root gets, decided before anything else is named: the JSON entry point's name is
/// reserved, then each root takes its <c>KazooTypeName</c> or the PascalCase of its id, in id order (a clash gets a
/// numeric suffix and a KZS005 at the later file's <c>_id</c>); and each file's class of compiled validation nodes.
/// </summary>
internal sealed class SchemaNames
{
    private readonly Dictionary<SchemaDocument, (string Root, string Nodes)> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Naming.Scope _typeNames = new();

    /// <param name="documents">The documents with distinct ids, in id order.</param>
    /// <param name="options">The namespace and the JSON entry point's name.</param>
    /// <param name="diagnostics">Where root-name clashes are reported.</param>
    public SchemaNames(IReadOnlyList<SchemaDocument> documents, GeneratorOptions options, List<DiagnosticInfo> diagnostics)
    {
        var namespaceSegments = new HashSet<string>(options.Namespace.Split('.'), StringComparer.Ordinal);
        _typeNames.Reserve(options.ContextName, "the JSON entry point");
        var nodesNames = new Naming.Scope(new[] { options.ContextName });
        foreach (var document in documents)
        {
            var id = document.Id;
            var name = document.TypeName is { Length: > 0 } overridden ? Naming.Identifier(overridden) : Naming.TypeNameFromId(id);
            if (document.TypeName is not { Length: > 0 } && namespaceSegments.Contains(name))
            {
                // A type named like a namespace segment (Kazoo.Storage + "Storage") would make "Storage" ambiguous for users.
                name += "Document";
            }

            var owner = "schema '" + id + "'";
            if (_typeNames.IsTaken(name))
            {
                var wanted = name;
                var taken = _typeNames.OwnerOf(name) ?? "another type";
                name = _typeNames.Allocate(name, owner);
                diagnostics.Add(document.Source.Diagnostic("#/_id", DiagnosticDescriptors.TypeNameCollision.Id, wanted, taken, name));
            }
            else
            {
                _typeNames.Reserve(name, owner);
            }

            _names[document] = (name, nodesNames.Allocate(Naming.Identifier("SchemaNodes" + Naming.Pascal(id)), id));
        }
    }

    public string RootName(SchemaDocument document) => _names[document].Root;

    public string NodesName(SchemaDocument document) => _names[document].Nodes;

    /// <summary>The compilation's scope of type names, with the entry point and every root already in it.</summary>
    public Naming.Scope TypeScope() => _typeNames;
}
