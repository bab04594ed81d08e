using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// The link step: joins the per-file models into the one model the outputs are emitted from. It renames types whose
/// names clash across files (roots keep theirs; then by schema id order, KZS005), replaces each reference to another
/// file's root by that root's type, sets the base of a root record that another file's union claims as a case, and
/// lists what the JSON entry point serves. Works on equatable data only and reuses every type spec it does not have to
/// change, so that unchanged types stay reference-equal and their outputs cached.
/// </summary>
internal sealed class SchemaLinker
{
    private readonly GeneratorOptions _options;
    private readonly List<FileModel> _models;
    private readonly Dictionary<string, FileModel> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeRef> _resolvedRoots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordSpec> _records = new(StringComparer.Ordinal);
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SchemaLinker(ImmutableArray<FileModel> models, GeneratorOptions options)
    {
        _options = options;
        _models = models.OrderBy(m => m.Id ?? "", StringComparer.Ordinal).ThenBy(m => m.Path, StringComparer.Ordinal).ToList();
    }

    public static GenerationSpec Link(ImmutableArray<FileModel> models, GeneratorOptions options)
    {
        try
        {
            return new SchemaLinker(models, options).Link();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var diagnostics = models.SelectMany(m => m.Diagnostics)
                .Append(new DiagnosticInfo(DiagnosticDescriptors.GeneratorFailure.Id, "", 0, 0, 0, 0,
                    new[] { ex.GetType().Name + ": " + ex.Message }.ToImmutableEquatableArray()))
                .Distinct()
                .ToImmutableEquatableArray();
            return new GenerationSpec(options.Namespace, options.ContextName, ImmutableEquatableArray<TypeSpec>.Empty,
                new ContextEmitInput(options.Namespace, options.ContextName, ImmutableEquatableArray<ContextTypeSpec>.Empty,
                    ImmutableEquatableArray<ContextSchemaSpec>.Empty),
                diagnostics);
        }
    }

