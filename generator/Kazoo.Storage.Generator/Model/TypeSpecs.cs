using Kazoo.Storage.Generator.Helpers;

namespace Kazoo.Storage.Generator.Model;

/// <summary>One generated type, as plain equatable data: the emitter needs nothing else.</summary>
internal abstract record TypeSpec(string Name, string SchemaId, string SchemaPointer, string? Description)
{
    /// <summary>The generated file's hint name (one file per type).</summary>
    public string HintName => Name + ".g.cs";
}

/// <summary>A JSON member the schema declares.</summary>
/// <param name="JsonName">The member name in JSON.</param>
/// <param name="ClrName">The C# property name.</param>
/// <param name="Type">The C# shape of the value.</param>
/// <param name="Required">Listed in the schema's <c>required</c>: a <c>required</c> C# member.</param>
/// <param name="Nullable">JSON null is a valid value (a type array with "null").</param>
/// <param name="Secret">Masked in <c>ToString()</c>.</param>
/// <param name="Description">The schema's description, for XML docs.</param>
/// <param name="DefaultJson">The schema's default as JSON text, for XML docs.</param>
internal sealed record PropertySpec(
    string JsonName,
    string ClrName,
    TypeRef Type,
    bool Required,
    bool Nullable,
    bool Secret,
    string? Description,
    string? DefaultJson,
    bool Overrides = false);

/// <summary>
/// The members of an object whose names match a <c>patternProperties</c> regex (or any other name, when
/// <see cref="Pattern"/> is null: a typed <c>additionalProperties</c>), kept as a read-only map property.
/// </summary>
internal sealed record PatternMapSpec(string? Pattern, string ClrName, TypeRef ValueType, string? Description);

/// <summary>A sealed record for a JSON object.</summary>
/// <param name="Discriminator">Set when this record is a case of a union: the JSON member and its constant value.</param>
internal sealed record RecordSpec(
    string Name,
    string SchemaId,
    string SchemaPointer,
    string? Description,
    ImmutableEquatableArray<PropertySpec> Properties,
    ImmutableEquatableArray<PatternMapSpec> PatternMaps,
    string? BaseName,
    DiscriminatorSpec? Discriminator)
    : TypeSpec(Name, SchemaId, SchemaPointer, Description);

/// <summary>The member that tells a union's cases apart (Kazoo's <c>handler</c>), and one case's value.</summary>
internal sealed record DiscriminatorSpec(string JsonName, string ClrName, string Value);

/// <summary>A union case: its discriminator value and the record that holds it.</summary>
internal sealed record UnionCaseSpec(string Value, string TypeName);

/// <summary>
/// A <c>oneOf</c> whose branches are told apart by a required one-value enum member: an abstract base record,
/// one sealed record per case, and an unknown case that keeps the raw JSON.
/// </summary>
internal sealed record UnionSpec(
    string Name,
    string SchemaId,
    string SchemaPointer,
    string? Description,
    string DiscriminatorJsonName,
    string DiscriminatorClrName,
    ImmutableEquatableArray<UnionCaseSpec> Cases,
    string UnknownName,
    ImmutableEquatableArray<PropertySpec> SharedMembers)
    : TypeSpec(Name, SchemaId, SchemaPointer, Description);

/// <summary>One known value of an open enum.</summary>
internal sealed record EnumValueSpec(string Value, string ClrName);

/// <summary>An open string enum: known values as static members, unknown values kept as they are.</summary>
internal sealed record EnumSpec(
    string Name,
    string SchemaId,
    string SchemaPointer,
    string? Description,
    ImmutableEquatableArray<EnumValueSpec> Values)
    : TypeSpec(Name, SchemaId, SchemaPointer, Description);

/// <summary>The input of one type's source output: the type plus the names it is emitted under.</summary>
internal sealed record TypeEmitInput(string Namespace, string ContextName, TypeSpec Type);

/// <summary>
/// The input of the JSON entry point's source output: the types it serves, and the schema files whose compiled
/// validation nodes (one generated class each) it composes into one <c>SchemaSet</c>. Nothing in it changes when a
/// schema's content changes but not its types' names, so a schema edit does not re-emit it.
/// </summary>
internal sealed record ContextEmitInput(
    string Namespace,
    string ContextName,
    ImmutableEquatableArray<ContextTypeSpec> Types,
    ImmutableEquatableArray<ContextSchemaSpec> Schemas);

/// <summary>A type the JSON entry point serves.</summary>
internal sealed record ContextTypeSpec(string Name, TypeRefKind Kind);

/// <summary>
/// One schema file's compiled nodes: its id, the name of the generated property that holds them, and (for a root that is only a
/// <c>$ref</c> to another file) the id whose root it shares.
/// </summary>
internal sealed record ContextSchemaSpec(string SchemaId, string NodesName, string? RootAliasOf);
