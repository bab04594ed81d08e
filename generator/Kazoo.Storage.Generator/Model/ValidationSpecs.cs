using Kazoo.Storage.Generator.Helpers;

namespace Kazoo.Storage.Generator.Model;

/// <summary>
/// One compiled schema node for the runtime validator (mirrors Kazoo.Storage.Validation.SchemaNode): keywords as
/// plain values, sub-schemas as indexes into the node list, so recursion needs no cycles.
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
    int MinItems,
    int MaxItems,
    bool UniqueItems,
    int MinProperties,
    int MaxProperties,
    int MinLength,
    int MaxLength,
    string? Pattern,
    string? Minimum,
    string? Maximum,
    bool ExclusiveMinimum,
    bool ExclusiveMaximum,
    ImmutableEquatableArray<int> OneOf,
    ImmutableEquatableArray<int> AnyOf,
    ImmutableEquatableArray<int> AllOf,
    int Not,
    string? DiscriminatorName,
    ImmutableEquatableArray<string>? DiscriminatorValues,
    string? Format,
    bool KazooValidation);

/// <summary>A name (a member name, a regex, a schema id) with the index of a node.</summary>
internal sealed record NamedIndex(string Name, int Index);

/// <summary>Every node of every schema, and each schema id's root node.</summary>
internal sealed record ValidationSpec(ImmutableEquatableArray<ValidationNodeSpec> Nodes, ImmutableEquatableArray<NamedIndex> Roots)
{
    public static readonly ValidationSpec Empty = new(ImmutableEquatableArray<ValidationNodeSpec>.Empty, ImmutableEquatableArray<NamedIndex>.Empty);
}
