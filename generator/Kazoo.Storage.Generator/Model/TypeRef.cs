namespace Kazoo.Storage.Generator.Model;

/// <summary>What C# type a JSON value maps to.</summary>
internal enum TypeRefKind
{
    /// <summary>JSON string → <c>string</c>.</summary>
    String,

    /// <summary>JSON integer → <c>long</c>.</summary>
    Integer,

    /// <summary>JSON number → <c>double</c>.</summary>
    Number,

    /// <summary>JSON boolean → <c>bool</c>.</summary>
    Boolean,

    /// <summary>Any JSON (free-form objects, mixed types) → <c>System.Text.Json.JsonElement</c>.</summary>
    Json,

    /// <summary>A generated record (a sealed class).</summary>
    Record,

    /// <summary>A generated union base (an abstract class).</summary>
    Union,

    /// <summary>A generated open enum (a struct).</summary>
    Enum,

    /// <summary>A JSON array → <c>IReadOnlyList&lt;T&gt;</c>.</summary>
    List,

    /// <summary>A JSON object used as a map → <c>IReadOnlyDictionary&lt;string, T&gt;</c>.</summary>
    Map,

    /// <summary>
    /// Pipeline-internal: the root of another schema file (<see cref="TypeRef.Name"/> is its id), whose shape only the
    /// link step knows. Never reaches an emitter.
    /// </summary>
    Foreign,

    /// <summary>
    /// Pipeline-internal: a <c>oneOf</c> of alternatives some of which are other files' roots; the link step makes it the
    /// one primitive they all share, or JSON. Never reaches an emitter.
    /// </summary>
    Choice,

    /// <summary>
    /// Pipeline-internal: an object with no declared members whose one typed value schema is another file's root; the
    /// link step makes it a map of that root's type, or JSON when that type is JSON. Never reaches an emitter.
    /// </summary>
    MapOrJson,
}

/// <summary>
/// A reference to the C# shape of a JSON value. <see cref="Name"/> is set for generated types;
/// <see cref="Element"/> for lists and maps; <see cref="ElementNullable"/> says the items may be JSON null;
/// <see cref="Alternatives"/> is set for <see cref="TypeRefKind.Choice"/> only.
/// </summary>
internal sealed record TypeRef(
    TypeRefKind Kind,
    string? Name = null,
    TypeRef? Element = null,
    bool ElementNullable = false,
    Helpers.ImmutableEquatableArray<TypeRef>? Alternatives = null)
{
    public static readonly TypeRef String = new(TypeRefKind.String);
    public static readonly TypeRef Integer = new(TypeRefKind.Integer);
    public static readonly TypeRef Number = new(TypeRefKind.Number);
    public static readonly TypeRef Boolean = new(TypeRefKind.Boolean);
    public static readonly TypeRef Json = new(TypeRefKind.Json);

    public bool IsValueType => Kind is TypeRefKind.Integer or TypeRefKind.Number or TypeRefKind.Boolean
        or TypeRefKind.Json or TypeRefKind.Enum;

    public static TypeRef ListOf(TypeRef element, bool nullable) => new(TypeRefKind.List, Element: element, ElementNullable: nullable);

    public static TypeRef MapOf(TypeRef element, bool nullable) => new(TypeRefKind.Map, Element: element, ElementNullable: nullable);

    /// <summary>The root type of the schema file with this id, resolved by the link step.</summary>
    public static TypeRef Foreign(string schemaId) => new(TypeRefKind.Foreign, schemaId);

    /// <summary>True when this reference (or an element of it) still waits for the link step.</summary>
    public bool IsSymbolic => Kind is TypeRefKind.Foreign or TypeRefKind.Choice or TypeRefKind.MapOrJson || (Element?.IsSymbolic ?? false);
}
