using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// The link, in two parts so that it stays incremental too. <see cref="LinkEnvironment"/> decides everything that
/// crosses files from each file's <see cref="LinkFacts"/> (names and other equatable facts, equal as long as no type is
/// added, removed or renamed): which types are renamed because their names clash across files (roots keep theirs;
/// then by schema id order, KZS005), what type each file's root finally is, which cases each union of other files'
/// roots keeps, and what the JSON entry point serves. <see cref="LinkEnvironment.Link"/> then applies those decisions to
/// one file's model, reusing every type spec it does not have to change (so its outputs stay cached).
/// </summary>
internal sealed class LinkEnvironment : IEquatable<LinkEnvironment>
{
    private readonly ImmutableArray<LinkFacts> _facts;
    private readonly GeneratorOptions _options;
    private readonly Dictionary<string, LinkFacts> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _renames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Index, string Wanted, string Owner, string Name)>> _renameReports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeRef> _roots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ImmutableEquatableArray<UnionCaseSpec> Cases, string DiscriminatorClrName)> _unions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _caseBases = new(StringComparer.Ordinal);
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public LinkEnvironment(ImmutableArray<LinkFacts> facts, GeneratorOptions options)
    {
        _facts = facts;
        _options = options;
        Build();
    }

    /// <summary>What the JSON entry point serves.</summary>
    public ContextEmitInput Context { get; private set; } = null!;

    /// <summary>Diagnostics that belong to no single file's types (a cycle of root-only references).</summary>
    public ImmutableEquatableArray<DiagnosticInfo> Diagnostics { get; private set; } = ImmutableEquatableArray<DiagnosticInfo>.Empty;

    public bool HasTypes => Context.Types.Count > 0;

    private void Build()
    {
        var ordered = _facts.OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        foreach (var facts in ordered)
        {
            _byId[facts.Id] = facts;
        }

        // 1. Names: the JSON entry point's and every root's are reserved; other types keep theirs unless taken.
        var scope = new Naming.Scope();
        scope.Reserve(_options.ContextName, "the JSON entry point");
        foreach (var facts in ordered)
        {
            scope.Reserve(facts.RootName, "schema '" + facts.Id + "'");
        }

        var contextTypes = new List<(string Name, string? Unknown)>();
        foreach (var facts in ordered)
        {
            Rename(facts, scope, contextTypes);
        }

        // 2. Every root's final type, other files' roots resolved (a root-only $ref cycle is JSON).
        foreach (var facts in ordered)
        {
            ResolveRoot(facts.Id);
        }

        // 3. Unions of other files' roots keep a case only if that root is a record claimed by this very union.
        var caseRecords = new Dictionary<string, (LinkFacts File, CaseRecordFact Record)>(StringComparer.Ordinal);
        foreach (var facts in ordered)
        {
            if (facts.CaseRecord is { } record)
            {
                caseRecords[Name(facts, record.Name)] = (facts, record);
            }
        }

        foreach (var facts in ordered)
        {
            foreach (var union in facts.ForeignUnions)
            {
                var unionName = Name(facts, union.Name);
                var kept = new List<UnionCaseSpec>();
                string? firstDiscriminator = null;
                foreach (var unionCase in union.Cases)
                {
                    var root = ResolveRoot(unionCase.ForeignId);
                    if (root.Kind == TypeRefKind.Record
                        && caseRecords.TryGetValue(root.Name!, out var caseRecord)
                        && caseRecord.Record.CaseOf.SchemaId == facts.Id
                        && facts.Unions.Any(u => u.Pointer == caseRecord.Record.CaseOf.Pointer && Name(facts, u.Name) == unionName)
                        && kept.All(c => c.TypeName != root.Name))
                    {
                        kept.Add(new UnionCaseSpec(unionCase.Value, root.Name!));
                        firstDiscriminator ??= caseRecord.Record.DiscriminatorClrName;
                        _caseBases[root.Name!] = unionName;
                    }
                }

                _unions[facts.Id + "\n" + union.Name] = (kept.ToImmutableEquatableArray(),
                    union.DiscriminatorClrName.Length > 0 ? union.DiscriminatorClrName : firstDiscriminator ?? Naming.Identifier(Naming.Pascal(union.DiscriminatorJsonName)));
            }
        }

        Context = new ContextEmitInput(
            _options.Namespace,
            _options.ContextName,
            contextTypes
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .SelectMany(t => t.Unknown is null ? new[] { new ContextTypeSpec(t.Name) } : new[] { new ContextTypeSpec(t.Name), new ContextTypeSpec(t.Unknown) })
                .ToImmutableEquatableArray(),
            ordered.Select(f => new ContextSchemaSpec(f.Id, f.ClassName, f.RootAliasOf)).ToImmutableEquatableArray());
        Diagnostics = _diagnostics.Distinct().ToImmutableEquatableArray();
        _frozen = true;
    }

    /// <summary>Set once built: the per-file links run concurrently and only read.</summary>
    private bool _frozen;

    private string Name(LinkFacts facts, string name) =>
        _renames.TryGetValue(facts.Path, out var renames) && renames.TryGetValue(name, out var renamed) ? renamed : name;

    // ---- names ----

    private void Rename(LinkFacts facts, Naming.Scope scope, List<(string Name, string? Unknown)> contextTypes)
    {
        // A renamed type's inline types were named after it (hint + member): they follow it, as they would have had
        // the clash been seen while the file was modelled.
        Dictionary<string, string>? renames = null;
        List<(int, string, string, string)>? reports = null;
        var renamedParents = new List<(string Pointer, string Old, string New)>();
        for (var i = 0; i < facts.Types.Count; i++)
        {
            var type = facts.Types[i];
            var finalName = type.Name;
            if (!(type.Pointer == "#" && type.Name == facts.RootName))
            {
                var wanted = type.Name;
                var parentPointer = "";
                foreach (var parent in renamedParents)
                {
                    if (parent.Pointer.Length >= parentPointer.Length
                        && type.Pointer.StartsWith(parent.Pointer + "/", StringComparison.Ordinal)
                        && type.Name.StartsWith(parent.Old, StringComparison.Ordinal))
                    {
                        parentPointer = parent.Pointer;
                        wanted = parent.New + type.Name.Substring(parent.Old.Length);
                    }
                }

                var owner = "'" + facts.Id + "' at " + type.Pointer;
                if (scope.IsTaken(wanted))
                {
                    finalName = scope.Allocate(wanted, owner);
                    (reports ??= new()).Add((i, wanted, scope.OwnerOf(wanted) ?? "another type", finalName));
                }
                else
                {
                    scope.Reserve(wanted, owner);
                    finalName = wanted;
                }

                if (finalName != type.Name)
                {
                    (renames ??= new(StringComparer.Ordinal))[type.Name] = finalName;
                    renamedParents.Add((type.Pointer, type.Name, finalName));
                }
            }

            string? unknown = null;
            if (type.UnknownName is { } unknownName)
            {
                var wantedUnknown = finalName == type.Name ? unknownName : "Unknown" + finalName;
                unknown = scope.IsTaken(wantedUnknown) ? scope.Allocate(wantedUnknown, "the unknown case of " + finalName) : wantedUnknown;
                scope.Reserve(unknown, "the unknown case of " + finalName);
                if (unknown != unknownName)
                {
                    (renames ??= new(StringComparer.Ordinal))[unknownName] = unknown;
                }
            }

            contextTypes.Add((finalName, unknown));
        }

        if (renames is not null)
        {
            _renames[facts.Path] = renames;
        }

        if (reports is not null)
        {
            _renameReports[facts.Path] = reports;
        }
    }

    private static TypeRef RenameRef(TypeRef type, Dictionary<string, string> renames) => type.Kind switch
    {
        TypeRefKind.Record or TypeRefKind.Union or TypeRefKind.Enum when type.Name is not null && renames.TryGetValue(type.Name, out var name) => type with { Name = name },
        _ when type.Element is not null => type with { Element = RenameRef(type.Element, renames) },
        TypeRefKind.Choice when type.Alternatives is not null => type with { Alternatives = type.Alternatives.Select(a => RenameRef(a, renames)).ToImmutableEquatableArray() },
        _ => type,
    };

    // ---- references to other files' roots ----

    private TypeRef ResolveRoot(string id)
    {
        if (_roots.TryGetValue(id, out var known))
        {
            return known;
        }

        if (_frozen || !_byId.TryGetValue(id, out var facts) || facts.RootType is null)
        {
            return TypeRef.Json; // a file that did not load: already reported
        }

        if (!_resolving.Add(id))
        {
            _diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnsupportedConstruct.Id, facts.Path, 0, 0, 0, 1,
                new[] { "A recursive schema that is not an object with properties", "its recursive values are kept as JsonElement" }.ToImmutableEquatableArray()));
            return TypeRef.Json;
        }

        try
        {
            var root = _renames.TryGetValue(facts.Path, out var renames) ? RenameRef(facts.RootType, renames) : facts.RootType;
            var resolved = Resolve(root);
            _roots[id] = resolved;
            return resolved;
        }
        finally
        {
            _resolving.Remove(id);
        }
    }

    /// <summary>A type with every reference to another file's root replaced by that root's type.</summary>
    private TypeRef Resolve(TypeRef type)
    {
        if (!type.IsSymbolic)
        {
            return type;
        }

        switch (type.Kind)
        {
            case TypeRefKind.Foreign:
                return _roots.TryGetValue(type.Name!, out var root) ? root : ResolveRoot(type.Name!);
            case TypeRefKind.Choice:
                var kinds = type.Alternatives!.Select(Resolve).Distinct().ToList();
                return kinds.Count == 1 && kinds[0].Kind is TypeRefKind.String or TypeRefKind.Integer or TypeRefKind.Number or TypeRefKind.Boolean
                    ? kinds[0]
                    : TypeRef.Json;
            case TypeRefKind.MapOrJson:
                var value = Resolve(type.Element!);
                return value.Kind == TypeRefKind.Json ? TypeRef.Json : TypeRef.MapOf(value, nullable: false);
            default:
                return type with { Element = Resolve(type.Element!) };
        }
    }

    // ---- one file ----

    /// <summary>Applies the link's decisions to one file's model.</summary>
    public LinkedFile Link(FileModel model)
    {
        if (model.Id is null || model.Nodes is null || model.Types.Count == 0)
        {
            return new LinkedFile(model.Path, ImmutableEquatableArray<TypeSpec>.Empty, model.Diagnostics);
        }

        _renames.TryGetValue(model.Path, out var renames);
        TypeSpec[]? changed = null;
        for (var i = 0; i < model.Types.Count; i++)
        {
            var type = model.Types[i];
            var linked = type switch
            {
                RecordSpec record => LinkRecord(record, renames),
                UnionSpec union => LinkUnion(model.Id, union, renames),
                EnumSpec enumSpec when renames is not null && renames.TryGetValue(enumSpec.Name, out var name) => enumSpec with { Name = name },
                _ => type,
            };
            if (!ReferenceEquals(linked, type))
            {
                changed ??= model.Types.ToArray();
                changed[i] = linked;
            }
        }

        var diagnostics = model.Diagnostics;
        if (_renameReports.TryGetValue(model.Path, out var reports))
        {
            diagnostics = diagnostics.Concat(reports.Select(r =>
            {
                var at = model.TypePositions[r.Index];
                return new DiagnosticInfo(DiagnosticDescriptors.TypeNameCollision.Id, at.Path, at.Line, at.Column, at.Line, at.Column + 1,
                    new[] { r.Wanted, r.Owner, r.Name }.ToImmutableEquatableArray());
            })).ToImmutableEquatableArray();
        }

        return new LinkedFile(model.Path, changed is null ? model.Types : changed.ToImmutableEquatableArray(), diagnostics);
    }

    private TypeRef Final(TypeRef type, Dictionary<string, string>? renames) => Resolve(renames is null ? type : RenameRef(type, renames));

    private RecordSpec LinkRecord(RecordSpec record, Dictionary<string, string>? renames)
    {
        var result = record;
        if (renames is not null)
        {
            string Name(string name) => renames.TryGetValue(name, out var renamed) ? renamed : name;
            result = result with
            {
                Name = Name(record.Name),
                BaseName = record.BaseName is null ? null : Name(record.BaseName),
            };
        }

        if (renames is not null || record.Properties.Any(p => p.Type.IsSymbolic))
        {
            result = result with
            {
                Properties = record.Properties.Select(p =>
                {
                    var type = Final(p.Type, renames);
                    return p.Type.IsSymbolic
                        ? p with { Type = type, Secret = Naming.IsSecret(p.JsonName) && type.Kind is TypeRefKind.String or TypeRefKind.Integer or TypeRefKind.Json }
                        : ReferenceEquals(type, p.Type) || type.Equals(p.Type) ? p : p with { Type = type };
                }).ToImmutableEquatableArray(),
            };
        }

        if (renames is not null || record.PatternMaps.Any(m => m.ValueType.IsSymbolic))
        {
            // Untyped members (another file's root that is free-form JSON) stay in ExtensionData, as inside one file.
            result = result with
            {
                PatternMaps = record.PatternMaps
                    .Select(m => m with { ValueType = Final(m.ValueType, renames) })
                    .Where(m => m.ValueType.Kind != TypeRefKind.Json)
                    .ToImmutableEquatableArray(),
            };
        }

        if (record.CaseOf is not null)
        {
            result = _caseBases.TryGetValue(result.Name, out var baseName)
                ? result with { BaseName = baseName, CaseOf = null }
                : result with { BaseName = null, Discriminator = null, CaseOf = null };
        }

        return result;
    }

    private UnionSpec LinkUnion(string id, UnionSpec union, Dictionary<string, string>? renames)
    {
        var result = union;
        if (renames is not null)
        {
            string Name(string name) => renames.TryGetValue(name, out var renamed) ? renamed : name;
            result = result with
            {
                Name = Name(union.Name),
                UnknownName = Name(union.UnknownName),
                Cases = union.Cases.Select(c => c.ForeignId is null ? c with { TypeName = Name(c.TypeName) } : c).ToImmutableEquatableArray(),
            };
        }

        if (_unions.TryGetValue(id + "\n" + union.Name, out var decision))
        {
            // Local cases keep their places; the foreign ones the link kept follow in their order.
            result = result with
            {
                Cases = result.Cases.Where(c => c.ForeignId is null)
                    .Concat(decision.Cases)
                    .OrderBy(c => union.Cases.Select((u, i) => (u, i)).First(p => p.u.Value == c.Value).i)
                    .ToImmutableEquatableArray(),
                DiscriminatorClrName = decision.DiscriminatorClrName,
            };
        }

        return result;
    }

    public bool Equals(LinkEnvironment? other) =>
        other is not null && (ReferenceEquals(this, other) || (_options.Equals(other._options) && _facts.SequenceEqual(other._facts)));

    public override bool Equals(object? obj) => obj is LinkEnvironment other && Equals(other);

    public override int GetHashCode() => _facts.Length;
}
