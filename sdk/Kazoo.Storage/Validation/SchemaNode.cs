using System.Text.Json;
using System.Text;
using System.Text.RegularExpressions;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>
/// One schema, compiled: draft-04's validation keywords and Kazoo's extensions, with sub-schemas referenced by their index in the
/// owning <see cref="SchemaSet"/> (so recursive schemas need no cycles between objects). The source generator emits
/// these; they are immutable.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class SchemaNode
{
    /// <summary>Creates a node for the schema with the given id, at the given JSON pointer in its file.</summary>
    /// <param name="schemaId">The id of the schema file the node comes from (Kazoo's <c>_id</c>).</param>
    /// <param name="pointer">Where in that file, e.g. <c>#/properties/settings</c>.</param>
    public SchemaNode(string schemaId, string pointer)
    {
        SchemaId = schemaId;
        Pointer = pointer;
    }

    /// <summary>The id of the schema file the node comes from.</summary>
    public string SchemaId { get; }

    /// <summary>The JSON pointer of the node in its file.</summary>
    public string Pointer { get; }

    /// <summary>The name of the property this node is the schema of, when it is one (used for <c>kazoo-validation</c> keys).</summary>
    public string? PropertyName { get; init; }

    /// <summary>The <c>type</c> keyword; <see cref="JsonTypes.Any"/> when absent.</summary>
    public JsonTypes Types { get; init; }

    /// <summary>The <c>enum</c> keyword, or null.</summary>
    public IReadOnlyList<EnumValue>? Enum { get; init; }

    /// <summary>The <c>properties</c> keyword.</summary>
    public IReadOnlyList<PropertyRule> Properties { get; init; } = [];

    /// <summary>The <c>required</c> keyword.</summary>
    public IReadOnlyList<string> Required
    {
        get => _required;
        init
        {
            _required = value;
            RequiredUtf8 = value.Select(Encoding.UTF8.GetBytes).ToArray();
        }
    }

    private readonly IReadOnlyList<string> _required = [];

    /// <summary>The required names in UTF-8, for allocation-free comparison with the reader.</summary>
    internal byte[][] RequiredUtf8 { get; private init; } = [];

    /// <summary>
    /// Whether <c>oneOf</c> is the node's only keyword, so that a chosen branch can read the value in place of the node.
    /// </summary>
    internal bool IsBareOneOf { get; private set; }

    /// <summary>
    /// Whether the node has <c>oneOf</c>, <c>anyOf</c>, <c>allOf</c>, <c>not</c> or <c>dependencies</c> (which look at the
    /// value again).
    /// </summary>
    internal bool HasCombinators { get; private set; }

    /// <summary>Whether a string value needs more than its enum check (lengths, pattern, format, a Kazoo rule).</summary>
    internal bool NeedsText { get; private set; }

    /// <summary>Whether a string check needs the value as UTF-16 text (a format, a Kazoo rule, a pattern with no UTF-8 path).</summary>
    internal bool NeedsChars { get; private set; }

    /// <summary>
    /// For each of <see cref="Properties"/>, the bits of the <see cref="Required"/> entries with its name (when there are at
    /// most 64 required names): finding the member marks them without comparing the name again.
    /// </summary>
    internal ulong[] PropertyRequiredBits { get; private set; } = [];

    /// <summary>The bits of the <see cref="Required"/> entries that name no property, compared with each member name.</summary>
    internal ulong RequiredOutsideProperties { get; private set; }

    /// <summary>Whether <see cref="Required"/> fits the bit masks above (at most 64 names).</summary>
    internal bool RequiredFitsBits { get; private set; }

    /// <summary><see cref="Properties"/> as an array, for the walk's loops.</summary>
    internal PropertyRule[] PropertyArray { get; private set; } = [];

    /// <summary><see cref="PatternProperties"/> as an array.</summary>
    internal PatternRule[] PatternArray { get; private set; } = [];

    /// <summary><see cref="OneOf"/> as an array.</summary>
    internal int[] OneOfArray { get; private set; } = [];

    /// <summary><see cref="AnyOf"/> as an array.</summary>
    internal int[] AnyOfArray { get; private set; } = [];

    /// <summary><see cref="AllOf"/> as an array.</summary>
    internal int[] AllOfArray { get; private set; } = [];

    /// <summary><see cref="Enum"/> as an array, or null.</summary>
    internal EnumValue[]? EnumArray { get; private set; }

    /// <summary>Whether <see cref="Enum"/> holds an object or an array (only those make an object or array instance worth reading).</summary>
    internal bool EnumHasStructures { get; private set; }

    /// <summary><see cref="Dependencies"/> as an array.</summary>
    internal DependencyRule[] DependencyArray { get; private set; } = [];

    /// <summary><see cref="TupleItems"/> as an array, or null.</summary>
    internal int[]? TupleItemsArray { get; private set; }

    /// <summary><see cref="MultipleOf"/> as a decimal, when it is one exactly (then decimal instances are judged exactly).</summary>
    internal decimal? MultipleOfDecimal { get; private set; }

    /// <summary>Whether every <c>patternProperties</c> pattern can match member names as UTF-8.</summary>
    internal bool PatternsHaveUtf8Path { get; private set; }

    /// <summary>
    /// Derives what the walk looks up on every value, once the init-only keywords are set: called by the
    /// <see cref="SchemaSet"/> that holds the node (idempotent: the facts depend on the node alone).
    /// </summary>
    internal void Prepare()
    {
        PropertyArray = [.. Properties];
        PatternArray = [.. PatternProperties];
        OneOfArray = [.. OneOf];
        AnyOfArray = [.. AnyOf];
        AllOfArray = [.. AllOf];
        EnumArray = Enum is null ? null : [.. Enum];
        EnumHasStructures = Enum is not null && Enum.Any(v => v.Kind is JsonTypes.Object or JsonTypes.Array);
        DependencyArray = [.. Dependencies];
        TupleItemsArray = TupleItems is null ? null : [.. TupleItems];
        MultipleOfDecimal = MultipleOf is { } divisor ? ExactNumber.DecimalOf(divisor) : null;
        HasCombinators = OneOf.Count > 0 || AnyOf.Count > 0 || AllOf.Count > 0 || Not >= 0 || Dependencies.Count > 0;
        IsBareOneOf = OneOf.Count > 0
            && Types == JsonTypes.Any && Enum is null && Properties.Count == 0 && Required.Count == 0 && PatternProperties.Count == 0
            && AdditionalPropertiesAllowed && AdditionalProperties < 0 && Items < 0 && MinItems < 0 && MaxItems < 0 && !UniqueItems
            && TupleItems is null && AdditionalItemsAllowed && AdditionalItems < 0 && Dependencies.Count == 0
            && MinProperties < 0 && MaxProperties < 0 && MinLength < 0 && MaxLength < 0 && PatternMatcher is null
            && Minimum is null && Maximum is null && MultipleOf is null && Format is null && !KazooValidation
            && AnyOf.Count == 0 && AllOf.Count == 0 && Not < 0;
        NeedsText = MinLength >= 0 || MaxLength >= 0 || PatternMatcher is not null || Format is not null || KazooValidation;
        NeedsChars = Format is not null || KazooValidation || PatternMatcher is { HasUtf8Path: false };

        RequiredFitsBits = Required.Count <= 64;
        var bits = new ulong[Properties.Count];
        ulong outside = 0;
        if (RequiredFitsBits)
        {
            for (var r = 0; r < Required.Count; r++)
            {
                var named = false;
                for (var p = 0; p < Properties.Count; p++)
                {
                    if (Properties[p].Utf8Name.AsSpan().SequenceEqual(RequiredUtf8[r]))
                    {
                        bits[p] |= 1UL << r;
                        named = true;
                    }
                }

                if (!named)
                {
                    outside |= 1UL << r;
                }
            }
        }

        PropertyRequiredBits = bits;
        RequiredOutsideProperties = outside;
        PatternsHaveUtf8Path = PatternProperties.All(p => p.Matcher.HasUtf8Path);
    }

    private OneOfShape? _oneOfShape;
    private bool _oneOfShapeKnown;

    /// <summary>
    /// For a <c>oneOf</c> over closed object shapes, what lets an object's member names rule branches out before they are
    /// validated; null when some branch is open. Computed once, from the set that holds the branches.
    /// </summary>
    internal OneOfShape? ShapeOfOneOf(SchemaSet set)
    {
        if (!_oneOfShapeKnown)
        {
            _oneOfShape = OneOfShape.Create(this, set);
            _oneOfShapeKnown = true;
        }

        return _oneOfShape;
    }

    /// <summary>The <c>kazoo-validation</c> rule key, <c>&lt;schema id&gt;.&lt;property&gt;</c>, built once.</summary>
    internal string? RuleKey => _ruleKey ??= PropertyName is null ? null : SchemaId + "." + PropertyName;

    private string? _ruleKey;

    /// <summary>The <c>patternProperties</c> keyword.</summary>
    public IReadOnlyList<PatternRule> PatternProperties { get; init; } = [];

    /// <summary>False for <c>additionalProperties: false</c>.</summary>
    public bool AdditionalPropertiesAllowed { get; init; } = true;

    /// <summary>The index of the <c>additionalProperties</c> schema, or -1.</summary>
    public int AdditionalProperties { get; init; } = -1;

    /// <summary>The index of the <c>items</c> schema when it is one schema for every item, or -1.</summary>
    public int Items { get; init; } = -1;

    /// <summary>
    /// The indexes of the <c>items</c> schemas when <c>items</c> is an array (a schema per position); null when
    /// <c>items</c> is one schema or absent.
    /// </summary>
    public IReadOnlyList<int>? TupleItems { get; init; }

    /// <summary>
    /// False for <c>additionalItems: false</c>: an array may not be longer than <see cref="TupleItems"/>. As in draft-04,
    /// only read when <see cref="TupleItems"/> is set.
    /// </summary>
    public bool AdditionalItemsAllowed { get; init; } = true;

    /// <summary>
    /// The index of the <c>additionalItems</c> schema, for the items past <see cref="TupleItems"/>, or -1. Only read when
    /// <see cref="TupleItems"/> is set.
    /// </summary>
    public int AdditionalItems { get; init; } = -1;

    /// <summary>The <c>minItems</c> keyword, or -1.</summary>
    public int MinItems { get; init; } = -1;

    /// <summary>The <c>maxItems</c> keyword, or -1.</summary>
    public int MaxItems { get; init; } = -1;

    /// <summary>The <c>uniqueItems</c> keyword.</summary>
    public bool UniqueItems { get; init; }

    /// <summary>The <c>minProperties</c> keyword, or -1.</summary>
    public int MinProperties { get; init; } = -1;

    /// <summary>The <c>maxProperties</c> keyword, or -1.</summary>
    public int MaxProperties { get; init; } = -1;

    /// <summary>The <c>minLength</c> keyword (in code points), or -1.</summary>
    public int MinLength { get; init; } = -1;

    /// <summary>The <c>maxLength</c> keyword (in code points), or -1.</summary>
    public int MaxLength { get; init; } = -1;

    /// <summary>The <c>pattern</c> keyword (unanchored, as Kazoo's PCRE), or null.</summary>
    public Regex? Pattern
    {
        get => PatternMatcher?.Regex;
        init => PatternMatcher = value is null ? null : SchemaPattern.For(value);
    }

    /// <summary>The <c>pattern</c> keyword's matcher, with a fast path for simple patterns.</summary>
    internal SchemaPattern? PatternMatcher { get; private init; }

    /// <summary>The <c>minimum</c> keyword, or null.</summary>
    public double? Minimum { get; init; }

    /// <summary>The <c>maximum</c> keyword, or null.</summary>
    public double? Maximum { get; init; }

    /// <summary>
    /// <see cref="Minimum"/> exactly, when a double does not hold it (an integer beyond 2^53, as <c>18446744073709551615</c>):
    /// a value the double cannot tell from the bound is then compared in decimal, as Kazoo compares integers exactly.
    /// </summary>
    public decimal? ExactMinimum { get; init; }

    /// <summary><see cref="Maximum"/> exactly, when a double does not hold it; see <see cref="ExactMinimum"/>.</summary>
    public decimal? ExactMaximum { get; init; }

    /// <summary>
    /// The <c>multipleOf</c> keyword (greater than 0), or null. A number with at most 28 significant digits is judged
    /// exactly, in decimal, from its JSON text (so <c>19.99</c> is a multiple of <c>0.01</c>); a larger or smaller one by
    /// double division, whose quotient must be a finite integer.
    /// </summary>
    public double? MultipleOf { get; init; }

    /// <summary>
    /// The <c>dependencies</c> keyword: for each member name, the schema or the member names an object that has that
    /// member must also satisfy or have.
    /// </summary>
    public IReadOnlyList<DependencyRule> Dependencies { get; init; } = [];

    /// <summary>Draft-04's boolean <c>exclusiveMinimum</c>.</summary>
    public bool ExclusiveMinimum { get; init; }

    /// <summary>Draft-04's boolean <c>exclusiveMaximum</c>.</summary>
    public bool ExclusiveMaximum { get; init; }

    /// <summary>The indexes of the <c>oneOf</c> branches.</summary>
    public IReadOnlyList<int> OneOf { get; init; } = [];

    /// <summary>The indexes of the <c>anyOf</c> branches.</summary>
    public IReadOnlyList<int> AnyOf { get; init; } = [];

    /// <summary>The indexes of the <c>allOf</c> schemas.</summary>
    public IReadOnlyList<int> AllOf { get; init; } = [];

    /// <summary>The index of the <c>not</c> schema, or -1.</summary>
    public int Not { get; init; } = -1;

    /// <summary>
    /// For a <c>oneOf</c> whose branches all require one member with a one-value enum: that member's name
    /// (Kazoo's <c>handler</c> or <c>driver</c>), and each branch's value in <c>oneOf</c> order.
    /// </summary>
    public Discriminator? Discriminator { get; init; }

    /// <summary>The <c>format</c> keyword, or null.</summary>
    public string? Format { get; init; }

    /// <summary>Kazoo's <c>kazoo-validation: true</c>: the extension rule keyed <c>&lt;schema id&gt;.&lt;property&gt;</c> applies.</summary>
    public bool KazooValidation { get; init; }

    /// <summary>The schema's <c>default</c> as JSON text, or <see langword="null"/>: what Kazoo writes into a document that lacks the member.</summary>
    public string? Default { get; init; }
}

