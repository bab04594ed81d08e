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
}

/// <summary>
/// A reference to the C# shape of a JSON value. <see cref="Name"/> is set for generated types;
/// <see cref="Element"/> for lists and maps; <see cref="ElementNullable"/> says the items may be JSON null.
/// </summary>
internal sealed record TypeRef(
    TypeRefKind Kind,
    string? Name = null,
    TypeRef? Element = null,
    bool ElementNullable = false)
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
}
