using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// One schema object as <see cref="SchemaReader"/> read it: every draft-04 keyword by its presence in the JSON (never
/// a library default), where the object stands (its file and JSON pointer) and its resolution scope (the base URI
/// after its own <c>id</c>). A <c>$ref</c> is kept as text; the link (<c>Linking.SchemaRegistry</c>) resolves it. Immutable once read,
/// so a parsed file can be reused by later generator runs.
/// </summary>
internal sealed class SchemaObject
{
    public SchemaObject(SchemaDocument document, JObject json, string pointer, string scope)
    {
        Document = document;
        Json = json;
        Pointer = pointer;
        Scope = scope;
    }

    /// <summary>The file (or built-in document) the object is part of.</summary>
    public SchemaDocument Document { get; }

    /// <summary>The object's JSON, with positions.</summary>
    public JObject Json { get; }

    /// <summary>Where in its document, e.g. <c>#/properties/settings</c>.</summary>
    public string Pointer { get; }

    /// <summary>The resolution scope of the object's <c>$ref</c>s and children: the base URI after its own <c>id</c>.</summary>
    public string Scope { get; }

    public bool IsRoot => Pointer == "#";

    public string? Ref { get; set; }

    public string? Description { get; set; }

    public JToken? Default { get; set; }

    /// <summary>The <c>type</c> keyword as <see cref="JsonTypeFlags"/>; 0 when absent (any type).</summary>
    public int Types { get; set; }

    public IReadOnlyList<JToken>? Enum { get; set; }

    public List<KeyValuePair<string, SchemaObject>> Properties { get; } = new();

    public List<KeyValuePair<string, SchemaObject>> PatternProperties { get; } = new();

    public List<KeyValuePair<string, SchemaObject>> Definitions { get; } = new();

    public bool AdditionalPropertiesAllowed { get; set; } = true;

    public SchemaObject? AdditionalProperties { get; set; }

    /// <summary><c>items</c> as one schema for every item.</summary>
    public SchemaObject? Items { get; set; }

    /// <summary><c>items</c> as an array: one schema per position (tuple validation).</summary>
    public List<SchemaObject>? TupleItems { get; set; }

    public bool AdditionalItemsAllowed { get; set; } = true;

    public SchemaObject? AdditionalItems { get; set; }

    public List<string> Required { get; } = new();

    public List<SchemaDependency> Dependencies { get; } = new();

    public List<SchemaObject> AllOf { get; } = new();

    public List<SchemaObject> AnyOf { get; } = new();

    public List<SchemaObject> OneOf { get; } = new();

    public SchemaObject? Not { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    /// <summary><see cref="Minimum"/> exactly, when it is an integer a double does not hold (beyond 2^53).</summary>
    public decimal? ExactMinimum { get; set; }

    /// <summary><see cref="Maximum"/> exactly, when it is an integer a double does not hold.</summary>
    public decimal? ExactMaximum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public double? MultipleOf { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public int? MinProperties { get; set; }

    public int? MaxProperties { get; set; }

    public bool UniqueItems { get; set; }

    public string? Pattern { get; set; }

    public string? Format { get; set; }

    /// <summary>Kazoo's <c>kazoo-validation: true</c>.</summary>
    public bool KazooValidation { get; set; }

    public override string ToString() => Document.Id + Pointer;
}

/// <summary>A <c>dependencies</c> member: a schema the object must also match, or member names it must also have.</summary>
internal sealed class SchemaDependency
{
    public SchemaDependency(string name, SchemaObject? schema, IReadOnlyList<string>? names)
    {
        Name = name;
        Schema = schema;
        Names = names;
    }

    public string Name { get; }

    public SchemaObject? Schema { get; }

    public IReadOnlyList<string>? Names { get; }
}

/// <summary>The JSON types of the <c>type</c> keyword, as bits (the runtime's <c>JsonTypes</c> values).</summary>
internal static class JsonTypeFlags
{
    public const int String = 1;
    public const int Integer = 2;
    public const int Number = 4;
    public const int Boolean = 8;
    public const int Object = 16;
    public const int Array = 32;
    public const int Null = 64;

    public static int Of(string name) => name switch
    {
        "string" => String,
        "integer" => Integer,
        "number" => Number,
        "boolean" => Boolean,
        "object" => Object,
        "array" => Array,
        "null" => Null,
        _ => 0,
    };
}
