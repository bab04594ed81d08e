using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>
/// The state of one validation: the input, where the reader is (as a path of member-name offsets and indexes), and
/// the errors found. Every <c>Validate</c> call starts on a value's first token and leaves the reader on its last.
/// Sub-schemas that must look at the same value twice (combinators, several matching patterns) use copies of the
/// reader, which is a struct: no buffering, no allocation.
/// </summary>
internal ref struct ValidationWalk
{
    private const int StackChars = 256;
    private readonly ReadOnlySpan<byte> _input;
    private readonly SchemaSet _set;
    private readonly ValidationOptions _options;
    private readonly Span<PathSegment> _path;
    private readonly string _rootSchemaId;
    private int _depth;
    private int _silent;
    private int _inCombinator;
    private bool _failed;
    private bool _stop;
    private bool _truncated;
    private readonly bool _publicFieldsOnly;
    private bool _hasPrivateFields;
    private readonly bool _verdictOnly;
    private TopLevelMembers _topLevel;
    private int _visit;
    private int _visits;
    private EchoCache _echo;
    private MemberNames _names;

    /// <param name="input">The document.</param>
    /// <param name="set">The schemas.</param>
    /// <param name="options">Mode and Kazoo settings.</param>
    /// <param name="path">The path stack.</param>
    /// <param name="rootSchemaId">The schema the document is checked against.</param>
    /// <param name="verdictOnly">Stop at the first failure, reporting nothing (<see cref="Stopped"/> tells).</param>
    /// <param name="publicFieldsOnly">
    /// Whether the document's private fields must be removed before it is validated: the walk then stops at the first
    /// one, and <see cref="HasPrivateFields"/> says to validate the document without them.
    /// </param>
    public ValidationWalk(ReadOnlySpan<byte> input, SchemaSet set, ValidationOptions options, Span<PathSegment> path, string rootSchemaId, bool verdictOnly = false, bool publicFieldsOnly = false)
    {
        _input = input;
        _set = set;
        _options = options;
        _path = path;
        _rootSchemaId = rootSchemaId;
        _depth = 0;
        _silent = 0;
        _inCombinator = 0;
        _failed = false;
        _stop = false;
        _verdictOnly = verdictOnly;
        _topLevel = default;
        _truncated = false;
        _publicFieldsOnly = publicFieldsOnly;
        _hasPrivateFields = false;
        _visit = 0;
        _visits = 0;
        _echo = default;
        _names = default;
        Errors = null;
    }

    /// <summary>Gives back the pooled arrays the walk used.</summary>
    public void Release() => _names.Release();

    /// <summary>
    /// Whether the walk stopped before the document's end (the reader is then somewhere inside it): a verdict-only walk
    /// at a failure, a full walk when <see cref="Truncated"/>.
    /// </summary>
    public readonly bool Stopped => _stop;

    /// <summary>Whether a full walk stopped because <see cref="ValidationOptions.MaxErrorPaths"/> paths had errors.</summary>
    public readonly bool Truncated => _truncated;

    /// <summary>
    /// Whether the walk met a private field at the top level where they are to be removed: it stopped there, and its
    /// verdict and errors count for nothing.
    /// </summary>
    public readonly bool HasPrivateFields => _hasPrivateFields;

    public ErrorSink? Errors { get; private set; }

    private readonly bool Exact => _options.Mode == ValidationMode.KazooExact;

    /// <summary>Checks the value at the reader against a node; returns whether it is valid.</summary>
    public bool Validate(ref Utf8JsonReader reader, int nodeIndex)
    {
        var node = _set[nodeIndex];
        var failedBefore = _failed;
        var errorsBefore = Errors?.Added ?? 0;
        var outerVisit = _visit;
        _visit = ++_visits; // the errors this node's own keywords find at this value are ordered by keyword
        _failed = false;
        CheckNode(ref reader, node);
        var failed = _failed || (Errors?.Added ?? 0) > errorsBefore;
        _failed = failedBefore || failed;
        _visit = outerVisit;
        return !failed;
    }

    /// <summary>Checks the value at the reader against a node, its combinators included; leaves the reader on the value's last token.</summary>
    private void CheckNode(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (node.IsBareOneOf && !Exact)
        {
            // Nothing to check but the oneOf: the chosen branch reads the value once, on the reader itself.
            CheckOneOf(ref reader, node, consume: true);
        }
        else if (!node.HasCombinators)
        {
            CheckValue(ref reader, node);
        }
        else if (_verdictOnly && !Exact && node.Discriminator is not null && reader.TokenType == JsonTokenType.StartObject
                 && node.AnyOfArray.Length == 0 && node.AllOfArray.Length == 0 && node.Not < 0 && node.DependencyArray.Length == 0)
        {
            CheckDiscriminated(ref reader, node);
        }
        else
        {
            var start = reader;
            CheckValue(ref reader, node);
            if (!_stop)
            {
                CheckCombinators(ref start, node);
            }
        }
    }

    /// <summary>Checks the value against a node, with or without its combinators.</summary>
    private void CheckNode(ref Utf8JsonReader reader, SchemaNode node, bool withCombinators)
    {
        if (withCombinators)
        {
            CheckNode(ref reader, node);
        }
        else
        {
            CheckValue(ref reader, node);
        }
    }

    // ---- per-type checks ----

    private void CheckValue(ref Utf8JsonReader reader, SchemaNode node)
    {
        var token = reader.TokenType;
        var actual = TypeOf(ref reader);
        double coercedNumber = 0;
        var coerced = false;
        if (node.Types != JsonTypes.Any && !Allows(node.Types, actual))
        {
            if (!_options.StrictValidation && _inCombinator == 0 && token == JsonTokenType.String && TryCoerce(ref reader, node.Types, out coercedNumber, out actual))
            {
                coerced = true;
            }
            else
            {
                if (Failing())
                {
                    Report(ref reader, "type", TypeDetail(node.Types));
                }
                SkipValue(ref reader);
                return;
            }
        }

        switch (actual)
        {
            case JsonTypes.Object:
                CheckObject(ref reader, node);
                break;
            case JsonTypes.Array:
                CheckArray(ref reader, node);
                break;
            case JsonTypes.String:
                CheckString(ref reader, node);
                break;
            case JsonTypes.Integer:
            case JsonTypes.Number:
                CheckNumber(ref reader, node, coerced ? coercedNumber : GetDouble(ref reader), coerced);
                break;
            default:
                if (node.EnumArray is { } values && !EnumContains(ref reader, values, actual, 0))
                {
                    if (Failing())
                    {
                        Report(ref reader, "enum", EnumDetail(node));
                    }
                }

                break;
        }
    }

    private void CheckString(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (node.EnumArray is { } values && !EnumContains(ref reader, values, JsonTypes.String, 0))
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node));
            }
        }

        if (!node.NeedsText)
        {
            return;
        }

        if (!node.NeedsChars && !reader.ValueIsEscaped && IsValidUtf8(reader.ValueSpan, out var ascii))
        {
            // Lengths and simple patterns straight from the bytes: no copy to UTF-16.
            var utf8 = reader.ValueSpan;
            if (node.MinLength >= 0 || node.MaxLength >= 0)
            {
                CheckLength(ref reader, node, ascii ? utf8.Length : CodePoints.Count(utf8));
            }

            if (node.PatternMatcher is { } bytePattern && !bytePattern.IsMatchUtf8(utf8, ascii))
            {
                ReportPattern(ref reader, bytePattern);
            }

            return;
        }

        var byteLength = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        char[]? rented = null;
        var buffer = byteLength <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(byteLength));
        try
        {
            var text = buffer[..reader.CopyString(buffer)];
            if (node.MinLength >= 0 || node.MaxLength >= 0)
            {
                CheckLength(ref reader, node, CodePoints.Count(text));
            }

            if (node.PatternMatcher is { } pattern && !pattern.IsMatch(text))
            {
                ReportPattern(ref reader, pattern);
            }

            if (node.Format is { } format && !JsonFormats.IsValid(format, text))
            {
                if (Failing())
                {
                    Report(ref reader, "wrong_format", new Detail("Field is not in the correct format", WithValue: true, Format: format));
                }
            }

            if (node.KazooValidation && node.RuleKey is { } ruleKey)
            {
                var message = KazooRules.Check(ruleKey, text, _input, _rootSchemaId, _options, ref _topLevel);
                if (message is not null)
                {
                    if (Failing())
                    {
                        Report(ref reader, "error", new Detail(message, WithValue: true));
                    }
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private void CheckLength(ref Utf8JsonReader reader, SchemaNode node, int codePoints)
    {
        if (node.MinLength >= 0 && codePoints < node.MinLength)
        {
            if (Failing())
            {
                Report(ref reader, "minLength", LengthDetail("String must be at least " + node.MinLength + " characters", node.MinLength));
            }
        }

        if (node.MaxLength >= 0 && codePoints > node.MaxLength)
        {
            if (Failing())
            {
                Report(ref reader, "maxLength", LengthDetail("String must not be more than " + node.MaxLength + " characters", node.MaxLength));
            }
        }
    }

    private void ReportPattern(ref Utf8JsonReader reader, SchemaPattern pattern)
    {
        if (Failing())
        {
            Report(ref reader, "pattern", new Detail("Failed to match pattern '" + pattern.Source + "'", Target: Json.Of(pattern.Source), WithValue: true));
        }
    }

    private void CheckNumber(ref Utf8JsonReader reader, SchemaNode node, double value, bool coerced)
    {
        if (node.EnumArray is { } values && !EnumContains(ref reader, values, JsonTypes.Number, value, coerced))
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node));
            }
        }

        if (node.Minimum is { } minimum && Compare(ref reader, value, minimum, node.ExactMinimum) is var below && (node.ExclusiveMinimum ? below <= 0 : below < 0))
        {
            if (Failing())
            {
                Report(ref reader, "minimum", new Detail(
                    (node.ExclusiveMinimum ? "Value must be greater than " : "Value must be at least ") + Format(minimum), Target: Json.Of(minimum), WithValue: true));
            }
        }

        if (node.Maximum is { } maximum && Compare(ref reader, value, maximum, node.ExactMaximum) is var above && (node.ExclusiveMaximum ? above >= 0 : above > 0))
        {
            if (Failing())
            {
                Report(ref reader, "maximum", new Detail(
                    (node.ExclusiveMaximum ? "Value must be less than " : "Value must be at most ") + Format(maximum), Target: Json.Of(maximum), WithValue: true));
            }
        }

        // The number's text (a coerced string's too) is what decimal judges exactly.
        if (node.MultipleOf is { } divisor && !ExactNumber.IsMultiple(reader.ValueSpan, value, divisor, node.MultipleOfDecimal))
        {
            if (Failing())
            {
                Report(ref reader, "multipleOf", new Detail("Value must be a multiple of " + Format(divisor), Target: Json.Of(divisor), WithValue: true));
            }
        }
    }

    /// <summary>
    /// Compares a number with a bound. Doubles order distinct numbers rightly unless both round to one double; then, with
    /// an exact bound, the number's text decides in decimal.
    /// </summary>
    private static int Compare(ref Utf8JsonReader reader, double value, double bound, decimal? exactBound) =>
        value == bound && exactBound is { } exact && reader.TokenType == JsonTokenType.Number && ExactNumber.TryDecimal(reader.ValueSpan, out var exactValue)
            ? exactValue.CompareTo(exact)
            : value.CompareTo(bound);

    private void CheckObject(ref Utf8JsonReader reader, SchemaNode node)
    {
        var objectStart = (int)reader.TokenStartIndex;
        CheckStructureEnum(ref reader, node);
        if (_stop)
        {
            return; // the verdict is known; the reader is abandoned
        }

        var required = new RequiredMembers(node);
        var keys = _depth == 1 ? _topLevel.KeysAt(objectStart) : 0; // the reference rules' keys, noted on the way
        var count = 0;
        var names = _names.Begin();
        try
        {
            while (NextMember(ref reader, ref names))
            {
                if (_depth == 0 && _publicFieldsOnly && PublicFields.IsPrivate(ref reader))
                {
                    _hasPrivateFields = _stop = true; // validated again without them
                    return;
                }

                count++;
                var nameOffset = (int)reader.TokenStartIndex;
                if (keys != 0)
                {
                    _topLevel.RecordKey(keys, nameOffset + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
                }

                var property = FindProperty(ref reader, node);
                required.Mark(ref reader, node, property);
                var patterns = MatchPatterns(ref reader, node);
                ReadMemberValue(ref reader);
                Push(nameOffset, -1);
                var schemas = MemberSchemas(node, property, patterns, out var schema);
                if (schemas < 0)
                {
                    if (Failing())
                    {
                        ReportAt(objectStart, "additionalProperties", new Detail("Strict checking of data is enabled; only include schema-defined properties", WithValue: true));
                    }

                    SkipValue(ref reader);
                }
                else if (schemas == 0)
                {
                    SkipValue(ref reader);
                }
                else if (schemas == 1)
                {
                    Validate(ref reader, schema);
                }
                else
                {
                    ValidateOnCopies(reader, node, property, patterns);
                    SkipValue(ref reader);
                }

                Pop();
                if (_stop)
                {
                    return; // the verdict is known; the reader is abandoned
                }
            }
        }
        finally
        {
            _names.End(ref names);
        }

        if (keys != 0)
        {
            _topLevel.EndKeys(keys);
        }

        CheckMemberCounts(objectStart, node, required, count);
    }

    /// <summary>
    /// Reads to the object's next member name, passing over each member whose name the object has already had (Kazoo
    /// reads a name's first occurrence); false at the object's end.
    /// </summary>
    private bool NextMember(ref Utf8JsonReader reader, ref MemberNames.Frame names)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!_names.IsRepeat(_input, ref reader, ref names))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// The <c>dependencies</c> of an object: a rule applies when the object has its member. The schema form reports the
    /// schema's own errors; the list form one <c>dependencies</c> error for the object. Like a combinator, it reads the
    /// object again, so the walk of a node without it keeps no copy of the reader.
    /// </summary>
    /// <param name="start">A reader on the object's first token.</param>
    /// <param name="node">The node.</param>
    private void CheckDependencies(Utf8JsonReader start, SchemaNode node)
    {
        List<string>? missing = null;
        foreach (var rule in node.DependencyArray)
        {
            if (!FindMember(start, rule.Utf8Name, out _))
            {
                continue;
            }

            if (rule.Schema >= 0)
            {
                var copy = start;
                Validate(ref copy, rule.Schema);
            }

            for (var r = 0; r < rule.RequiredUtf8.Length && !_stop; r++)
            {
                if (!FindMember(start, rule.RequiredUtf8[r], out _) && Failing())
                {
                    (missing ??= []).Add("'" + rule.Required[r] + "' is required when '" + rule.Name + "' is present");
                }
            }

            if (_stop)
            {
                return;
            }
        }

        if (missing is not null)
        {
            ReportAt((int)start.TokenStartIndex, "dependencies", new Detail(Exact ? "Dependencies were not validated" : string.Join("; ", missing), WithValue: true));
        }
    }

    /// <summary>The checks made once an object's members are read: required members, member counts.</summary>
    private void CheckMemberCounts(int objectStart, SchemaNode node, RequiredMembers required, int count)
    {
        for (var i = 0; i < node.Required.Count; i++)
        {
            if (!required.Seen(i))
            {
                if (Failing())
                {
                    ReportAt(objectStart, "required", new Detail("Field is required but missing", Value: Json.Of(node.Required[i])), node.Required[i]);
                }
            }
        }

        if (node.MinProperties >= 0 && count < node.MinProperties)
        {
            if (Failing())
            {
                ReportAt(objectStart, "minProperties", new Detail("Object must have at least " + node.MinProperties + " properties", Target: Json.Of(node.MinProperties), WithValue: true));
            }
        }

        if (node.MaxProperties >= 0 && count > node.MaxProperties)
        {
            if (Failing())
            {
                ReportAt(objectStart, "maxProperties", new Detail("Object must not have more than " + node.MaxProperties + " properties", Target: Json.Of(node.MaxProperties), WithValue: true));
            }
        }
    }

    /// <summary>The index in <see cref="SchemaNode.Properties"/> of the member name at the reader, or -1.</summary>
    private static int FindProperty(ref Utf8JsonReader reader, SchemaNode node)
    {
        var properties = node.PropertyArray;
        if (!reader.ValueIsEscaped)
        {
            // The raw bytes are the name: a plain comparison (what ValueTextEquals does for an unescaped name).
            var name = reader.ValueSpan;
            for (var i = 0; i < properties.Length; i++)
            {
                if (name.SequenceEqual(properties[i].Utf8Name))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < properties.Length; i++)
        {
            if (reader.ValueTextEquals(properties[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The <c>patternProperties</c> (a bit each, the first 64) the member name at the reader matches.</summary>
    private static ulong MatchPatterns(ref Utf8JsonReader reader, SchemaNode node)
    {
        var rules = node.PatternArray;
        if (rules.Length == 0)
        {
            return 0;
        }

        ulong patterns = 0;
        if (node.PatternsHaveUtf8Path && !reader.ValueIsEscaped && IsValidUtf8(reader.ValueSpan, out var ascii))
        {
            var utf8 = reader.ValueSpan;
            for (var i = 0; i < rules.Length && i < 64; i++)
            {
                if (rules[i].Matcher.IsMatchUtf8(utf8, ascii))
                {
                    patterns |= 1UL << i;
                }
            }

            return patterns;
        }

        // Member names go through the patterns as text; a long name gets a pooled buffer.
        var byteLength = reader.ValueSpan.Length;
        char[]? rented = null;
        var buffer = byteLength <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(byteLength));
        var name = buffer[..reader.CopyString(buffer)];
        for (var i = 0; i < rules.Length && i < 64; i++)
        {
            if (rules[i].Matcher.IsMatch(name))
            {
                patterns |= 1UL << i;
            }
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return patterns;
    }

    /// <summary>Moves from a member name to its value; at the top level, notes where attachments and connections start.</summary>
    private void ReadMemberValue(ref Utf8JsonReader reader)
    {
        if (_depth == 0 && !reader.ValueIsEscaped)
        {
            // The reference rules need the top-level attachments and connections: note them on the way.
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                _topLevel.Seen(name, (int)reader.TokenStartIndex);
            }
        }
        else
        {
            reader.Read();
        }
    }

    /// <summary>
    /// How many schemas a member's value must satisfy under a node: its property and matching patterns, else
    /// <c>additionalProperties</c> (one schema, none, or -1 when no other member is allowed). When one, which.
    /// </summary>
    private static int MemberSchemas(SchemaNode node, int property, ulong patterns, out int schema)
    {
        var count = (property >= 0 ? 1 : 0) + System.Numerics.BitOperations.PopCount(patterns);
        if (count > 0)
        {
            schema = property >= 0 ? node.PropertyArray[property].Schema : node.PatternArray[System.Numerics.BitOperations.TrailingZeroCount(patterns)].Schema;
            return count;
        }

        schema = node.AdditionalProperties;
        return !node.AdditionalPropertiesAllowed ? -1 : node.AdditionalProperties >= 0 ? 1 : 0;
    }

    /// <summary>Validates a member's value against its property schema and matching patterns, each on a copy of the reader.</summary>
    /// <remarks>
    /// Kazoo-exact: as jesse, which checks a node's keywords in the order the schema lists them (sorted, in Kazoo's
    /// files), <c>patternProperties</c> before <c>properties</c>, so a property's error at the member's path is found
    /// last and is the one kept.
    /// </remarks>
    private void ValidateOnCopies(Utf8JsonReader value, SchemaNode node, int property, ulong patterns)
    {
        if (property >= 0 && !Exact)
        {
            var copy = value;
            Validate(ref copy, node.PropertyArray[property].Schema);
        }

        for (var i = 0; i < node.PatternArray.Length && i < 64 && !_stop; i++)
        {
            if ((patterns & (1UL << i)) != 0)
            {
                var copy = value;
                Validate(ref copy, node.PatternArray[i].Schema);
            }
        }

        if (property >= 0 && Exact && !_stop)
        {
            var copy = value;
            Validate(ref copy, node.PropertyArray[property].Schema);
        }
    }

    /// <summary>Checks an array against a node, or (verdict only) against two nodes in one read.</summary>
    private void CheckArray(ref Utf8JsonReader reader, SchemaNode node, SchemaNode? second = null)
    {
        var arrayStart = (int)reader.TokenStartIndex;
        CheckStructureEnum(ref reader, node);
        if (second is not null)
        {
            CheckStructureEnum(ref reader, second);
        }

        var count = 0;
        var extraItems = false;
        while (!_stop && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Push(-1, count);
            var schema = ItemSchema(node, count);
            var other = second is null ? -1 : ItemSchema(second, count);
            if (schema == NoItemAllowed || other == NoItemAllowed)
            {
                extraItems |= Failing() && schema == NoItemAllowed;
                SkipValue(ref reader);
            }
            else if (schema >= 0 && other >= 0)
            {
                CheckBoth(ref reader, _set[schema], withCombinatorsOfFirst: true, _set[other]);
            }
            else if (schema >= 0 || other >= 0)
            {
                Validate(ref reader, Math.Max(schema, other));
            }
            else
            {
                SkipValue(ref reader);
            }

            Pop();
            count++;
        }

        if (_stop)
        {
            return; // the verdict is known; the reader is abandoned
        }

        if (extraItems)
        {
            ReportAt(arrayStart, "additionalItems", new Detail("Strict checking of data is enabled; only include schema-defined items", WithValue: true));
        }

        CheckItemCounts(arrayStart, node, count);
        if (second is not null && !_stop)
        {
            CheckItemCounts(arrayStart, second, count);
        }
    }

    /// <summary>What <see cref="ItemSchema"/> answers for an item past the tuple where <c>additionalItems</c> is false.</summary>
    private const int NoItemAllowed = -2;

    /// <summary>
    /// The schema for the item at an index: <c>items</c> when it is one schema, else the tuple's schema at that
    /// position, else <c>additionalItems</c>; -1 when anything goes, <see cref="NoItemAllowed"/> when nothing does.
    /// </summary>
    private static int ItemSchema(SchemaNode node, int index) =>
        node.TupleItemsArray is not { } tuple ? node.Items
        : index < tuple.Length ? tuple[index]
        : node.AdditionalItemsAllowed ? node.AdditionalItems
        : NoItemAllowed;

    /// <summary>An object or array against the node's <c>enum</c>, if it has one; the reader is not moved.</summary>
    private void CheckStructureEnum(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (node.EnumArray is { } values && !StructureInEnum(reader, node.EnumHasStructures, values))
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node));
            }
        }
    }

    /// <summary>Whether the object or array at the reader equals an <c>enum</c> value (read only when some value is one).</summary>
    private static bool StructureInEnum(Utf8JsonReader start, bool hasStructures, EnumValue[] values)
    {
        if (!hasStructures)
        {
            return false;
        }

        var instance = MemberNames.FirstOccurrences(JsonElement.ParseValue(ref start));
        foreach (var value in values)
        {
            if (value.Element is { } element && JsonValueEquality.Equals(instance, element))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The checks made once an array's items are read: item counts and uniqueness.</summary>
    private void CheckItemCounts(int arrayStart, SchemaNode node, int count)
    {
        if (node.MinItems >= 0 && count < node.MinItems)
        {
            if (Failing())
            {
                ReportAt(arrayStart, "minItems", new Detail("The list is not at least " + node.MinItems + " items", Target: Json.Of(node.MinItems), WithValue: true));
            }
        }

        if (node.MaxItems >= 0 && count > node.MaxItems)
        {
            if (Failing())
            {
                ReportAt(arrayStart, "maxItems", new Detail("The list is more than " + node.MaxItems + " items", Target: Json.Of(node.MaxItems), WithValue: true));
            }
        }

        if (node.UniqueItems && !AreUnique(arrayStart))
        {
            if (Failing())
            {
                ReportAt(arrayStart, "uniqueItems", new Detail("List of items is not unique", Target: Json.Of(true), WithValue: true));
            }
        }
    }

    // ---- verdict only: one read for two nodes ----

    /// <summary>
    /// Verdict only, precise mode: an object under a discriminated <c>oneOf</c>, checked against the node's own keywords
    /// and the branch its discriminator picks in one read (the full walk reads it once for each, to report in order).
    /// </summary>
    private void CheckDiscriminated(ref Utf8JsonReader reader, SchemaNode node)
    {
        var discriminator = node.Discriminator!;
        if (FindMember(reader, discriminator.NameUtf8, out var member) && member.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < discriminator.Values.Count; i++)
            {
                if (member.ValueTextEquals(discriminator.ValuesUtf8[i]))
                {
                    _inCombinator++;
                    CheckBoth(ref reader, node, withCombinatorsOfFirst: false, _set[node.OneOfArray[i]]);
                    _inCombinator--;
                    return;
                }
            }
        }

        Failing(); // no discriminator, or a value no branch has
    }

    /// <summary>
    /// Verdict only: checks the value at the reader against two nodes (the second with its combinators, the first with
    /// them when asked) and leaves the reader on the value's last token. An object or array is read once for both.
    /// </summary>
    private void CheckBoth(ref Utf8JsonReader reader, SchemaNode first, bool withCombinatorsOfFirst, SchemaNode second)
    {
        var token = reader.TokenType;
        if (token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            // A scalar is one token: each node reads it in place.
            CheckNode(ref reader, first, withCombinatorsOfFirst);
            if (!_stop)
            {
                CheckNode(ref reader, second);
            }

            return;
        }

        var combinatorsOfFirst = withCombinatorsOfFirst && first.HasCombinators;
        var start = combinatorsOfFirst || second.HasCombinators ? reader : default;
        var actual = token == JsonTokenType.StartObject ? JsonTypes.Object : JsonTypes.Array;
        if ((first.Types != JsonTypes.Any && !Allows(first.Types, actual)) || (second.Types != JsonTypes.Any && !Allows(second.Types, actual)))
        {
            Failing();
            return;
        }

        if (actual == JsonTypes.Object)
        {
            CheckObjectBoth(ref reader, first, second);
        }
        else
        {
            CheckArray(ref reader, first, second);
        }

        if (!_stop && combinatorsOfFirst)
        {
            CheckCombinators(ref start, first);
        }

        if (!_stop && second.HasCombinators)
        {
            CheckCombinators(ref start, second);
        }
    }

    private void CheckObjectBoth(ref Utf8JsonReader reader, SchemaNode first, SchemaNode second)
    {
        CheckStructureEnum(ref reader, first);
        CheckStructureEnum(ref reader, second);
        if (_stop)
        {
            return;
        }

        var objectStart = (int)reader.TokenStartIndex;
        var requiredFirst = new RequiredMembers(first);
        var requiredSecond = new RequiredMembers(second);
        var count = 0;
        var names = _names.Begin();
        try
        {
            while (NextMember(ref reader, ref names))
            {
                if (_depth == 0 && _publicFieldsOnly && PublicFields.IsPrivate(ref reader))
                {
                    _hasPrivateFields = _stop = true; // validated again without them
                    return;
                }

                count++;
                var nameOffset = (int)reader.TokenStartIndex;
                var propertyFirst = FindProperty(ref reader, first);
                requiredFirst.Mark(ref reader, first, propertyFirst);
                var patternsFirst = MatchPatterns(ref reader, first);
                var propertySecond = FindProperty(ref reader, second);
                requiredSecond.Mark(ref reader, second, propertySecond);
                var patternsSecond = MatchPatterns(ref reader, second);
                ReadMemberValue(ref reader);
                Push(nameOffset, -1);
                var schemasFirst = MemberSchemas(first, propertyFirst, patternsFirst, out var schemaFirst);
                var schemasSecond = MemberSchemas(second, propertySecond, patternsSecond, out var schemaSecond);
                if (schemasFirst < 0 || schemasSecond < 0)
                {
                    Failing(); // a member the node does not declare, where no other member is allowed
                }
                else if (schemasFirst == 1 && schemasSecond == 1)
                {
                    CheckBoth(ref reader, _set[schemaFirst], withCombinatorsOfFirst: true, _set[schemaSecond]);
                }
                else if (schemasFirst + schemasSecond == 1)
                {
                    Validate(ref reader, schemasFirst == 1 ? schemaFirst : schemaSecond);
                }
                else
                {
                    if (schemasFirst > 0)
                    {
                        ValidateMemberOnCopies(reader, first, propertyFirst, patternsFirst, schemasFirst, schemaFirst);
                    }

                    if (schemasSecond > 0 && !_stop)
                    {
                        ValidateMemberOnCopies(reader, second, propertySecond, patternsSecond, schemasSecond, schemaSecond);
                    }

                    SkipValue(ref reader);
                }

                Pop();
                if (_stop)
                {
                    return;
                }
            }
        }
        finally
        {
            _names.End(ref names);
        }

        CheckMemberCounts(objectStart, first, requiredFirst, count);
        if (!_stop)
        {
            CheckMemberCounts(objectStart, second, requiredSecond, count);
        }
    }

    private void ValidateMemberOnCopies(Utf8JsonReader value, SchemaNode node, int property, ulong patterns, int schemas, int schema)
    {
        if (schemas == 1)
        {
            Validate(ref value, schema);
        }
        else
        {
            ValidateOnCopies(value, node, property, patterns);
        }
    }

    // ---- combinators ----

    private void CheckCombinators(ref Utf8JsonReader start, SchemaNode node)
    {
        if (node.DependencyArray.Length > 0 && start.TokenType == JsonTokenType.StartObject)
        {
            CheckDependencies(start, node);
        }

        if (node.OneOfArray.Length > 0 && !_stop)
        {
            CheckOneOf(ref start, node);
        }

        if (node.AnyOfArray.Length > 0 && !_stop)
        {
            var any = false;
            for (var b = 0; b < node.AnyOfArray.Length; b++)
            {
                var branch = node.AnyOfArray[b];
                if (Quietly(start, branch))
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                var at = start;
                if (Failing())
                {
                    Report(ref at, "not_any_schema_valid", new Detail("failed to validate", WithValue: true));
                }
            }
        }

        if (node.AllOfArray.Length > 0 && !_stop)
        {
            CheckAllOf(start, node);
        }

        if (node.Not >= 0 && !_stop && Quietly(start, node.Not))
        {
            var at = start;
            if (Failing())
            {
                Report(ref at, "not_schema_valid", new Detail("failed to validate", WithValue: true));
            }
        }
    }

    /// <summary>
    /// Every <c>allOf</c> schema must hold. Precise: each schema's own errors, where they are. Kazoo-exact: as jesse, the
    /// first failing schema ends the check with one <c>all_schemas_not_valid</c> on the value, its errors thrown away.
    /// </summary>
    private void CheckAllOf(Utf8JsonReader start, SchemaNode node)
    {
        for (var a = 0; a < node.AllOfArray.Length && !_stop; a++)
        {
            var schema = node.AllOfArray[a];
            if (Exact)
            {
                if (!Quietly(start, schema))
                {
                    var at = start;
                    if (Failing())
                    {
                        Report(ref at, "all_schemas_not_valid", new Detail("failed to validate", WithValue: true));
                    }

                    return;
                }
            }
            else
            {
                _inCombinator++;
                var copy = start;
                Validate(ref copy, schema);
                _inCombinator--;
            }
        }
    }

    /// <param name="start">The reader on the value's first token.</param>
    /// <param name="node">The node with the oneOf.</param>
    /// <param name="consume">Whether to leave <paramref name="start"/> on the value's last token (else it is not moved).</param>
    private void CheckOneOf(ref Utf8JsonReader start, SchemaNode node, bool consume = false)
    {
        if (!Exact && node.Discriminator is { } discriminator && start.TokenType == JsonTokenType.StartObject)
        {
            // Precise: pick the branch by its discriminator and report that branch's own errors where they are.
            var found = FindMember(start, discriminator.NameUtf8, out var member);
            if (!found)
            {
                var at = start;
                if (Failing())
                {
                    Report(ref at, "required", new Detail("Field is required but missing", Value: Json.Of(discriminator.Name)), discriminator.Name);
                }

                SkipIf(consume, ref start);
                return;
            }

            for (var i = 0; i < discriminator.Values.Count; i++)
            {
                if (member.TokenType == JsonTokenType.String && member.ValueTextEquals(discriminator.ValuesUtf8[i]))
                {
                    ValidateBranch(ref start, node.OneOfArray[i], consume);
                    return;
                }
            }

            if (Failing())
            {
                Report(ref member, "enum", new Detail("Value not found in enumerated list of values", Target: Json.Of(discriminator.Values), WithValue: true), discriminator.Name);
            }

            SkipIf(consume, ref start);
            return;
        }

        if (!Exact && node.OneOfArray.Length == 1)
        {
            // Exactly one of one: the branch's own errors are the precise answer (Kazoo's connections shape).
            ValidateBranch(ref start, node.OneOfArray[0], consume);
            return;
        }

        var candidates = ulong.MaxValue;
        if (start.TokenType == JsonTokenType.StartObject && node.ShapeOfOneOf(_set) is { } shape)
        {
            candidates = shape.Candidates(start); // the other branches fail on a member they do not declare
            if (!Exact && System.Numerics.BitOperations.PopCount(candidates) == 1)
            {
                // Precise: the object's members leave one shape, so the oneOf holds exactly when that shape does; its
                // own errors are the precise answer, and a oneOf nested in it (a field_list group) is read the same way.
                ValidateBranch(ref start, node.OneOfArray[System.Numerics.BitOperations.TrailingZeroCount(candidates)], consume);
                return;
            }
        }

        if (_verdictOnly && consume && node.OneOfArray.Length <= 64)
        {
            // Only the verdict counts: one remaining branch is the oneOf's answer, read in place.
            var remaining = node.OneOfArray.Length == 64 ? candidates : candidates & ((1UL << node.OneOfArray.Length) - 1);
            if (remaining == 0)
            {
                Failing();
                return;
            }

            if (System.Numerics.BitOperations.PopCount(remaining) == 1)
            {
                _inCombinator++;
                Validate(ref start, node.OneOfArray[System.Numerics.BitOperations.TrailingZeroCount(remaining)]);
                _inCombinator--;
                return;
            }
        }

        var matches = 0;
        for (var b = 0; b < node.OneOfArray.Length; b++)
        {
            var branch = node.OneOfArray[b];
            if (b < 64 && (candidates & (1UL << b)) == 0)
            {
                continue;
            }

            if (Quietly(start, branch))
            {
                matches++;
                if (matches > 1 && _silent > 0)
                {
                    break; // only the verdict counts here, and it is known
                }
            }
        }

        if (matches != 1)
        {
            var at = start;
            if (Failing())
            {
                Report(ref at, "not_one_schema_valid", new Detail(
                    Exact ? "failed to validate" : matches == 0 ? "failed to validate: matches none of the " + node.OneOfArray.Length + " allowed shapes" : "failed to validate: matches " + matches + " shapes, exactly one must match",
                    WithValue: true));
            }
        }

        SkipIf(consume, ref start);
    }

    /// <summary>Validates a oneOf branch, on the reader itself when consuming, else on a copy.</summary>
    private void ValidateBranch(ref Utf8JsonReader start, int branch, bool consume)
    {
        _inCombinator++;
        if (consume)
        {
            Validate(ref start, branch);
        }
        else
        {
            var copy = start;
            Validate(ref copy, branch);
        }

        _inCombinator--;
    }

    private static void SkipIf(bool consume, ref Utf8JsonReader reader)
    {
        if (consume)
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// Validates a copy of the reader without reporting, as a combinator's branch (so never coercing: Kazoo reports a
    /// combinator's failure under its own code, never a <c>type</c> error it could coerce); returns whether the value is valid.
    /// </summary>
    private bool Quietly(Utf8JsonReader start, int schema)
    {
        _silent++;
        _inCombinator++;

        var failedBefore = _failed;
        var depthBefore = _depth;
        var stopBefore = _stop;
        _failed = false;
        Validate(ref start, schema);
        var valid = !_failed;
        _failed = failedBefore;
        _stop = stopBefore; // a branch stops at its first failure; the walk goes on

        _depth = depthBefore;
        _inCombinator--;

        _silent--;
        return valid;
    }

    // ---- reporting ----

    private readonly record struct Detail(
        string Message,
        Json? Target = null,
        Json? Value = null,
        bool WithValue = false,
        string? Format = null,
        bool Cause = false);

    /// <summary>Marks the current value invalid; true when the failure is to be reported (not while testing a branch quietly).</summary>
    /// <summary>
    /// Marks the current value as failed; returns whether to report it. Silently (inside a branch that only needs a
    /// verdict), or when the whole walk only needs a verdict, the walk stops reading the value at its first failure.
    /// </summary>
    private bool Failing()
    {
        _failed = true;
        if (_silent > 0 || _verdictOnly)
        {
            _stop = true;
            return false;
        }

        return true;
    }

    private void Report(ref Utf8JsonReader at, string code, Detail detail, string? extraKey = null) =>
        ReportAt((int)at.TokenStartIndex, code, detail, extraKey);

    /// <summary>Reports an error about the value whose first token starts at <paramref name="valueOffset"/> in the input.</summary>
    private void ReportAt(int valueOffset, string code, Detail detail, string? extraKey = null)
    {
        var path = PathText(extraKey);
        var secret = IsSecretPath(extraKey);
        var sink = Errors ??= new ErrorSink(_options.Mode, _options.MaxErrorPaths);
        if (!_echo.TryGet(valueOffset, code, detail, secret, out var element))
        {
            element = BuildDetail(valueOffset, detail, secret);
            _echo.Keep(valueOffset, code, detail, secret, element);
        }

        if (!sink.Add(new ValidationError(path, code, element), KeywordOf(code), _visit))
        {
            _truncated = true;
            _stop = true; // the paths are full: the rest of the document is not read
        }
    }

    /// <summary>The detail object of an error: the message, and as the detail has them the target, format and value.</summary>
    private readonly JsonElement BuildDetail(int valueOffset, Detail detail, bool secret)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("message", detail.Message);
            if (detail.Target is { } target)
            {
                writer.WritePropertyName("target");
                target.WriteTo(writer);
            }

            if (detail.Format is { } format)
            {
                writer.WriteString("format", format);
            }

            if (detail.Value is { } value)
            {
                writer.WritePropertyName("value");
                value.WriteTo(writer);
            }
            else if (detail.WithValue)
            {
                // SecretMask's one rule: a value at or below a secret name is masked whole, whatever its shape; any other
                // value has its secret-named members and its URL secrets masked.
                using var document = JsonDocument.Parse(RawValue(valueOffset).ToArray());
                writer.WritePropertyName("value");
                SecretMask.WriteMasked(writer, document.RootElement, secret);
                if (detail.Cause)
                {
                    writer.WritePropertyName("cause");
                    SecretMask.WriteMasked(writer, document.RootElement, secret);
                }
            }

            writer.WriteEndObject();
        }

        using var detailDocument = JsonDocument.Parse(buffer.WrittenMemory);
        return detailDocument.RootElement.Clone();
    }

    /// <summary>
    /// The schema keyword behind an error code, for ordering one node's errors at one path as jesse finds them: in the
    /// order of the node's keywords, which Kazoo's schema files list sorted. Kazoo's own rules (<c>error</c>) run after
    /// every keyword of the node.
    /// </summary>
    private static string KeywordOf(string code) => code switch
    {
        "not_one_schema_valid" => "oneOf",
        "not_any_schema_valid" => "anyOf",
        "all_schemas_not_valid" => "allOf",
        "not_schema_valid" => "not",
        "wrong_format" => "format",
        "additionalItems" => "items",
        "error" => "\uffff", // after every keyword
        _ => code,
    };

    /// <summary>
    /// The last error detail built, kept for the next error about the same value with the same detail: every key an
    /// object may not have echoes the whole object, so a large object with many such keys is read and copied once,
    /// not once per key.
    /// </summary>
    private struct EchoCache
    {
        private bool _set;
        private int _offset;
        private string? _code;
        private Detail _detail;
        private bool _secret;
        private JsonElement _element;

        public readonly bool TryGet(int offset, string code, Detail detail, bool secret, out JsonElement element)
        {
            element = _element;
            return _set && offset == _offset && secret == _secret && code == _code && detail == _detail;
        }

        public void Keep(int offset, string code, Detail detail, bool secret, JsonElement element)
        {
            (_set, _offset, _code, _detail, _secret, _element) = (true, offset, code, detail, secret, element);
        }
    }

    private Detail LengthDetail(string message, int target) => new(message, Target: Json.Of(target), WithValue: true, Cause: true);

    private static Detail TypeDetail(JsonTypes types)
    {
        var names = TypeNames(types);
        return new Detail("Value did not match type(s): " + string.Join(", ", names), Target: names.Count == 1 ? Json.Of(names[0]) : Json.Of(names), WithValue: true);
    }

    private static Detail EnumDetail(SchemaNode node) =>
        new("Value not found in enumerated list of values", Target: Json.Of(node.Enum!), WithValue: true);

    /// <summary>The JSON text of the value starting at an offset of the input.</summary>
    private readonly ReadOnlySpan<byte> RawValue(int offset)
    {
        var reader = new Utf8JsonReader(_input[offset..]);
        reader.Read();
        reader.Skip();
        return _input.Slice(offset, (int)reader.BytesConsumed);
    }

    private void Push(int nameOffset, int index)
    {
        if (_depth < _path.Length)
        {
            _path[_depth] = new PathSegment { NameOffset = nameOffset, Index = index };
        }

        _depth++;
    }

    private void Pop() => _depth--;

    /// <summary>
    /// Whether the current value is at or below a secret name (<see cref="SecretMask.IsSecretName"/>): a value inside a
    /// secret array or object is as secret as the whole. Deeper than the path stack holds, the names above are unknown,
    /// and the value is taken as secret.
    /// </summary>
    private readonly bool IsSecretPath(string? extraKey)
    {
        if (extraKey is not null && SecretMemberNames.IsSecret(extraKey))
        {
            return true;
        }

        if (_depth > _path.Length)
        {
            return true;
        }

        for (var i = 0; i < _depth; i++)
        {
            if (_path[i].NameOffset >= 0 && SecretMemberNames.IsSecret(NameAt(_path[i].NameOffset)))
            {
                return true;
            }
        }

        return false;
    }

    private readonly string PathText(string? extraKey)
    {
        var parts = new List<string>(_depth + 1);
        for (var i = 0; i < Math.Min(_depth, _path.Length); i++)
        {
            parts.Add(_path[i].NameOffset >= 0 ? Escape(NameAt(_path[i].NameOffset)) : _path[i].Index.ToString(CultureInfo.InvariantCulture));
        }

        if (extraKey is not null)
        {
            parts.Add(Escape(extraKey));
        }

        return string.Join(".", parts);
    }

    private readonly string NameAt(int offset)
    {
        var reader = new Utf8JsonReader(_input[offset..]);
        reader.Read();
        return reader.GetString() ?? "";
    }

    private static string Escape(string key) => key.Replace(".", "%2E", StringComparison.Ordinal);

    // ---- small helpers ----

    private static JsonTypes TypeOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => JsonTypes.Object,
        JsonTokenType.StartArray => JsonTypes.Array,
        JsonTokenType.String => JsonTypes.String,
        JsonTokenType.Number => IsIntegerLiteral(reader.ValueSpan) ? JsonTypes.Integer : JsonTypes.Number,
        JsonTokenType.True or JsonTokenType.False => JsonTypes.Boolean,
        JsonTokenType.Null => JsonTypes.Null,
        _ => throw new JsonException("Unexpected token " + reader.TokenType + "."),
    };

    private static bool IsIntegerLiteral(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private static bool Allows(JsonTypes allowed, JsonTypes actual) =>
        (allowed & actual) != 0 || (actual == JsonTypes.Integer && (allowed & JsonTypes.Number) != 0);

    private static List<string> TypeNames(JsonTypes types)
    {
        var names = new List<string>();
        foreach (var (flag, name) in new[]
                 {
                     (JsonTypes.String, "string"), (JsonTypes.Integer, "integer"), (JsonTypes.Number, "number"), (JsonTypes.Boolean, "boolean"),
                     (JsonTypes.Object, "object"), (JsonTypes.Array, "array"), (JsonTypes.Null, "null"),
                 })
        {
            if ((types & flag) != 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Crossbar's lenient mode: a string holding an integer, number or boolean passes as that type.</summary>
    private static bool TryCoerce(ref Utf8JsonReader reader, JsonTypes allowed, out double number, out JsonTypes actual)
    {
        number = 0;
        actual = JsonTypes.String;
        Span<char> buffer = stackalloc char[64];
        if ((reader.ValueSpan.Length > 64) || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = buffer[..reader.CopyString(buffer)];
        if ((allowed & (JsonTypes.Integer | JsonTypes.Number)) != 0
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            number = integer;
            actual = JsonTypes.Integer;
            return true;
        }

        if ((allowed & JsonTypes.Number) != 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            number = real;
            actual = JsonTypes.Number;
            return true;
        }

        if ((allowed & JsonTypes.Boolean) != 0 && (text.SequenceEqual("true") || text.SequenceEqual("false")))
        {
            actual = JsonTypes.Boolean;
            return true;
        }

        return false;
    }

    private static double GetDouble(ref Utf8JsonReader reader) => reader.TryGetDouble(out var value) ? value : double.NaN;

    /// <summary>
    /// Whether a scalar is one of the <c>enum</c> values. A number given as JSON (<see cref="EnumValue.FromJson"/>) is
    /// compared exactly, as JSON values are (the instance is read into an element only then); one given as a double,
    /// and a coerced string's number, as doubles.
    /// </summary>
    private static bool EnumContains(ref Utf8JsonReader reader, EnumValue[] values, JsonTypes actual, double number, bool coerced = false)
    {
        JsonElement? instance = null;
        for (var v = 0; v < values.Length; v++)
        {
            var value = values[v];
            switch (value.Kind)
            {
                case JsonTypes.String when actual == JsonTypes.String && !coerced && reader.ValueTextEquals(value.Utf8):
                case JsonTypes.Boolean when actual == JsonTypes.Boolean && reader.TokenType == (value.Boolean ? JsonTokenType.True : JsonTokenType.False):
                case JsonTypes.Null when actual == JsonTypes.Null:
                    return true;
                case JsonTypes.Number when actual is JsonTypes.Number or JsonTypes.Integer:
                    if (value.Element is { } exact && !coerced
                            ? JsonValueEquality.Equals(instance ??= ScalarAt(reader), exact)
                            : number == value.Number)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static JsonElement ScalarAt(Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Whether bytes are valid UTF-8 (invalid ones go the text path, whose transcoding rejects them); and whether all ASCII.</summary>
    private static bool IsValidUtf8(ReadOnlySpan<byte> utf8, out bool ascii)
    {
        ascii = System.Text.Ascii.IsValid(utf8);
        return ascii || System.Text.Unicode.Utf8.IsValid(utf8);
    }

    /// <summary>Which of a node's required names an object has shown so far.</summary>
    private struct RequiredMembers
    {
        private readonly bool[]? _many;
        private ulong _bits;

        public RequiredMembers(SchemaNode node)
        {
            _many = node.RequiredFitsBits ? null : new bool[node.Required.Count];
            _bits = 0;
        }

        /// <summary>Notes the member name at the reader, whose property index in the node is <paramref name="property"/> (or -1).</summary>
        public void Mark(ref Utf8JsonReader reader, SchemaNode node, int property)
        {
            if (_many is null)
            {
                if (property >= 0)
                {
                    _bits |= node.PropertyRequiredBits[property];
                }

                var others = node.RequiredOutsideProperties & ~_bits;
                while (others != 0)
                {
                    var i = System.Numerics.BitOperations.TrailingZeroCount(others);
                    others &= others - 1;
                    if (reader.ValueTextEquals(node.RequiredUtf8[i]))
                    {
                        _bits |= 1UL << i;
                    }
                }

                return;
            }

            for (var i = 0; i < _many.Length; i++)
            {
                if (!_many[i] && reader.ValueTextEquals(node.RequiredUtf8[i]))
                {
                    _many[i] = true;
                }
            }
        }

        public readonly bool Seen(int index) => _many is null ? (_bits & (1UL << index)) != 0 : _many[index];
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void SkipValue(ref Utf8JsonReader reader) => reader.Skip();

    /// <summary>Finds a member of the object at <paramref name="start"/>; <paramref name="member"/> is left on its value.</summary>
    private static bool FindMember(Utf8JsonReader start, ReadOnlySpan<byte> name, out Utf8JsonReader member)
    {
        var reader = start;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIt = reader.ValueTextEquals(name);
            reader.Read();
            if (isIt)
            {
                member = reader;
                return true;
            }

            reader.Skip();
        }

        member = start;
        return false;
    }

    private readonly bool AreUnique(int arrayStart)
    {
        using var document = JsonDocument.Parse(RawValue(arrayStart).ToArray());
        var items = document.RootElement.EnumerateArray().Select(MemberNames.FirstOccurrences).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (JsonValueEquality.Equals(items[i], items[j]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
