using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Who owns each schema id (the first path in ordinal order; later files with the id are duplicates), each root's
/// type name (the JSON entry point's first, then in id order; a clash is renamed) and each file's compiled-nodes class
/// name. Built from the files' ids and type-name overrides alone, so it stays equal (and cached) across every edit that
/// keeps the set of ids.
/// </summary>
internal sealed class SchemaNames : IEquatable<SchemaNames>
{
    private readonly ImmutableEquatableArray<NameKey> _keys;
    private readonly GeneratorOptions _options;
    private readonly Dictionary<string, Entry> _byPath = new(StringComparer.Ordinal);

    public SchemaNames(ImmutableArray<NameKey> keys, GeneratorOptions options)
    {
        _keys = keys.OrderBy(k => k.Path, StringComparer.Ordinal).ToImmutableEquatableArray();
        _options = options;

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in _keys)
        {
            var entry = new Entry(key.Id);
            _byPath[key.Path] = entry;
            if (key.Id is null)
            {
                continue;
            }

            if (owners.TryGetValue(key.Id, out var first))
            {
                entry.DuplicateOf = first;
                continue;
            }

            owners.Add(key.Id, key.Path);
        }

        var namespaceSegments = new HashSet<string>(options.Namespace.Split('.'), StringComparer.Ordinal);
        var typeNames = new Naming.Scope();
        typeNames.Reserve(options.ContextName, "the JSON entry point");
        var classNames = new Naming.Scope(new[] { options.ContextName });
        foreach (var key in _keys.Where(k => k.Id is not null && _byPath[k.Path].DuplicateOf is null).OrderBy(k => k.Id, StringComparer.Ordinal))
        {
            var id = key.Id!;
            var entry = _byPath[key.Path];
            var name = key.TypeName is { Length: > 0 } overridden ? Naming.Identifier(overridden) : Naming.TypeNameFromId(id);
            if (key.TypeName is not { Length: > 0 } && namespaceSegments.Contains(name))
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

        Options = options;
    }

    public GeneratorOptions Options { get; }

    /// <summary>A file's entry: its id, the file that owns the id first (for a duplicate), its root and class names.</summary>
    public Entry? Of(string path) => _byPath.TryGetValue(path, out var entry) ? entry : null;

    /// <summary>Whether the file is the one that owns its id.</summary>
    public bool IsOwner(SchemaHeader header) => header.Id is not null && Of(header.Path) is { DuplicateOf: null };

    public sealed class Entry
    {
        public Entry(string? id) => Id = id;

        public string? Id { get; }

        public string? DuplicateOf { get; set; }

        public string RootName { get; set; } = "";

        public string? Wanted { get; set; }

        public string? Owner { get; set; }

        public string ClassName { get; set; } = "";
    }

    public bool Equals(SchemaNames? other) =>
        other is not null && (ReferenceEquals(this, other) || (_options.Equals(other._options) && _keys.Equals(other._keys)));

    public override bool Equals(object? obj) => obj is SchemaNames other && Equals(other);

    public override int GetHashCode() => _keys.Count;
}

/// <summary>What the names table is built from: a file's path, id and type-name override.</summary>
internal sealed record NameKey(string Path, string? Id, string? TypeName);

/// <summary>
/// What every file's model step may need to know about the other files' content, computed from their headers alone:
/// the facts of each root after following root-only references, which union claims which root as its case, and which
/// files' text another file must read. Equal (and so cached by Roslyn) as long as the headers and names are.
/// </summary>
internal sealed class SchemaEnvironment : IEquatable<SchemaEnvironment>
{
    private static readonly IReadOnlyList<string> s_none = Array.Empty<string>();

    private readonly ImmutableArray<SchemaHeader> _headers;
    private readonly SchemaNames _names;
    private readonly Dictionary<string, SchemaHeader> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _actualIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnionClaim> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _claimPointers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ForeignSchema> _foreign = new(StringComparer.Ordinal);

    public SchemaEnvironment(ImmutableArray<SchemaHeader> headers, SchemaNames names)
    {
        _headers = headers;
        _names = names;
        Build();
    }

    /// <summary>The ids of the files whose text some other file's model step reads.</summary>
    public IReadOnlyCollection<string> DocumentIds { get; private set; } = Array.Empty<string>();

    private void Build()
    {
        foreach (var header in _headers)
        {
            if (_names.IsOwner(header))
            {
                _byId[header.Id!] = header;
            }
        }

        // Unions over other roots (by the headers' facts, as Discriminators.TryFind reads schemas); the first claim wins.
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in _byId.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var header = _byId[id];
            HashSet<string>? documents = null;
            foreach (var group in header.Groups)
            {
                if (TryFindDiscriminator(group, out var discriminator, out var values))
                {
                    for (var i = 0; i < group.Branches.Count; i++)
                    {
                        if (group.Branches[i].RootId is { } rootId && ActualId(rootId) is { } actual && !_claims.ContainsKey(actual))
                        {
                            _claims.Add(actual, new UnionClaim(id, group.Pointer, discriminator, values[i]));
                            var pointers = PointersOf(id);
                            if (!pointers.Contains(group.Pointer))
                            {
                                pointers.Add(group.Pointer);
                            }
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
                            AddWithAliases(documents ??= new HashSet<string>(StringComparer.Ordinal), rootId);
                        }
                    }
                }
            }

            foreach (var target in header.FragmentTargets)
            {
                if (_byId.ContainsKey(target))
                {
                    (documents ??= new HashSet<string>(StringComparer.Ordinal)).Add(target);
                }
            }

            if (documents is not null)
            {
                documents.Remove(id);
                _documents[id] = documents.OrderBy(d => d, StringComparer.Ordinal).ToList();
                needed.UnionWith(documents);
            }
        }

