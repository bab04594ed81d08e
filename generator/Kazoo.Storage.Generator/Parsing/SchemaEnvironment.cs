using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// What every file's model step may need to know about the other files, computed from their headers alone: which file
/// owns each id (the first path in ordinal order), the root type names (with clashes renamed), the facts of each root
/// after following root-only references, which union claims which root as its case, and which files' content another
/// file must read. Equal (and so cached by Roslyn) as long as the headers and options are.
/// </summary>
internal sealed class SchemaEnvironment : IEquatable<SchemaEnvironment>
{
    private readonly ImmutableEquatableArray<SchemaHeader> _headers;
    private readonly GeneratorOptions _options;
    private readonly Dictionary<string, Entry> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaHeader> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _actualIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnionClaim> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _claimPointers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _documents = new(StringComparer.Ordinal);

    public SchemaEnvironment(ImmutableArray<SchemaHeader> headers, GeneratorOptions options)
    {
        _headers = headers.OrderBy(h => h.Path, StringComparer.Ordinal).ToImmutableEquatableArray();
        _options = options;
        Build();
    }

    /// <summary>The ids of the files whose text some other file's model step reads.</summary>
    public IReadOnlyCollection<string> DocumentIds { get; private set; } = Array.Empty<string>();

    private sealed class Entry
    {
        public string? Id;
        public string? DuplicateOf;
        public string RootName = "";
        public string? Wanted;
        public string? Owner;
        public string ClassName = "";
    }