/// <summary>A member of <c>properties</c>: its name and the index of its schema.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class PropertyRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="schema">The index of its schema in the set.</param>
    public PropertyRule(string name, int schema)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Schema = schema;
    }

    /// <summary>The member name.</summary>
    public string Name { get; }

    /// <summary>The member name in UTF-8, for allocation-free comparison with the reader.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>The index of the member's schema.</summary>
    public int Schema { get; }
}

/// <summary>A member of <c>patternProperties</c>: an unanchored regex over member names, and a schema index.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class PatternRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="pattern">The regex text, as in the schema.</param>
    /// <param name="schema">The index of the schema for matching members.</param>
    public PatternRule(string pattern, int schema)
    {
        Text = pattern;
        Matcher = SchemaPattern.For(SchemaRegex.Create(pattern));
        Schema = schema;
    }

    /// <summary>The regex text.</summary>
    public string Text { get; }

    /// <summary>The compiled regex.</summary>
    public Regex Regex => Matcher.Regex;

    /// <summary>The matcher, with a fast path for simple patterns.</summary>
    internal SchemaPattern Matcher { get; }

    /// <summary>The index of the schema for matching members.</summary>
    public int Schema { get; }
}

/// <summary>
/// A member of <c>dependencies</c>: when an object has the member <see cref="Name"/>, it must also satisfy the schema
/// <see cref="Schema"/> (the schema form) or have every member in <see cref="Required"/> (the property-list form).
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DependencyRule
{
    /// <summary>Creates the schema form: an object with the member must also satisfy a schema.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="schema">The index of the schema in the set.</param>
    public DependencyRule(string name, int schema)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(schema);
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Schema = schema;
        Required = [];
        RequiredUtf8 = [];
    }

    /// <summary>Creates the property-list form: an object with the member must also have these members.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="required">The member names the object must then have.</param>
    public DependencyRule(string name, IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(required);
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Schema = -1;
        Required = [.. required];
        RequiredUtf8 = required.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>The member whose presence makes the rule apply.</summary>
    public string Name { get; }

    /// <summary>The index of the schema the object must satisfy (the schema form), or -1 (the property-list form).</summary>
    public int Schema { get; }

    /// <summary>The member names the object must have (the property-list form); empty for the schema form.</summary>
    public IReadOnlyList<string> Required { get; }

    /// <summary>The member name in UTF-8.</summary>
    internal byte[] Utf8Name { get; }

    /// <summary>The required names in UTF-8.</summary>
    internal byte[][] RequiredUtf8 { get; }
}

