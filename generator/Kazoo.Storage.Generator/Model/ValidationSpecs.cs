using Kazoo.Storage.Generator.Helpers;

namespace Kazoo.Storage.Generator.Model;

/// <summary>
/// One compiled schema node for the runtime validator (mirrors Kazoo.Storage.Validation.SchemaNode): keywords as
/// plain values, sub-schemas by index, so recursion needs no cycles. An index is local to the node's schema file
/// (0 and up), <c>-1</c> for none, or <see cref="SchemaNodesSpec.ForeignIndex"/> for another file's root.
/// </summary>
internal sealed record ValidationNodeSpec(
    string SchemaId,
    string Pointer,
    string? PropertyName,
    int Types,
    ImmutableEquatableArray<string>? Enum,
    ImmutableEquatableArray<NamedIndex> Properties,
    ImmutableEquatableArray<string> Required,
    ImmutableEquatableArray<NamedIndex> PatternProperties,
    bool AdditionalPropertiesAllowed,
    int AdditionalProperties,
    int Items,
    ImmutableEquatableArray<int>? TupleItems,
    bool AdditionalItemsAllowed,
    int AdditionalItems,
    int MinItems,
    int MaxItems,
    bool UniqueItems,
    int MinProperties,
    int MaxProperties,
    int MinLength,
    int MaxLength,
    string? Pattern,
    double? Minimum,
    double? Maximum,
    decimal? ExactMinimum,
    decimal? ExactMaximum,
    bool ExclusiveMinimum,
    bool ExclusiveMaximum,
    double? MultipleOf,
    ImmutableEquatableArray<DependencySpec> Dependencies,
    ImmutableEquatableArray<int> OneOf,
    ImmutableEquatableArray<int> AnyOf,
    ImmutableEquatableArray<int> AllOf,
    int Not,
    string? DiscriminatorName,
    ImmutableEquatableArray<string>? DiscriminatorValues,
    string? Format,
    bool KazooValidation,
    string? DefaultJson);

/// <summary>A name (a member name, a regex) with the index of a node.</summary>
internal sealed record NamedIndex(string Name, int Index);

/// <summary>A <c>dependencies</c> member: the index of a schema (or -1), or the member names it requires.</summary>
internal sealed record DependencySpec(string Name, int Schema, ImmutableEquatableArray<string>? Required);

/// <summary>
/// The compiled nodes of one schema file: local indexes, and the ids of the other files whose roots they refer to
/// (<see cref="ForeignIndex"/>). <see cref="RootIndex"/> is 0, or a foreign index when the file's root is only a
/// <c>$ref</c> to another file.
/// </summary>
internal sealed record SchemaNodesSpec(
    string SchemaId,
    string NodesName,
    ImmutableEquatableArray<ValidationNodeSpec> Nodes,
    ImmutableEquatableArray<string> ForeignIds,
    int RootIndex)
{
    /// <summary>The index that stands for the root of <c>ForeignIds[slot]</c>.</summary>
    public static int ForeignIndex(int slot) => -2 - slot;

    /// <summary>The slot in <see cref="ForeignIds"/> of a foreign index, or -1 for a local index or none.</summary>
    public static int ForeignSlot(int index) => index <= -2 ? -2 - index : -1;

    /// <summary>The other file this file's root is a <c>$ref</c> to, if it is one.</summary>
    public string? RootAliasOf => ForeignSlot(RootIndex) is var slot and >= 0 ? ForeignIds[slot] : null;
}

/// <summary>The input of one schema file's source output of compiled nodes.</summary>
internal sealed record SchemaNodesEmitInput(string Namespace, string ContextName, SchemaNodesSpec Spec)
{
    /// <summary>The generated file's hint name: never a type's (type names have no dot).</summary>
    public string HintName => ContextName + ".Schemas." + Spec.NodesName + ".g.cs";
}