    private void Build()
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in _headers)
        {
            var entry = new Entry { Id = header.Id };
            _byPath[header.Path] = entry;
            if (header.Id is null)
            {
                continue;
            }

            if (paths.TryGetValue(header.Id, out var first))
            {
                entry.DuplicateOf = first;
                continue;
            }

            paths.Add(header.Id, header.Path);
            _byId.Add(header.Id, header);
        }

        // Root type names, in id order: the JSON entry point's name first, then each root; a clash is renamed.
        var namespaceSegments = new HashSet<string>(_options.Namespace.Split('.'), StringComparer.Ordinal);
        var typeNames = new Naming.Scope();
        typeNames.Reserve(_options.ContextName, "the JSON entry point");
        var classNames = new Naming.Scope(new[] { _options.ContextName });
        foreach (var id in _byId.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var header = _byId[id];
            var entry = _byPath[header.Path];
            var name = header.TypeName is { Length: > 0 } overridden ? Naming.Identifier(overridden) : Naming.TypeNameFromId(id);
            if (header.TypeName is not { Length: > 0 } && namespaceSegments.Contains(name))
            {
                // A type named like a namespace segment (Kazoo.Storage + "Storage") would make "Storage" ambiguous for users.
                name += "Document";
            }

            if (typeNames.IsTaken(name))
            {
                entry.Wanted = name;
                entry.Owner = typeNames.OwnerOf(name) ?? "another type";
                name = typeNames.Allocate(name, "schema '" + id + "'");
            }
            else
            {
                typeNames.Reserve(name, "schema '" + id + "'");
            }

            entry.RootName = name;
            entry.ClassName = classNames.Allocate(Naming.Identifier("SchemaNodes" + Naming.Pascal(id)), id);
        }

        // Unions over other roots (by the headers' facts, as Discriminators.TryFind reads schemas); the first claim wins.
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in _byId.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var header = _byId[id];
            var documents = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var group in header.Groups)
            {
                if (TryFindDiscriminator(group, out var discriminator, out var values))
                {
                    for (var i = 0; i < group.Branches.Count; i++)
                    {
                        if (group.Branches[i].RootId is { } rootId && ActualId(rootId) is { } actual && !_claims.ContainsKey(actual))
                        {
                            _claims.Add(actual, new UnionClaim(id, group.Pointer, discriminator, values[i]));
                            PointersOf(id).Add(group.Pointer);
                        }
                    }
                }
                else
                {
                    // A oneOf that is not a union may merge its branches' members: the model step reads those roots.
                    foreach (var branch in group.Branches)
                    {
                        if (branch.RootId is { } rootId)
                        {
                            AddWithAliases(documents, rootId);
                        }
                    }
                }
            }

            foreach (var target in header.FragmentTargets)
            {
                if (_byId.ContainsKey(target))
                {
                    documents.Add(target);
                }
            }

            documents.Remove(id);
            _documents[id] = documents;
            needed.UnionWith(documents);
        }

        foreach (var claim in _claims)
        {
            if (claim.Value.OwnerId != claim.Key)
            {
                needed.Add(claim.Value.OwnerId);
            }
        }

        DocumentIds = needed;

        // Every id any file refers to gets its actual id now: the environment is shared by concurrent steps, so it
        // must not change after construction.
        foreach (var header in _headers)
        {
            foreach (var reference in header.References)
            {
                ActualId(reference);
            }
        }

        _frozen = true;
    }

    private bool _frozen;

    private SortedSet<string> PointersOf(string id)
    {
        if (!_claimPointers.TryGetValue(id, out var pointers))
        {
            pointers = new SortedSet<string>(StringComparer.Ordinal);
            _claimPointers.Add(id, pointers);
        }

        return pointers;
    }

    private void AddWithAliases(ISet<string> set, string id)
    {
        var current = id;
        for (var depth = 0; depth < 64 && _byId.TryGetValue(current, out var header) && set.Add(current); depth++)
        {
            if (header.Root.AliasOf is not { } next)
            {
                break;
            }

            current = next;
        }
    }

    /// <summary>The id a root-only <c>$ref</c> chain ends at; null when no file has an id on the way, or it cycles.</summary>
    public string? ActualId(string id)
    {
        if (_actualIds.TryGetValue(id, out var known))
        {
            return known;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = id;
        while (current is not null && _byId.TryGetValue(current, out var header) && header.Root.AliasOf is { } next)
        {
            if (!seen.Add(current))
            {
                current = null;
                break;
            }

            current = next;
        }

        var result = current is not null && _byId.ContainsKey(current) ? current : null;
        if (!_frozen)
        {
            _actualIds[id] = result;
        }

        return result;
    }

    private RootFacts FactsOf(string? actualId) => actualId is not null && _byId.TryGetValue(actualId, out var header) ? header.Root : RootFacts.Any;

    /// <summary>Discriminators.TryFind over the headers' facts.</summary>
    private bool TryFindDiscriminator(BranchGroup group, out string discriminator, out List<string> values)
    {
        discriminator = "";
        values = new List<string>();
        if (group.Branches.Count < 2)
        {
            return false;
        }

        var branches = group.Branches.Select(b =>
        {
            if (b.RootId is { } rootId)
            {
                var actual = ActualId(rootId);
                return (Identity: actual is null ? "missing:" + rootId : "root:" + actual, Candidates: FactsOf(actual).Candidates);
            }

            return (Identity: "local:" + b.LocalPointer, b.Candidates);
        }).ToList();

        if (branches.Select(b => b.Identity).Distinct(StringComparer.Ordinal).Count() != branches.Count)
        {
            return false;
        }

        foreach (var candidate in branches[0].Candidates)
        {
            var found = new List<string>();
            foreach (var branch in branches)
            {
                var match = branch.Candidates.FirstOrDefault(c => c.Name == candidate.Name);
                if (match is null)
                {
                    found = null;
                    break;
                }

                found.Add(match.Value);
            }

            if (found is not null && found.Distinct(StringComparer.Ordinal).Count() == found.Count)
            {
                discriminator = candidate.Name;
                values = found;
                return true;
            }
        }

        return false;
    }

    /// <summary>The input of one file's model step.</summary>
    public FileInput InputFor(SchemaFile file, SchemaDocuments documents)
    {
        if (!_byPath.TryGetValue(file.Path, out var entry) || entry.Id is null)
        {
            return new FileInput(file, _options, null, null, "", null, null, "", ImmutableEquatableArray<ForeignSchema>.Empty, null,
                ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<SchemaDocument>.Empty);
        }

        var id = entry.Id;
        if (entry.DuplicateOf is not null)
        {
            return new FileInput(file, _options, id, entry.DuplicateOf, "", null, null, "", ImmutableEquatableArray<ForeignSchema>.Empty, null,
                ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<SchemaDocument>.Empty);
        }

        var documentIds = new SortedSet<string>(_documents[id], StringComparer.Ordinal);
        _claims.TryGetValue(id, out var ownClaim);
        if (ownClaim is not null && ownClaim.OwnerId == id)
        {
            ownClaim = null; // a union of this very file: its own walk finds it
        }

        if (ownClaim is not null)
        {
            documentIds.Add(ownClaim.OwnerId);
        }

        var referenced = new SortedSet<string>(_byId[id].References, StringComparer.Ordinal);
        foreach (var documentId in documentIds)
        {
            referenced.Add(documentId);
            referenced.UnionWith(_byId[documentId].References);
        }

        referenced.Remove(id);
        var foreign = referenced.Select(r =>
        {
            var actual = ActualId(r);
            return new ForeignSchema(r, _byId.ContainsKey(r), actual, FactsOf(actual), actual is not null && _claims.TryGetValue(actual, out var claim) ? claim : null);
        }).ToImmutableEquatableArray();

        return new FileInput(
            file,
            _options,
            id,
            null,
            entry.RootName,
            entry.Wanted,
            entry.Owner,
            entry.ClassName,
            foreign,
            ownClaim,
            _claimPointers.TryGetValue(id, out var pointers) ? pointers.ToImmutableEquatableArray() : ImmutableEquatableArray<string>.Empty,
            documentIds.Select(documents.Get).Where(d => d is not null).Select(d => d!).ToImmutableEquatableArray());
    }

    /// <summary>Picks the documents some model step reads out of all schema files, keyed by id.</summary>
    public SchemaDocuments DocumentsOf(ImmutableArray<SchemaFile> files)
    {
        var result = new List<SchemaDocument>();
        foreach (var file in files)
        {
            if (_byPath.TryGetValue(file.Path, out var entry) && entry.Id is { } id && entry.DuplicateOf is null && DocumentIds.Contains(id))
            {
                result.Add(new SchemaDocument(id, file.Path, file.Text));
            }
        }

        return new SchemaDocuments(result.OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableEquatableArray());
    }

    public bool Equals(SchemaEnvironment? other) =>
        other is not null && (ReferenceEquals(this, other) || (_options.Equals(other._options) && _headers.Equals(other._headers)));

    public override bool Equals(object? obj) => obj is SchemaEnvironment other && Equals(other);

    public override int GetHashCode() => HashCombiner.Combine(_options, _headers);
}

/// <summary>The schema files whose text model steps of other files read, by id.</summary>
internal sealed class SchemaDocuments : IEquatable<SchemaDocuments>
{
    private readonly ImmutableEquatableArray<SchemaDocument> _documents;
    private readonly Dictionary<string, SchemaDocument> _byId;

    public SchemaDocuments(ImmutableEquatableArray<SchemaDocument> documents)
    {
        _documents = documents;
        _byId = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public SchemaDocument? Get(string id) => _byId.TryGetValue(id, out var document) ? document : null;

    public bool Equals(SchemaDocuments? other) => other is not null && _documents.Equals(other._documents);

    public override bool Equals(object? obj) => obj is SchemaDocuments other && Equals(other);

    public override int GetHashCode() => _documents.GetHashCode();
}