/// <summary>
/// A value of an <c>enum</c> keyword, typed as JSON has it (so <c>1</c> is not <c>true</c>, and <c>"1"</c> is not <c>1</c>).
/// Two values are equal when they are the same JSON value.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly record struct EnumValue
{
    private EnumValue(JsonTypes kind, string? text, double number, bool boolean, JsonElement? element = null)
    {
        Kind = kind;
        Text = text;
        Utf8 = text is null ? null : Encoding.UTF8.GetBytes(text);
        Number = number;
        Boolean = boolean;
        Element = element;
    }

    /// <summary>The string in UTF-8, for a string value.</summary>
    internal byte[]? Utf8 { get; }

    /// <summary>
    /// The value as JSON, for a value made by <see cref="FromJson"/>: numbers are then compared exactly, objects and
    /// arrays as JSON values are.
    /// </summary>
    internal JsonElement? Element { get; }

    /// <summary>
    /// The JSON type: <see cref="JsonTypes.String"/>, <see cref="JsonTypes.Number"/>, <see cref="JsonTypes.Boolean"/>,
    /// <see cref="JsonTypes.Null"/>, or (from <see cref="FromJson"/>) <see cref="JsonTypes.Object"/> or <see cref="JsonTypes.Array"/>.
    /// </summary>
    public JsonTypes Kind { get; }

    /// <summary>The string, for a string value.</summary>
    public string? Text { get; }

    /// <summary>The number, for a numeric value (the nearest double, for one made by <see cref="FromJson"/>).</summary>
    public double Number { get; }

    /// <summary>The boolean, for a boolean value.</summary>
    public bool Boolean { get; }

    /// <summary>A string value.</summary>
    public static EnumValue Of(string text) => new(JsonTypes.String, text, 0, false);

    /// <summary>A numeric value, compared with an instance as a double.</summary>
    public static EnumValue Of(double number) => new(JsonTypes.Number, null, number, false);

    /// <summary>A boolean value.</summary>
    public static EnumValue Of(bool boolean) => new(JsonTypes.Boolean, null, 0, boolean);

    /// <summary>The null value.</summary>
    public static EnumValue Null { get; } = new(JsonTypes.Null, null, 0, false);

    /// <summary>
    /// Any JSON value, as the schema writes it: an instance matches when it is the same JSON value (objects by their
    /// members in any order, arrays item by item in order, numbers by exact value so <c>1.0</c> and <c>1e0</c> are
    /// <c>1</c>, strings unescaped).
    /// </summary>
    /// <param name="json">One JSON value.</param>
    /// <exception cref="JsonException"><paramref name="json"/> is not one JSON value.</exception>
    public static EnumValue FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    /// <summary>Any JSON value, as <see cref="FromJson"/> reads it, from an element already parsed (copied, so the document may go).</summary>
    /// <param name="value">The value.</param>
    internal static EnumValue FromElement(JsonElement value)
    {
        var element = value.Clone();
        return element.ValueKind switch
        {
            JsonValueKind.String => new(JsonTypes.String, element.GetString(), 0, false, element),
            JsonValueKind.Number => new(JsonTypes.Number, null, element.TryGetDouble(out var number) ? number : double.NaN, false, element),
            JsonValueKind.True or JsonValueKind.False => new(JsonTypes.Boolean, null, 0, element.ValueKind == JsonValueKind.True, element),
            JsonValueKind.Object => new(JsonTypes.Object, null, 0, false, element),
            JsonValueKind.Array => new(JsonTypes.Array, null, 0, false, element),
            _ => new(JsonTypes.Null, null, 0, false, element),
        };
    }

    /// <summary>Whether both are the same JSON value (a number made from a double is compared as that double).</summary>
    /// <param name="other">The other value.</param>
    public bool Equals(EnumValue other) => Kind == other.Kind && Kind switch
    {
        JsonTypes.String => Text == other.Text,
        JsonTypes.Boolean => Boolean == other.Boolean,
        JsonTypes.Number when Element is { } element && other.Element is { } otherElement => JsonValueEquality.Equals(element, otherElement),
        JsonTypes.Number => Number == other.Number,
        _ => JsonValueEquality.Equals(Element, other.Element),
    };

    /// <summary>A hash consistent with <see cref="Equals(EnumValue)"/>.</summary>
    public override int GetHashCode() => Kind switch
    {
        JsonTypes.String => HashCode.Combine(Kind, Text),
        JsonTypes.Boolean => HashCode.Combine(Kind, Boolean),
        JsonTypes.Number => Kind.GetHashCode(), // 1 and 1.0 are equal
        _ => HashCode.Combine(Kind, JsonValueEquality.GetHashCode(Element)),
    };
}

