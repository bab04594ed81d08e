using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Parsing;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>
/// Turns the read schemas into the equatable type model. It decides, for every schema reached from a file's root,
/// which C# shape it gets: a record (objects with declared members), a union (a <c>oneOf</c> told apart by a one-value
/// enum member such as Kazoo's <c>handler</c>), an open enum (string enums), a read-only map (objects whose only members
/// match one typed <c>patternProperties</c>), a read-only list, a primitive, or <c>JsonElement</c> (free-form JSON, and
/// any schema no C# type can represent, with a KZS004 where it stands). Type names are unique in the compilation:
/// roots keep the names <see cref="SchemaNames"/> gave them; other types are named after where they stand, in file
/// order, with a numeric suffix and a KZS005 on a clash.
/// </summary>
internal sealed class TypeModelBuilder
{
    private static readonly string[] s_reservedMembers =
    {
        "ExtensionData", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct",
        "GetType", "MemberwiseClone", "Finalize", "Clone", "JsonConverter", "JsonMemberOrder", "Validate", "Validator",
    };

    private readonly SchemaRegistry _registry;
    private readonly SchemaNames _names;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<SchemaObject, TypeRef> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<SchemaObject> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SchemaObject, CaseInfo> _caseOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SchemaObject, UnionBuilder> _unions = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> _builders = new();
    private readonly Naming.Scope _typeNames;

    public TypeModelBuilder(SchemaRegistry registry, SchemaNames names, List<DiagnosticInfo> diagnostics)
    {
        _registry = registry;
        _names = names;
        _diagnostics = diagnostics;
        _typeNames = names.TypeScope();
    }

    /// <summary>
    /// The types of every root of a document that generates types (all but <c>GenerateTypes="false"</c>), and of
    /// everything reached from them, in a stable order.
    /// </summary>
    public IReadOnlyList<TypeSpec> Build(IReadOnlyList<SchemaDocument> documents)
    {
        // Unions first, over every file, so that a case reached before its union (another file's root, say) still
        // derives from it, and a type's shape never depends on which files have types.
        var visited = new HashSet<SchemaObject>(ReferenceEqualityComparer.Instance);
        foreach (var document in documents)
        {
            Visit(document.Root, visited);
        }

        foreach (var document in documents.Where(d => d.GeneratesTypes))
        {
            Resolve(document.Root, null, RootContext(document));
        }

        // A union that no schema with types reached, though a case of it has types (a definition its own file does not
        // use, which only validator-only files refer to): still the base of its cases, named after its place in its file.
        // Last, so that a union some typed schema refers to keeps the name that reference gives it.
        for (var i = 0; i < _builders.Count; i++) // resolving a union may add builders: they are visited too
        {
            if (_builders[i] is RecordBuilder { Case.Union: var unreached } && !_memo.ContainsKey(unreached))
            {
                var document = unreached.Document;
                var hint = _names.RootName(document) + Naming.Identifier(Naming.Pascal(SchemaUris.PointerTokens(unreached.Pointer)[^1]));
                Resolve(unreached, null, new Context(document.Source, unreached.Pointer, hint, document.Id));
            }
        }

        return Freeze();
    }

    private Context RootContext(SchemaDocument document) => new(document.Source, "#", _names.RootName(document), document.Id);

    private void Visit(SchemaObject schema, HashSet<SchemaObject> visited)
    {
        if (Actual(schema) is not { } actual || actual.Document.IsBuiltIn || !visited.Add(actual))
        {
            return;
        }

        FindUnions(actual);
        foreach (var child in SchemaObjects.Children(actual))
        {
            Visit(child, visited);
        }
    }

    private readonly record struct Context(SourceMap Source, string Pointer, string Hint, string SchemaId)
    {
        public Context Child(string pointerSegment, string hint) => this with { Pointer = Pointer + "/" + pointerSegment, Hint = hint };
    }

    private sealed class CaseInfo
    {
        public CaseInfo(SchemaObject union, string discriminatorJsonName, string value)
        {
            Union = union;
            DiscriminatorJsonName = discriminatorJsonName;
            Value = value;
        }

        public SchemaObject Union { get; }

        public string DiscriminatorJsonName { get; }

        public string Value { get; }
    }

