using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using NJsonSchema;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Turns one loaded schema file into the equatable type model. It decides, for every schema reached from the file's
/// root, which C# shape it gets: a record (objects with declared members), a union (a <c>oneOf</c> told apart by a
/// one-value enum member such as Kazoo's <c>handler</c>), an open enum (string enums), a read-only map (objects
/// whose only members match one typed <c>patternProperties</c>), a read-only list, a primitive, or
/// <c>JsonElement</c> (free-form JSON). Another file's root stays symbolic (<see cref="TypeRefKind.Foreign"/>) for the
/// link step; type names are unique within the file (the link step renames clashes between files).
/// </summary>
internal sealed class TypeModelBuilder
{
    private static readonly string[] s_reservedMembers =
    {
        "ExtensionData", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct",
        "GetType", "MemberwiseClone", "Finalize", "Clone", "JsonConverter", "JsonMemberOrder", "Validate", "Validator",
    };

    private readonly LoadedFile _file;
    private readonly FileInput _input;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<JsonSchema, TypeRef> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<JsonSchema> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, CaseInfo> _caseOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, UnionBuilder> _unions = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> _builders = new();
    private readonly List<SourcePosition> _positions = new();
    private readonly Naming.Scope _typeNames = new();

    public TypeModelBuilder(LoadedFile file, FileInput input, List<DiagnosticInfo> diagnostics)
    {
        _file = file;
        _input = input;
        _diagnostics = diagnostics;
        _typeNames.Reserve(input.Options.ContextName, "the JSON entry point");
        _typeNames.Reserve(input.RootName, "schema '" + file.Id + "'");
    }

    /// <summary>The root's type (symbolic when the root is only a reference to another file).</summary>
    public TypeRef? RootType { get; private set; }

    /// <summary>Each type's position in the file, in the order of <see cref="Build"/>'s result.</summary>
    public IReadOnlyList<SourcePosition> Positions => _positions;

    /// <summary>The generated names of the unions at the pointers other files' roots are claimed from.</summary>
    public IReadOnlyList<NamedPointer> ClaimingUnions { get; private set; } = Array.Empty<NamedPointer>();

    public IReadOnlyList<TypeSpec> Build()
    {
        var root = _file.Schema;
        if (_input.RootNameWanted is { } wanted)
        {
            _diagnostics.Add(_file.Source.Diagnostic("#/_id", DiagnosticDescriptors.TypeNameCollision.Id, wanted, _input.RootNameOwner ?? "another type", _input.RootName));
        }

        // Claims decided across files: a foreign root claimed by a union of this file is its case; one claimed
        // elsewhere is nobody's case here; this file's root claimed by another file's union merges that union's members.
        var foreignById = new Dictionary<string, ForeignSchema>(StringComparer.Ordinal);
        foreach (var foreign in _input.Foreign)
        {
            foreignById[foreign.Id] = foreign;
            if (foreign.ActualId is { } actualId && !foreignById.ContainsKey(actualId))
            {
                foreignById[actualId] = foreign;
            }
        }

        var sentinel = new JsonSchema();
        foreach (var pair in _file.Foreign)
        {
            if (!foreignById.TryGetValue(pair.Value, out var claimed) || claimed.Claim is not { } claim)
            {
                continue;
            }

            if (claim.OwnerId == _file.Id && SchemaPointer.Navigate(root, claim.Pointer) is { } union)
            {
                _caseOf[pair.Key] = new CaseInfo(union, claim.Discriminator, claim.Value, null);
            }
            else if (claim.OwnerId != _file.Id)
            {
                _caseOf[pair.Key] = new CaseInfo(sentinel, claim.Discriminator, claim.Value, null);
            }
        }

        JsonSchema? ownUnion = null;
        if (_input.OwnClaim is { } ownClaim
            && _file.Documents.TryGetValue(ownClaim.OwnerId, out var owner)
            && SchemaPointer.Navigate(owner, ownClaim.Pointer) is { } claimingUnion)
        {
            ownUnion = claimingUnion;
            _caseOf[root] = new CaseInfo(claimingUnion, ownClaim.Discriminator, ownClaim.Value, new SchemaLocator(ownClaim.OwnerId, ownClaim.Pointer));
        }

        var walker = new SchemaWalker(_diagnostics, _file.Foreign);
        walker.Visit(root, FindUnions);
        if (ownUnion is not null)
        {
            walker.Visit(ownUnion, FindUnions);
        }

        RootType = Resolve(root, null, new Context(_file.Source, "#", _input.RootName, _file.Id));
        var specs = Freeze();
        ClaimingUnions = _input.ClaimPointers
            .Select(pointer => SchemaPointer.Navigate(root, pointer) is { } union && _unions.TryGetValue(union, out var builder)
                ? new NamedPointer(pointer, builder.Name)
                : null)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();
        return specs;
    }