        foreach (var claim in _claims)
        {
            if (claim.Value.OwnerId != claim.Key)
            {
                needed.Add(claim.Value.OwnerId);
            }
        }

        DocumentIds = needed;

        // What a file knows of each root it refers to, made once and shared by every file's input (so that inputs
        // compare by reference). The environment is shared by concurrent steps: nothing changes after construction.
        foreach (var header in _headers)
        {
            foreach (var reference in header.References)
            {
                if (!_foreign.ContainsKey(reference))
                {
                    var actual = ActualId(reference);
                    _foreign[reference] = new ForeignSchema(reference, _byId.ContainsKey(reference), actual, FactsOf(actual),
                        actual is not null && _claims.TryGetValue(actual, out var claim) ? claim : null);
                }
            }
        }

        foreach (var id in _byId.Keys)
        {
            if (!_foreign.ContainsKey(id))
            {
                var actual = ActualId(id);
                _foreign[id] = new ForeignSchema(id, true, actual, FactsOf(actual), actual is not null && _claims.TryGetValue(actual, out var claim) ? claim : null);
            }
        }

        _frozen = true;
    }

    private bool _frozen;

    private List<string> PointersOf(string id)
    {
        if (!_claimPointers.TryGetValue(id, out var pointers))
        {
            pointers = new List<string>();
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
        var options = _names.Options;
        var entry = _names.Of(file.Path);
        if (entry?.Id is not { } id)
        {
            return new FileInput(file, options, null, null, "", null, null, "", ImmutableEquatableArray<ForeignSchema>.Empty, null,
                ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<SchemaDocument>.Empty);
        }

        if (entry.DuplicateOf is not null || !_byId.TryGetValue(id, out var header))
        {
            return new FileInput(file, options, id, entry.DuplicateOf, "", null, null, "", ImmutableEquatableArray<ForeignSchema>.Empty, null,
                ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<SchemaDocument>.Empty);
        }

        var documentIds = _documents.TryGetValue(id, out var known) ? known : s_none;
        _claims.TryGetValue(id, out var ownClaim);
        if (ownClaim is not null && ownClaim.OwnerId == id)
        {
            ownClaim = null; // a union of this very file: its own walk finds it
        }

        if (ownClaim is not null && !documentIds.Contains(ownClaim.OwnerId))
        {
            documentIds = documentIds.Append(ownClaim.OwnerId).OrderBy(d => d, StringComparer.Ordinal).ToList();
        }

        // The roots this file and the documents it reads refer to (each header's list is sorted and distinct).
        IEnumerable<string> referenced = header.References;
        if (documentIds.Count > 0)
        {
            var all = new SortedSet<string>(header.References, StringComparer.Ordinal);
            foreach (var documentId in documentIds)
            {
                all.Add(documentId);
                all.UnionWith(_byId[documentId].References);
            }

            all.Remove(id);
            referenced = all;
        }

        var foreign = new List<ForeignSchema>();
        foreach (var reference in referenced)
        {
            if (_foreign.TryGetValue(reference, out var known2))
            {
                foreign.Add(known2);
            }
        }

        return new FileInput(
            file,
            options,
            id,
            null,
            entry.RootName,
            entry.Wanted,
            entry.Owner,
            entry.ClassName,
            foreign.ToImmutableEquatableArray(),
            ownClaim,
            _claimPointers.TryGetValue(id, out var pointers) ? pointers.OrderBy(p => p, StringComparer.Ordinal).ToImmutableEquatableArray() : ImmutableEquatableArray<string>.Empty,
            documentIds.Select(documents.Get).Where(d => d is not null).Select(d => d!).ToImmutableEquatableArray());
    }

    /// <summary>Picks the documents some model step reads out of all schema files, keyed by id.</summary>
    public SchemaDocuments DocumentsOf(ImmutableArray<SchemaFile> files)
    {
        var result = new List<SchemaDocument>();
        if (DocumentIds.Count > 0)
        {
            foreach (var file in files)
            {
                if (_names.Of(file.Path) is { Id: { } id, DuplicateOf: null } && DocumentIds.Contains(id))
                {
                    result.Add(new SchemaDocument(id, file.Path, file.Text));
                }
            }
        }

        return new SchemaDocuments(result.OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableEquatableArray());
    }

    public bool Equals(SchemaEnvironment? other) =>
        other is not null && (ReferenceEquals(this, other) || (_names.Equals(other._names) && _headers.SequenceEqual(other._headers)));

    public override bool Equals(object? obj) => obj is SchemaEnvironment other && Equals(other);

    public override int GetHashCode() => _headers.Length;
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