    private sealed class RecordBuilder
    {
        public string Name = "";
        public string SchemaId = "";
        public string Pointer = "";
        public string? Description;
        public readonly List<PropertySpec> Properties = new();
        public readonly List<PatternMapSpec> Maps = new();
        public CaseInfo? Case;
        public string? DiscriminatorClrName;
    }

    private void AddBuilder(object builder) => _builders.Add(builder);

    private sealed class UnionBuilder
    {
        public string Name = "";
        public string SchemaId = "";
        public string Pointer = "";
        public string? Description;
        public string DiscriminatorJsonName = "";
        public readonly List<(string Value, TypeRef Type)> Cases = new();
    }

    private SchemaObject? Actual(SchemaObject schema) => _registry.Shape(schema);

    // ---- union discovery (pre-pass, so a case reached before its union still derives from it) ----

    private void FindUnions(SchemaObject schema)
    {
        if (_caseOf.ContainsKey(schema) || !Discriminators.TryFind(schema, Actual, out var jsonName, out var cases))
        {
            return;
        }

        foreach (var (value, branch) in cases)
        {
            if (!_caseOf.ContainsKey(branch))
            {
                _caseOf[branch] = new CaseInfo(schema, jsonName, value);
            }
        }
    }

    // ---- resolution ----

    private TypeRef Resolve(SchemaObject schema, IReadOnlyList<SchemaObject>? extras, Context context)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (Actual(schema) is not { } actual || actual.Document.IsBuiltIn)
        {
            return TypeRef.Json; // an unresolved reference (reported), or the meta-schema: any JSON
        }

        if (actual.IsRoot)
        {
            context = RootContext(actual.Document);
        }

        if (_memo.TryGetValue(actual, out var known))
        {
            return known;
        }

        if (!_inProgress.Add(actual))
        {
            _diagnostics.Add(context.Source.Diagnostic(context.Pointer, DiagnosticDescriptors.UnsupportedConstruct.Id,
                "A recursive schema that is not an object with properties", "its recursive values are kept as JsonElement"));
            return TypeRef.Json;
        }