    private readonly record struct Context(SourceMap Source, string Pointer, string Hint, string SchemaId)
    {
        public Context Child(string pointerSegment, string hint) => this with { Pointer = Pointer + "/" + pointerSegment, Hint = hint };
    }

    private sealed class CaseInfo
    {
        public CaseInfo(JsonSchema union, string discriminatorJsonName, string value, SchemaLocator? foreignUnion)
        {
            Union = union;
            DiscriminatorJsonName = discriminatorJsonName;
            Value = value;
            ForeignUnion = foreignUnion;
        }

        public JsonSchema Union { get; }

        public string DiscriminatorJsonName { get; }

        public string Value { get; }

        /// <summary>Set when the union is in another file: the link step names the base from there.</summary>
        public SchemaLocator? ForeignUnion { get; }
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

    private void AddBuilder(object builder, Context context)
    {
        _builders.Add(builder);
        _positions.Add(context.Source.Position(context.Pointer));
    }

    private sealed class UnionBuilder
    {
        public string Name = "";
        public string SchemaId = "";
        public string Pointer = "";
        public string? Description;
        public string DiscriminatorJsonName = "";
        public readonly List<(string Value, TypeRef Type)> Cases = new();
    }

    private static JsonSchema Actual(JsonSchema schema)
    {
        try
        {
            return schema.ActualSchema;
        }
        catch (InvalidOperationException)
        {
            // An unresolved reference, already reported as KZS002.
            return new JsonSchema();
        }
    }

    // ---- union discovery (pre-pass, so a case reached before its union still derives from it) ----

    private void FindUnions(JsonSchema schema)
    {
        if (_caseOf.ContainsKey(schema) || !Discriminators.TryFind(schema, _file.Identity, out var jsonName, out var cases))
        {
            return;
        }

        foreach (var (value, branch) in cases)
        {
            if (!_caseOf.ContainsKey(branch))
            {
                _caseOf[branch] = new CaseInfo(schema, jsonName, value, null);
            }
        }
    }

    // ---- resolution ----