/// <summary>The member that tells a <c>oneOf</c>'s branches apart, and each branch's value.</summary>
/// <param name="Name">The member name, e.g. <c>handler</c>.</param>
/// <param name="Values">Each branch's value, in <c>oneOf</c> order.</param>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed record Discriminator(string Name, IReadOnlyList<string> Values)
{
    /// <summary>The member name in UTF-8.</summary>
    internal byte[] NameUtf8 { get; } = Encoding.UTF8.GetBytes(Name);

    /// <summary>The values in UTF-8.</summary>
    internal byte[][] ValuesUtf8 { get; } = Values.Select(Encoding.UTF8.GetBytes).ToArray();
}

/// <summary>
/// The member names each branch of a <c>oneOf</c> allows, when every branch that accepts objects is closed
/// (<c>additionalProperties: false</c>, no <c>patternProperties</c>): an object with a member a branch does not declare
/// fails that branch whatever the values, so only the remaining branches need validating.
/// </summary>
internal sealed class OneOfShape
{
    private readonly byte[][][] _names;
    private readonly ulong _objectBranches;

    private OneOfShape(byte[][][] names, ulong objectBranches)
    {
        _names = names;
        _objectBranches = objectBranches;
    }

    public static OneOfShape? Create(SchemaNode node, SchemaSet set)
    {
        if (node.OneOf.Count is 0 or > 64)
        {
            return null;
        }

        var names = new byte[node.OneOf.Count][][];
        ulong objectBranches = 0;
        for (var b = 0; b < node.OneOf.Count; b++)
        {
            var branch = set[node.OneOf[b]];
            names[b] = [];
            if (branch.Types != JsonTypes.Any && (branch.Types & JsonTypes.Object) == 0)
            {
                continue; // never accepts an object
            }

            if (branch.AdditionalPropertiesAllowed || branch.PatternProperties.Count > 0)
            {
                return null;
            }

            objectBranches |= 1UL << b;
            names[b] = branch.Properties.Select(p => p.Utf8Name).ToArray();
        }

        return new OneOfShape(names, objectBranches);
    }

    /// <summary>The branches an object could still satisfy, given its member names (a bit per branch).</summary>
    /// <param name="objectStart">A reader on the object's first token; not moved.</param>
    public ulong Candidates(Utf8JsonReader objectStart)
    {
        var candidates = _objectBranches;
        var reader = objectStart;
        while (candidates != 0 && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            for (var b = 0; b < _names.Length; b++)
            {
                if ((candidates & (1UL << b)) == 0)
                {
                    continue;
                }

                var declared = false;
                var names = _names[b];
                for (var i = 0; i < names.Length; i++)
                {
                    if (reader.ValueTextEquals(names[i]))
                    {
                        declared = true;
                        break;
                    }
                }

                if (!declared)
                {
                    candidates &= ~(1UL << b);
                }
            }

            reader.Read();
            reader.Skip();
        }

        return candidates;
    }
}