        try
        {
            var result = ResolveShape(actual, extras, context);
            if (result.Kind is not (TypeRefKind.Record or TypeRefKind.Union or TypeRefKind.Enum))
            {
                _memo[actual] = result;
            }

            return result;
        }
        finally
        {
            _inProgress.Remove(actual);
        }
    }

    private TypeRef ResolveShape(SchemaObject schema, IReadOnlyList<SchemaObject>? extras, Context context)
    {
        if (schema.AllOf.Count > 0)
        {
            _diagnostics.Add(context.Source.Diagnostic(context.Pointer + "/allOf", DiagnosticDescriptors.UnsupportedConstruct.Id,
                "'allOf'", "the value is kept as JsonElement"));
            return TypeRef.Json;
        }

        if (Discriminators.TryFind(schema, Actual, out var discriminator, out var cases))
        {
            return BuildUnion(schema, discriminator, cases, context);
        }

        var branches = schema.OneOf.Count > 0 ? schema.OneOf.ToList() : schema.AnyOf.ToList();
        var type = schema.Types & ~JsonTypeFlags.Null;
        var hasObjectMembers = schema.Properties.Count > 0 || schema.PatternProperties.Count > 0 || schema.AdditionalProperties is not null;

        if (branches.Count == 1 && !hasObjectMembers && schema.Enum is null && (type == 0 || type == JsonTypeFlags.Object))
        {
            return Resolve(branches[0], extras, context.Child(schema.OneOf.Count > 0 ? "oneOf/0" : "anyOf/0", context.Hint));
        }

        var objectBranches = branches.Count > 0 && branches.Select(Actual).All(IsObjectLike);
        if (type == JsonTypeFlags.Object || (type == 0 && (hasObjectMembers || objectBranches)))
        {
            return ResolveObject(schema, branches, objectBranches, extras, context);
        }

        if (schema.Enum is { } values && values.All(v => v.Type == JTokenType.String) && (type == 0 || type == JsonTypeFlags.String))
        {
            return BuildEnum(schema, values.Select(v => v.Value<string>()!).ToList(), context);
        }

        if (type == 0 && branches.Count > 0)
        {
            var kinds = branches.Select(b => Resolve(b, null, context.Child("oneOf", context.Hint))).Distinct().ToList();
            return kinds.Count == 1 && kinds[0].Kind is TypeRefKind.String or TypeRefKind.Integer or TypeRefKind.Number or TypeRefKind.Boolean
                ? kinds[0]
                : TypeRef.Json;
        }

        return type switch
        {
            JsonTypeFlags.String => TypeRef.String,
            JsonTypeFlags.Integer => TypeRef.Integer,
            JsonTypeFlags.Number => TypeRef.Number,
            JsonTypeFlags.Integer | JsonTypeFlags.Number => TypeRef.Number,
            JsonTypeFlags.Boolean => TypeRef.Boolean,
            JsonTypeFlags.Array => ResolveArray(schema, context),
            _ => TypeRef.Json,
        };
    }

    private static bool IsObjectLike(SchemaObject? schema) =>
        schema is not null
        && ((schema.Types & ~JsonTypeFlags.Null) == JsonTypeFlags.Object
            || ((schema.Types & ~JsonTypeFlags.Null) == 0 && schema.Properties.Count > 0));

    private TypeRef ResolveArray(SchemaObject schema, Context context)
    {
        if (schema.TupleItems is not null)
        {
            _diagnostics.Add(context.Source.Diagnostic(context.Pointer + "/items", DiagnosticDescriptors.UnsupportedConstruct.Id,
                "An 'items' array (tuple validation)", "the items are kept as JsonElement"));
            return TypeRef.ListOf(TypeRef.Json, nullable: false);
        }

        if (schema.Items is null)
        {
            return TypeRef.ListOf(TypeRef.Json, nullable: false); // any JSON, JSON null included
        }

        var item = Resolve(schema.Items, null, context.Child("items", context.Hint + "Item"));
        if ((Actual(schema.Items) is not { } actualItem || (actualItem.Types & JsonTypeFlags.Null) == 0) || item.Kind == TypeRefKind.Json)
        {
            return TypeRef.ListOf(item, nullable: false);
        }

        // Items that may be JSON null stay JSON: JsonElement holds null as a value, and no converter lies about nullability.
        return TypeRef.ListOf(TypeRef.Json, nullable: false);
    }

    private TypeRef ResolveObject(SchemaObject schema, List<SchemaObject> branches, bool objectBranches, IReadOnlyList<SchemaObject>? extras, Context context)
    {
        var hasDeclared = schema.Properties.Count > 0
                          || (objectBranches && branches.Select(Actual).Any(b => b!.Properties.Count > 0))
                          || (extras?.Any(e => e.Properties.Count > 0) ?? false)
                          || _caseOf.ContainsKey(schema);

        if (!hasDeclared)
        {
            // No declared members: a map (one typed pattern, nothing else allowed) or free-form JSON.
            var typed = new List<(string? Pattern, TypeRef Type, string Pointer)>();
            var untyped = 0;
            foreach (var pattern in schema.PatternProperties)
            {
                var valueType = Resolve(pattern.Value, null, context.Child("patternProperties/" + Escape(pattern.Key), context.Hint + "Entry"));
                if (valueType.Kind == TypeRefKind.Json)
                {
                    untyped++;
                }
                else
                {
                    typed.Add((pattern.Key, valueType, pattern.Key));
                }
            }

            if (schema.AdditionalProperties is { } additional)
            {
                var valueType = Resolve(additional, null, context.Child("additionalProperties", context.Hint + "Value"));
                if (valueType.Kind != TypeRefKind.Json)
                {
                    typed.Add((null, valueType, "additionalProperties"));
                }
            }

            if (typed.Count == 0)
            {
                return TypeRef.Json;
            }

            if (typed.Count == 1 && untyped == 0 && (!schema.AdditionalPropertiesAllowed || typed[0].Pattern is null))
            {
                return TypeRef.MapOf(typed[0].Type, nullable: false);
            }
        }

        return BuildRecord(schema, branches, objectBranches, extras, context);
    }

    private TypeRef BuildRecord(SchemaObject schema, List<SchemaObject> branches, bool objectBranches, IReadOnlyList<SchemaObject>? extras, Context context)
    {
        var builder = new RecordBuilder
        {
            Name = AllocateTypeName(context),
            SchemaId = context.SchemaId,
            Pointer = context.Pointer,
            Description = schema.Description,
        };
        var reference = new TypeRef(TypeRefKind.Record, builder.Name);
        _memo[schema] = reference;
        AddBuilder(builder);

        _caseOf.TryGetValue(schema, out var caseInfo);
        if (caseInfo is not null && !_memo.ContainsKey(caseInfo.Union))
        {
            // A case derives from its union: the union's file gets its types too, even when it has GenerateTypes="false".
            Resolve(caseInfo.Union.Document.Root, null, RootContext(caseInfo.Union.Document));
        }

        var allExtras = new List<SchemaObject>(extras ?? Array.Empty<SchemaObject>());
        if (caseInfo is not null)
        {
            // The union's own properties (Kazoo: name, settings.field_list …) hold for every case: merge them in.
            allExtras.Add(caseInfo.Union);
        }

        var members = new Naming.Scope(s_reservedMembers.Concat(new[] { builder.Name }));
        if (caseInfo is not null)
        {
            builder.Case = caseInfo;
            builder.DiscriminatorClrName = members.Allocate(Naming.PropertyName(caseInfo.DiscriminatorJsonName), caseInfo.DiscriminatorJsonName);
            members.Reserve(builder.DiscriminatorClrName + "Value", "the constant of " + caseInfo.DiscriminatorJsonName);
        }

        var sources = new List<(SchemaObject Owner, bool RequiredApplies, string Pointer)> { (schema, true, context.Pointer) };
        if (objectBranches)
        {
            var keyword = schema.OneOf.Count > 0 ? "oneOf" : "anyOf";
            sources.AddRange(branches.Select((b, i) => (Actual(b)!, false, context.Pointer + "/" + keyword + "/" + i)));
        }

        sources.AddRange(allExtras.Select(e => (Actual(e), false, context.Pointer)).Where(e => e.Item1 is not null).Select(e => (e.Item1!, e.Item2, e.Item3)));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (caseInfo is not null)
        {
            seen.Add(caseInfo.DiscriminatorJsonName);
        }

        foreach (var (owner, requiredApplies, pointer) in sources)
        {
            foreach (var pair in owner.Properties)
            {
                if (!seen.Add(pair.Key))
                {
                    continue;
                }

                var property = pair.Value;
                var clrName = members.Allocate(Naming.PropertyName(pair.Key), pair.Key);

                var propertyExtras = sources
                    .Where(s => !ReferenceEquals(s.Owner, owner) && SchemaObjects.HasProperty(s.Owner, pair.Key))
                    .Select(s => SchemaObjects.Property(s.Owner, pair.Key)!)
                    .Where(p => IsObjectLike(Actual(p)))
                    .Cast<SchemaObject>()
                    .ToList();
                var propertyContext = new Context(context.Source, pointer + "/properties/" + Escape(pair.Key), builder.Name + clrName, context.SchemaId);
                var type = Resolve(property, propertyExtras.Count > 0 ? propertyExtras : null, propertyContext);
                var actualProperty = Actual(property);
                builder.Properties.Add(new PropertySpec(
                    pair.Key,
                    clrName,
                    type,
                    Required: requiredApplies && owner.Required.Contains(pair.Key),
                    Nullable: actualProperty is not null && (actualProperty.Types & JsonTypeFlags.Null) != 0,
                    Secret: Naming.IsSecret(pair.Key),
                    Description: property.Description ?? actualProperty?.Description,
                    DefaultJson: (property.Default ?? actualProperty?.Default)?.ToString(Newtonsoft.Json.Formatting.None)));
            }
        }

        if (sources.Count > 1)
        {
            // Members gathered from several schemas (a union's shared ones, a oneOf's branches) are written in JSON-name
            // order, as Kazoo lays out its schemas and stores its documents.
            var merged = builder.Properties.OrderBy(p => p.JsonName, StringComparer.Ordinal).ToList();
            builder.Properties.Clear();
            builder.Properties.AddRange(merged);
        }

        var mapIndex = 0;
        foreach (var pattern in schema.PatternProperties)
        {
            var patternContext = context.Child("patternProperties/" + Escape(pattern.Key), builder.Name + "Entry");
            var valueType = Resolve(pattern.Value, null, patternContext);
            if (valueType.Kind == TypeRefKind.Json)
            {
                continue; // untyped pattern members (Kazoo's "^_" and "^pvt_") stay in ExtensionData
            }

            var name = members.Allocate(MapPropertyName(pattern.Key, pattern.Value, ++mapIndex), pattern.Key);
            builder.Maps.Add(new PatternMapSpec(pattern.Key, name, valueType, pattern.Value.Description ?? Actual(pattern.Value)?.Description));
        }

        if (schema.AdditionalProperties is { } additional)
        {
            var valueType = Resolve(additional, null, context.Child("additionalProperties", builder.Name + "Value"));
            if (valueType.Kind != TypeRefKind.Json)
            {
                builder.Maps.Add(new PatternMapSpec(null, members.Allocate("AdditionalProperties", "additionalProperties"), valueType, additional.Description));
            }
        }

        return reference;
    }

    private string MapPropertyName(string pattern, SchemaObject value, int index)
    {
        // A map of a referenced schema is named after that schema's last word (connections → Couchdb);
        // a literal pattern after itself; anything else by position.
        var target = Actual(value);
        var rootId = target is { IsRoot: true } ? target.Document.Id : null;
        if (rootId is not null)
        {
            var last = rootId.Split('.').Last();
            return Naming.Identifier(Naming.Pascal(last));
        }

        var literal = pattern.Trim('^', '$');
        if (literal.Length > 0 && literal.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            return Naming.Identifier(Naming.Pascal(literal));
        }

        return "PatternProperties" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private TypeRef BuildUnion(SchemaObject schema, string discriminator, List<(string Value, SchemaObject Branch)> cases, Context context)
    {
        var builder = new UnionBuilder
        {
            Name = AllocateTypeName(context),
            SchemaId = context.SchemaId,
            Pointer = context.Pointer,
            Description = schema.Description,
            DiscriminatorJsonName = discriminator,
        };
        var reference = new TypeRef(TypeRefKind.Union, builder.Name);
        _memo[schema] = reference;
        _unions[schema] = builder;
        AddBuilder(builder);

        var keyword = schema.OneOf.Count > 0 ? "oneOf" : "anyOf";
        for (var i = 0; i < cases.Count; i++)
        {
            var (value, branch) = cases[i];
            if (!_caseOf.TryGetValue(branch, out var info) || !ReferenceEquals(info.Union, schema))
            {
                _diagnostics.Add(context.Source.Diagnostic(context.Pointer + "/" + keyword + "/" + i, DiagnosticDescriptors.UnsupportedConstruct.Id,
                    "A schema that is a case of two unions", "in this union its values are kept by the unknown case"));
                continue;
            }

            var caseType = Resolve(branch, null, new Context(context.Source, context.Pointer + "/" + keyword + "/" + i, builder.Name + Naming.Pascal(value), context.SchemaId));
            if (caseType.Kind is not TypeRefKind.Record)
            {
                continue;
            }

            builder.Cases.Add((value, caseType));
        }

        return reference;
    }

    private TypeRef BuildEnum(SchemaObject schema, List<string> values, Context context)
    {
        var name = AllocateTypeName(context);
        var reference = new TypeRef(TypeRefKind.Enum, name);
        _memo[schema] = reference;
        var members = new Naming.Scope(new[] { name, "Value", "IsKnown", "KnownValues", "Equals", "GetHashCode", "ToString" });
        var specs = values.Distinct(StringComparer.Ordinal)
            .Select(v => new EnumValueSpec(v, members.Allocate(Naming.EnumMember(v), v)))
            .ToImmutableEquatableArray();
        AddBuilder(new EnumSpec(name, context.SchemaId, context.Pointer, schema.Description, specs));
        return reference;
    }

    private string AllocateTypeName(Context context)
    {
        var wanted = context.Hint;
        if (context.Pointer == "#" && _typeNames.OwnerOf(wanted) == "schema '" + context.SchemaId + "'")
        {
            return wanted; // a root's own pre-reserved name
        }

        var name = _typeNames.Allocate(wanted, "'" + context.SchemaId + "' at " + context.Pointer);
        if (name != wanted)
        {
            _diagnostics.Add(context.Source.Diagnostic(context.Pointer, DiagnosticDescriptors.TypeNameCollision.Id, wanted, _typeNames.OwnerOf(wanted) ?? "another type", name));
        }

        return name;
    }

    private static string Escape(string pointerSegment) => pointerSegment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>
    /// The members a union's own schema declares beside its <c>oneOf</c> (Kazoo: <c>name</c>) that every case has with
    /// the same C# name and type, so that the base record can declare them: <c>entry.Name</c> without a cast.
    /// </summary>
    private List<PropertySpec> SharedMembers(UnionBuilder union)
    {
        var schema = _unions.FirstOrDefault(u => ReferenceEquals(u.Value, union)).Key;
        var declared = schema is null ? null : Actual(schema);
        var cases = union.Cases.Select(c => _builders.OfType<RecordBuilder>().FirstOrDefault(r => r.Name == c.Type.Name)).ToList();
        var shared = new List<PropertySpec>();
        if (declared is null || cases.Count == 0 || cases.Any(c => c is null))
        {
            return shared;
        }

        foreach (var name in declared.Properties.Select(p => p.Key))
        {
            var members = cases.Select(c => c!.Properties.FirstOrDefault(p => p.JsonName == name)).ToList();
            var first = members[0];
            if (first is not null && !first.Required
                && members.All(m => m is not null && m.ClrName == first.ClrName && m.Type.Equals(first.Type) && m.Nullable == first.Nullable && !m.Required))
            {
                shared.Add(first with { Overrides = true });
            }
        }

        return shared;
    }

    private IReadOnlyList<TypeSpec> Freeze()
    {
        var specs = new List<TypeSpec>();
        var sharedByUnion = _builders.OfType<UnionBuilder>().ToDictionary(u => u, SharedMembers);
        foreach (var item in _builders)
        {
            switch (item)
            {
                case RecordBuilder record:
                    string? baseName = null;
                    DiscriminatorSpec? discriminator = null;
                    UnionBuilder? caseUnion = null;
                    if (record.Case is { } caseInfo && _unions.TryGetValue(caseInfo.Union, out var union) && union.Cases.Any(c => c.Type.Name == record.Name))
                    {
                        caseUnion = union;
                        baseName = union.Name;
                        discriminator = new DiscriminatorSpec(caseInfo.DiscriminatorJsonName, record.DiscriminatorClrName!, caseInfo.Value);
                    }

                    var overridden = baseName is null ? new HashSet<string>() : new HashSet<string>(sharedByUnion[caseUnion!].Select(p => p.JsonName), StringComparer.Ordinal);
                    specs.Add(new RecordSpec(record.Name, record.SchemaId, record.Pointer, record.Description,
                        record.Properties.Select(p => overridden.Contains(p.JsonName) ? p with { Overrides = true } : p).ToImmutableEquatableArray(),
                        record.Maps.ToImmutableEquatableArray(), baseName, discriminator));
                    break;
                case UnionBuilder unionBuilder:
                    // The discriminator's C# name is the one its first case record got.
                    var discriminatorClr = _builders.OfType<RecordBuilder>()
                        .FirstOrDefault(r => r.Case is { } c && _unions.TryGetValue(c.Union, out var u) && ReferenceEquals(u, unionBuilder))?.DiscriminatorClrName
                        ?? Naming.Identifier(Naming.Pascal(unionBuilder.DiscriminatorJsonName));
                    var unknownName = _typeNames.Allocate("Unknown" + unionBuilder.Name, "the unknown case of " + unionBuilder.Name);
                    specs.Add(new UnionSpec(unionBuilder.Name, unionBuilder.SchemaId, unionBuilder.Pointer, unionBuilder.Description,
                        unionBuilder.DiscriminatorJsonName, discriminatorClr,
                        unionBuilder.Cases.Select(c => new UnionCaseSpec(c.Value, c.Type.Name!)).ToImmutableEquatableArray(),
                        unknownName,
                        sharedByUnion[unionBuilder].ToImmutableEquatableArray()));
                    break;
                case EnumSpec enumSpec:
                    specs.Add(enumSpec);
                    break;
            }
        }

        return specs;
    }
}