    private TypeRef Resolve(JsonSchema schema, IReadOnlyList<JsonSchema>? extras, Context context)
    {
        var actual = Actual(schema);
        if (_file.Foreign.TryGetValue(actual, out var foreignId))
        {
            return TypeRef.Foreign(foreignId);
        }

        if (ReferenceEquals(actual, _file.Schema))
        {
            context = new Context(_file.Source, "#", _input.RootName, _file.Id);
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

    private TypeRef ResolveShape(JsonSchema schema, IReadOnlyList<JsonSchema>? extras, Context context)
    {
        if (schema.AllOf.Count > 0)
        {
            _diagnostics.Add(context.Source.Diagnostic(context.Pointer + "/allOf", DiagnosticDescriptors.UnsupportedConstruct.Id,
                "'allOf'", "the value is kept as JsonElement"));
            return TypeRef.Json;
        }

        if (Discriminators.TryFind(schema, _file.Identity, out var discriminator, out var cases))
        {
            return BuildUnion(schema, discriminator, cases, context);
        }

        var branches = schema.OneOf.Count > 0 ? schema.OneOf.ToList() : schema.AnyOf.ToList();
        var type = schema.Type & ~JsonObjectType.Null;
        var hasObjectMembers = schema.ActualProperties.Count > 0 || schema.PatternProperties.Count > 0 || schema.AdditionalPropertiesSchema is not null;

        if (branches.Count == 1 && !hasObjectMembers && schema.Enumeration.Count == 0 && (type == JsonObjectType.None || type == JsonObjectType.Object))
        {
            return Resolve(branches[0], extras, context.Child(schema.OneOf.Count > 0 ? "oneOf/0" : "anyOf/0", context.Hint));
        }

        var objectBranches = branches.Count > 0 && branches.Select(Actual).All(IsObjectLike);
        if (type == JsonObjectType.Object || (type == JsonObjectType.None && (hasObjectMembers || objectBranches)))
        {
            return ResolveObject(schema, branches, objectBranches, extras, context);
        }

        if (schema.Enumeration.Count > 0)
        {
            var values = schema.Enumeration.ToList();
            if (values.All(v => v is string) && (type == JsonObjectType.None || type == JsonObjectType.String))
            {
                return BuildEnum(schema, values.Cast<string>().ToList(), context);
            }
        }

        if (type == JsonObjectType.None && branches.Count > 0)
        {
            var kinds = branches.Select(b => Resolve(b, null, context.Child("oneOf", context.Hint))).Distinct().ToList();
            if (kinds.Any(k => k.IsSymbolic))
            {
                return new TypeRef(TypeRefKind.Choice, Alternatives: kinds.ToImmutableEquatableArray());
            }

            return kinds.Count == 1 && kinds[0].Kind is TypeRefKind.String or TypeRefKind.Integer or TypeRefKind.Number or TypeRefKind.Boolean
                ? kinds[0]
                : TypeRef.Json;
        }

        return type switch
        {
            JsonObjectType.String => TypeRef.String,
            JsonObjectType.Integer => TypeRef.Integer,
            JsonObjectType.Number => TypeRef.Number,
            JsonObjectType.Integer | JsonObjectType.Number => TypeRef.Number,
            JsonObjectType.Boolean => TypeRef.Boolean,
            JsonObjectType.Array => ResolveArray(schema, context),
            _ => TypeRef.Json,
        };
    }

    private static bool IsObjectLike(JsonSchema schema) =>
        (schema.Type & ~JsonObjectType.Null) == JsonObjectType.Object
        || ((schema.Type & ~JsonObjectType.Null) == JsonObjectType.None && schema.ActualProperties.Count > 0);

    private TypeRef ResolveArray(JsonSchema schema, Context context)
    {
        if (schema.Items.Count > 0)
        {
            _diagnostics.Add(context.Source.Diagnostic(context.Pointer + "/items", DiagnosticDescriptors.UnsupportedConstruct.Id,
                "An 'items' array (tuple validation)", "the items are kept as JsonElement"));
            return TypeRef.ListOf(TypeRef.Json, nullable: false);
        }

        if (schema.Item is null)
        {
            return TypeRef.ListOf(TypeRef.Json, nullable: false); // any JSON, JSON null included
        }

        var item = Resolve(schema.Item, null, context.Child("items", context.Hint + "Item"));
        if (!Actual(schema.Item).Type.HasFlag(JsonObjectType.Null) || item.Kind == TypeRefKind.Json)
        {
            return TypeRef.ListOf(item, nullable: false);
        }

        // Items that may be JSON null stay JSON: JsonElement holds null as a value, and no converter lies about nullability.
        return TypeRef.ListOf(TypeRef.Json, nullable: false);
    }

    private TypeRef ResolveObject(JsonSchema schema, List<JsonSchema> branches, bool objectBranches, IReadOnlyList<JsonSchema>? extras, Context context)
    {
        var hasDeclared = schema.ActualProperties.Count > 0
                          || (objectBranches && branches.Select(Actual).Any(b => b.ActualProperties.Count > 0))
                          || (extras?.Any(e => e.ActualProperties.Count > 0) ?? false)
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

            if (schema.AdditionalPropertiesSchema is { } additional)
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

            if (typed.Count == 1 && untyped == 0 && (!schema.AllowAdditionalProperties || typed[0].Pattern is null))
            {
                // Another file's root may turn out to be JSON: the link step decides between the map and JSON.
                return typed[0].Type.IsSymbolic
                    ? new TypeRef(TypeRefKind.MapOrJson, Element: typed[0].Type)
                    : TypeRef.MapOf(typed[0].Type, nullable: false);
            }
        }

        return BuildRecord(schema, branches, objectBranches, extras, context);
    }

    private TypeRef BuildRecord(JsonSchema schema, List<JsonSchema> branches, bool objectBranches, IReadOnlyList<JsonSchema>? extras, Context context)
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
        AddBuilder(builder, context);

        _caseOf.TryGetValue(schema, out var caseInfo);
        var allExtras = new List<JsonSchema>(extras ?? Array.Empty<JsonSchema>());
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

        var sources = new List<(JsonSchema Owner, bool RequiredApplies, string Pointer)> { (schema, true, context.Pointer) };
        if (objectBranches)
        {
            var keyword = schema.OneOf.Count > 0 ? "oneOf" : "anyOf";
            sources.AddRange(branches.Select((b, i) => (Actual(b), false, context.Pointer + "/" + keyword + "/" + i)));
        }

        sources.AddRange(allExtras.Select(e => (Actual(e), false, context.Pointer)));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (caseInfo is not null)
        {
            seen.Add(caseInfo.DiscriminatorJsonName);
        }

        foreach (var (owner, requiredApplies, pointer) in sources)
        {
            foreach (var pair in owner.ActualProperties)
            {
                if (!seen.Add(pair.Key))
                {
                    continue;
                }

                var property = pair.Value;
                var clrName = members.Allocate(Naming.PropertyName(pair.Key), pair.Key);

                var propertyExtras = sources
                    .Where(s => !ReferenceEquals(s.Owner, owner) && s.Owner.ActualProperties.ContainsKey(pair.Key))
                    .Select(s => s.Owner.ActualProperties[pair.Key])
                    .Where(p => IsObjectLike(Actual(p)))
                    .Cast<JsonSchema>()
                    .ToList();
                var propertyContext = new Context(context.Source, pointer + "/properties/" + Escape(pair.Key), builder.Name + clrName, context.SchemaId);
                var type = Resolve(property, propertyExtras.Count > 0 ? propertyExtras : null, propertyContext);
                var actualProperty = Actual(property);
                builder.Properties.Add(new PropertySpec(
                    pair.Key,
                    clrName,
                    type,
                    Required: requiredApplies && owner.RequiredProperties.Contains(pair.Key),
                    Nullable: actualProperty.Type.HasFlag(JsonObjectType.Null),
                    Secret: Naming.IsSecret(pair.Key) && (type.IsSymbolic || type.Kind is TypeRefKind.String or TypeRefKind.Integer or TypeRefKind.Json),
                    Description: property.Description ?? actualProperty.Description,
                    DefaultJson: DefaultJson(property.Default ?? actualProperty.Default)));
            }
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
            builder.Maps.Add(new PatternMapSpec(pattern.Key, name, valueType, pattern.Value.Description ?? Actual(pattern.Value).Description));
        }

        if (schema.AdditionalPropertiesSchema is { } additional)
        {
            var valueType = Resolve(additional, null, context.Child("additionalProperties", builder.Name + "Value"));
            if (valueType.Kind != TypeRefKind.Json)
            {
                builder.Maps.Add(new PatternMapSpec(null, members.Allocate("AdditionalProperties", "additionalProperties"), valueType, additional.Description));
            }
        }

        return reference;
    }