    private GenerationSpec Link()
    {
        foreach (var model in _models)
        {
            _diagnostics.AddRange(model.Diagnostics);
        }

        // 1. Names: the JSON entry point's and every root's are reserved; other types keep theirs unless taken.
        var scope = new Naming.Scope();
        scope.Reserve(_options.ContextName, "the JSON entry point");
        foreach (var model in _models)
        {
            if (model.Id is { } id && model.Nodes is not null)
            {
                scope.Reserve(model.RootName, "schema '" + id + "'");
            }
        }

        var renamed = new List<FileModel>(_models.Count);
        foreach (var model in _models)
        {
            renamed.Add(model.Id is null || model.Types.Count == 0 ? model : Rename(model, scope));
        }

        foreach (var model in renamed)
        {
            if (model.Id is { } id && model.Nodes is not null)
            {
                _byId[id] = model;
                foreach (var type in model.Types)
                {
                    if (type is RecordSpec record)
                    {
                        _records[record.Name] = record;
                    }
                }
            }
        }

        // 2. Unions of other files' roots: keep a case only if that root is a record claimed by this very union.
        var caseNames = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var linked = new Dictionary<FileModel, TypeSpec[]>();
        foreach (var model in _byId.Values)
        {
            var specs = model.Types.ToArray();
            for (var i = 0; i < specs.Length; i++)
            {
                if (specs[i] is UnionSpec union && union.Cases.Any(c => c.ForeignId is not null))
                {
                    specs[i] = LinkUnion(model, union, caseNames);
                }
            }

            linked[model] = specs;
        }

        // 3. Records: resolve symbolic member types; a claimed root record derives from its union if the union kept it.
        var types = new List<TypeSpec>();
        foreach (var model in _byId.Values)
        {
            var specs = linked[model];
            for (var i = 0; i < specs.Length; i++)
            {
                if (specs[i] is RecordSpec record)
                {
                    specs[i] = LinkRecord(record, caseNames);
                }
            }

            types.AddRange(specs);
        }

        var sorted = types.OrderBy(t => t.Name, StringComparer.Ordinal).ToImmutableEquatableArray();
        var contextTypes = sorted
            .SelectMany(t => t is UnionSpec union
                ? new[] { new ContextTypeSpec(t.Name), new ContextTypeSpec(union.UnknownName) }
                : new[] { new ContextTypeSpec(t.Name) })
            .ToImmutableEquatableArray();
        var schemas = _byId.Values
            .Where(m => m.Nodes is not null)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new ContextSchemaSpec(m.Id!, m.Nodes!.ClassName, m.Nodes.RootAliasOf))
            .ToImmutableEquatableArray();
        return new GenerationSpec(
            _options.Namespace,
            _options.ContextName,
            sorted,
            new ContextEmitInput(_options.Namespace, _options.ContextName, contextTypes, schemas),
            _diagnostics.Distinct().ToImmutableEquatableArray());
    }

    // ---- names ----

    private FileModel Rename(FileModel model, Naming.Scope scope)
    {
        // A renamed type's inline types were named after it (hint + member): they follow it, as they would have had
        // the clash been seen while the file was modelled.
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var renamedParents = new List<(string Pointer, string Old, string New)>();
        for (var i = 0; i < model.Types.Count; i++)
        {
            var type = model.Types[i];
            var finalName = type.Name;
            if (!(type.SchemaPointer == "#" && type.Name == model.RootName))
            {
                var wanted = type.Name;
                var parentPointer = "";
                foreach (var parent in renamedParents)
                {
                    if (parent.Pointer.Length >= parentPointer.Length
                        && type.SchemaPointer.StartsWith(parent.Pointer + "/", StringComparison.Ordinal)
                        && type.Name.StartsWith(parent.Old, StringComparison.Ordinal))
                    {
                        parentPointer = parent.Pointer;
                        wanted = parent.New + type.Name.Substring(parent.Old.Length);
                    }
                }

                var owner = "'" + model.Id + "' at " + type.SchemaPointer;
                if (scope.IsTaken(wanted))
                {
                    finalName = scope.Allocate(wanted, owner);
                    var at = model.TypePositions[i];
                    _diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TypeNameCollision.Id, at.Path, at.Line, at.Column, at.Line, at.Column + 1,
                        new[] { wanted, scope.OwnerOf(wanted) ?? "another type", finalName }.ToImmutableEquatableArray()));
                }
                else
                {
                    scope.Reserve(wanted, owner);
                    finalName = wanted;
                }

                if (finalName != type.Name)
                {
                    renames[type.Name] = finalName;
                    renamedParents.Add((type.SchemaPointer, type.Name, finalName));
                }
            }

            if (type is UnionSpec union)
            {
                var wantedUnknown = finalName == union.Name ? union.UnknownName : "Unknown" + finalName;
                var unknown = scope.IsTaken(wantedUnknown)
                    ? scope.Allocate(wantedUnknown, "the unknown case of " + finalName)
                    : wantedUnknown;
                scope.Reserve(unknown, "the unknown case of " + finalName);
                if (unknown != union.UnknownName)
                {
                    renames[union.UnknownName] = unknown;
                }
            }
        }

        if (renames.Count == 0)
        {
            return model;
        }

        string Name(string name) => renames.TryGetValue(name, out var renamedName) ? renamedName : name;
        TypeRef? Ref(TypeRef? type) => type is null ? null : RenameRef(type, renames);
        var types = model.Types.Select(type => (TypeSpec)(type switch
        {
            RecordSpec record => record with
            {
                Name = Name(record.Name),
                BaseName = record.BaseName is null ? null : Name(record.BaseName),
                Properties = record.Properties.Select(p => p with { Type = Ref(p.Type)! }).ToImmutableEquatableArray(),
                PatternMaps = record.PatternMaps.Select(m => m with { ValueType = Ref(m.ValueType)! }).ToImmutableEquatableArray(),
            },
            UnionSpec union => union with
            {
                Name = Name(union.Name),
                UnknownName = Name(union.UnknownName),
                Cases = union.Cases.Select(c => c.ForeignId is null ? c with { TypeName = Name(c.TypeName) } : c).ToImmutableEquatableArray(),
            },
            EnumSpec enumSpec => enumSpec with { Name = Name(enumSpec.Name) },
            _ => type,
        })).ToImmutableEquatableArray();
        return model with
        {
            RootType = Ref(model.RootType),
            Types = types,
            Unions = model.Unions.Select(u => u with { Name = Name(u.Name) }).ToImmutableEquatableArray(),
        };
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
        if (_resolvedRoots.TryGetValue(id, out var known))
        {
            return known;
        }

        if (!_byId.TryGetValue(id, out var model) || model.RootType is null)
        {
            return TypeRef.Json; // a file that did not load: already reported
        }

        if (!_resolving.Add(id))
        {
            _diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnsupportedConstruct.Id, model.Path, 0, 0, 0, 1,
                new[] { "A recursive schema that is not an object with properties", "its recursive values are kept as JsonElement" }.ToImmutableEquatableArray()));
            return TypeRef.Json;
        }

        try
        {
            var resolved = Resolve(model.RootType);
            _resolvedRoots[id] = resolved;
            return resolved;
        }
        finally
        {
            _resolving.Remove(id);
        }
    }

    private TypeRef Resolve(TypeRef type)
    {
        if (!type.IsSymbolic)
        {
            return type;
        }

        switch (type.Kind)
        {
            case TypeRefKind.Foreign:
                return ResolveRoot(type.Name!);
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

    /// <summary>The record spec a root type names, in the model of <paramref name="id"/>.</summary>
    private RecordSpec? RootRecord(string id)
    {
        var root = ResolveRoot(id);
        return root.Kind == TypeRefKind.Record && _records.TryGetValue(root.Name!, out var record) ? record : null;
    }

    private UnionSpec LinkUnion(FileModel model, UnionSpec union, Dictionary<string, HashSet<string>> caseNames)
    {
        var kept = new List<UnionCaseSpec>();
        string? firstDiscriminator = null;
        foreach (var unionCase in union.Cases)
        {
            if (unionCase.ForeignId is not { } foreignId)
            {
                kept.Add(unionCase);
                continue;
            }

            if (RootRecord(foreignId) is { CaseOf: { } caseOf } record
                && caseOf.SchemaId == model.Id
                && model.Unions.Any(u => u.Pointer == caseOf.Pointer && u.Name == union.Name)
                && kept.All(c => c.TypeName != record.Name))
            {
                kept.Add(new UnionCaseSpec(unionCase.Value, record.Name));
                firstDiscriminator ??= record.Discriminator?.ClrName;
                if (!caseNames.TryGetValue(union.Name, out var names))
                {
                    names = new HashSet<string>(StringComparer.Ordinal);
                    caseNames[union.Name] = names;
                }

                names.Add(record.Name);
            }
        }

        return union with
        {
            Cases = kept.ToImmutableEquatableArray(),
            DiscriminatorClrName = union.DiscriminatorClrName.Length > 0
                ? union.DiscriminatorClrName
                : firstDiscriminator ?? Naming.Identifier(Naming.Pascal(union.DiscriminatorJsonName)),
        };
    }

    private RecordSpec LinkRecord(RecordSpec record, Dictionary<string, HashSet<string>> caseNames)
    {
        var result = record;
        if (record.Properties.Any(p => p.Type.IsSymbolic))
        {
            result = result with
            {
                Properties = record.Properties.Select(p =>
                {
                    if (!p.Type.IsSymbolic)
                    {
                        return p;
                    }

                    var type = Resolve(p.Type);
                    return p with
                    {
                        Type = type,
                        Secret = Naming.IsSecret(p.JsonName) && type.Kind is TypeRefKind.String or TypeRefKind.Integer or TypeRefKind.Json,
                    };
                }).ToImmutableEquatableArray(),
            };
        }

        if (record.PatternMaps.Any(m => m.ValueType.IsSymbolic))
        {
            // Untyped members (another file's root that is free-form JSON) stay in ExtensionData, as inside one file.
            result = result with
            {
                PatternMaps = record.PatternMaps
                    .Select(m => m.ValueType.IsSymbolic ? m with { ValueType = Resolve(m.ValueType) } : m)
                    .Where(m => m.ValueType.Kind != TypeRefKind.Json)
                    .ToImmutableEquatableArray(),
            };
        }

        if (record.CaseOf is { } caseOf)
        {
            var union = _byId.TryGetValue(caseOf.SchemaId, out var owner) ? owner.Unions.FirstOrDefault(u => u.Pointer == caseOf.Pointer) : null;
            result = union is not null && caseNames.TryGetValue(union.Name, out var names) && names.Contains(record.Name)
                ? result with { BaseName = union.Name, CaseOf = null }
                : result with { BaseName = null, Discriminator = null, CaseOf = null };
        }

        return result;
    }
}
