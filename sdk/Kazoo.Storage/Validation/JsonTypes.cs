namespace Kazoo.Storage.Validation;

/// <summary>The JSON types a schema's <c>type</c> keyword allows (draft-04; <see cref="Number"/> includes integers).</summary>
[Flags]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public enum JsonTypes
{
    /// <summary>No <c>type</c> keyword: any type.</summary>
    Any = 0,

    /// <summary><c>string</c>.</summary>
    String = 1,

    /// <summary><c>integer</c>: a number written without a fraction or exponent.</summary>
    Integer = 2,

    /// <summary><c>number</c>: any number.</summary>
    Number = 4,

    /// <summary><c>boolean</c>.</summary>
    Boolean = 8,

    /// <summary><c>object</c>.</summary>
    Object = 16,

    /// <summary><c>array</c>.</summary>
    Array = 32,

    /// <summary><c>null</c>.</summary>
    Null = 64,
}