    private string MapPropertyName(string pattern, JsonSchema value, int index)
    {
        // A map of a referenced schema is named after that schema's last word (connections → Couchdb);
        // a literal pattern after itself; anything else by position.
        var target = Actual(value);
        var rootId = _file.ActualIds.TryGetValue(target, out var actualId) ? actualId : null;
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

    private TypeRef BuildUnion(JsonSchema schema, string discriminator, List<(string Value, JsonSchema Branch)> cases, Context context)
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
        AddBuilder(builder, context);

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
            if (caseType.Kind is not (TypeRefKind.Record or TypeRefKind.Foreign))
            {
                continue; // another file's root: the link step keeps it if it is a record that derives from this union
            }

            builder.Cases.Add((value, caseType));
        }

        return reference;
    }

    private TypeRef BuildEnum(JsonSchema schema, List<string> values, Context context)
    {
        var name = AllocateTypeName(context);
        var reference = new TypeRef(TypeRefKind.Enum, name);
        _memo[schema] = reference;
        var members = new Naming.Scope(new[] { name, "Value", "IsKnown", "KnownValues", "Equals", "GetHashCode", "ToString" });
        var specs = values.Distinct(StringComparer.Ordinal)
            .Select(v => new EnumValueSpec(v, members.Allocate(Naming.EnumMember(v), v)))
            .ToImmutableEquatableArray();
        AddBuilder(new EnumSpec(name, context.SchemaId, context.Pointer, schema.Description, specs), context);
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

    private static string? DefaultJson(object? value) => value switch
    {
        null => null,
        Newtonsoft.Json.Linq.JToken token => token.ToString(Newtonsoft.Json.Formatting.None),
        _ => Newtonsoft.Json.JsonConvert.SerializeObject(value),
    };

    private IReadOnlyList<TypeSpec> Freeze()
    {
        var specs = new List<TypeSpec>();
        foreach (var item in _builders)
        {
            switch (item)
            {
                case RecordBuilder record:
                    string? baseName = null;
                    DiscriminatorSpec? discriminator = null;
                    SchemaLocator? caseOf = null;
                    if (record.Case is { ForeignUnion: { } foreignUnion } foreignCase)
                    {
                        // The union is another file's: the link step sets the base name, or drops the discriminator.
                        caseOf = foreignUnion;
                        discriminator = new DiscriminatorSpec(foreignCase.DiscriminatorJsonName, record.DiscriminatorClrName!, foreignCase.Value);
                    }
                    else if (record.Case is { } caseInfo && _unions.TryGetValue(caseInfo.Union, out var union))
                    {
                        baseName = union.Name;
                        discriminator = new DiscriminatorSpec(caseInfo.DiscriminatorJsonName, record.DiscriminatorClrName!, caseInfo.Value);
                    }

                    specs.Add(new RecordSpec(record.Name, record.SchemaId, record.Pointer, record.Description,
                        record.Properties.ToImmutableEquatableArray(), record.Maps.ToImmutableEquatableArray(), baseName, discriminator, caseOf));
                    break;
                case UnionBuilder unionBuilder:
                    // The discriminator's C# name is the one its first case record got; a union of other files' roots
                    // only gets it in the link step (empty until then).
                    var discriminatorClr = _builders.OfType<RecordBuilder>()
                        .FirstOrDefault(r => r.Case is { ForeignUnion: null } c && _unions.TryGetValue(c.Union, out var u) && ReferenceEquals(u, unionBuilder))?.DiscriminatorClrName
                        ?? (unionBuilder.Cases.Any(c => c.Type.Kind == TypeRefKind.Foreign) ? "" : Naming.Identifier(Naming.Pascal(unionBuilder.DiscriminatorJsonName)));
                    var unknownName = _typeNames.Allocate("Unknown" + unionBuilder.Name, "the unknown case of " + unionBuilder.Name);
                    specs.Add(new UnionSpec(unionBuilder.Name, unionBuilder.SchemaId, unionBuilder.Pointer, unionBuilder.Description,
                        unionBuilder.DiscriminatorJsonName, discriminatorClr,
                        unionBuilder.Cases
                            .Select(c => c.Type.Kind == TypeRefKind.Foreign ? new UnionCaseSpec(c.Value, "", c.Type.Name) : new UnionCaseSpec(c.Value, c.Type.Name!))
                            .ToImmutableEquatableArray(),
                        unknownName));
                    break;
                case EnumSpec enumSpec:
                    specs.Add(enumSpec);
                    break;
            }
        }

        return specs;
    }
}
