using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

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
    private int _inOneOf;
    private bool _failed;
    private bool _stop;
    private readonly bool _verdictOnly;
    private TopLevelMembers _topLevel;

    /// <param name="input">The document.</param>
    /// <param name="set">The schemas.</param>
    /// <param name="options">Mode and Kazoo settings.</param>
    /// <param name="path">The path stack.</param>
    /// <param name="rootSchemaId">The schema the document is checked against.</param>
    /// <param name="verdictOnly">Stop at the first failure, reporting nothing (<see cref="Stopped"/> tells).</param>
    public ValidationWalk(ReadOnlySpan<byte> input, SchemaSet set, ValidationOptions options, Span<PathSegment> path, string rootSchemaId, bool verdictOnly = false)
    {
        _input = input;
        _set = set;
        _options = options;
        _path = path;
        _rootSchemaId = rootSchemaId;
        _depth = 0;
        _silent = 0;
        _inOneOf = 0;
        _failed = false;
        _stop = false;
        _verdictOnly = verdictOnly;
        _topLevel = default;
        Errors = null;
    }

    /// <summary>Whether a verdict-only walk stopped at a failure (the reader is then somewhere inside the document).</summary>
    public readonly bool Stopped => _stop;

    public ErrorSink? Errors { get; private set; }

    private readonly bool Exact => _options.Mode == ValidationMode.KazooExact;

    /// <summary>Checks the value at the reader against a node; returns whether it is valid.</summary>
    public bool Validate(ref Utf8JsonReader reader, int nodeIndex)
    {
        var node = _set[nodeIndex];
        var failedBefore = _failed;
        var errorsBefore = Errors?.Count ?? 0;
        _failed = false;

        if (node.IsBareOneOf && !Exact)
        {
            // Nothing to check but the oneOf: the chosen branch reads the value once, on the reader itself.
            CheckOneOf(ref reader, node, consume: true);
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

        var failed = _failed || (Errors?.Count ?? 0) > errorsBefore;
        _failed = failedBefore || failed;
        return !failed;
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
            if (Exact && _inOneOf == 0 && token == JsonTokenType.String && TryCoerce(ref reader, node.Types, out coercedNumber, out actual))
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
                if (node.Enum is { } values && !EnumContains(ref reader, values, actual, 0))
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
        var needsText = node.MinLength >= 0 || node.MaxLength >= 0 || node.Pattern is not null || node.Format is not null || node.KazooValidation;
        if (node.Enum is { } values && !EnumContains(ref reader, values, JsonTypes.String, 0))
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node));
            }
        }

        if (!needsText)
        {
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
                var codePoints = CodePoints(text);
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

            if (node.PatternMatcher is { } pattern && !pattern.IsMatch(text))
            {
                if (Failing())
                {
                    Report(ref reader, "pattern", new Detail("Failed to match pattern '" + pattern.Regex + "'", Target: Json.Of(pattern.Regex.ToString()), WithValue: true));
                }
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

    private void CheckNumber(ref Utf8JsonReader reader, SchemaNode node, double value, bool coerced)
    {
        if (node.Enum is { } values && !EnumContains(ref reader, values, JsonTypes.Number, value, coerced))
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node));
            }
        }

        if (node.Minimum is { } minimum && (node.ExclusiveMinimum ? value <= minimum : value < minimum))
        {
            if (Failing())
            {
                Report(ref reader, "minimum", new Detail(
                    (node.ExclusiveMinimum ? "Value must be greater than " : "Value must be at least ") + Format(minimum), Target: Json.Of(minimum), WithValue: true));
            }
        }

        if (node.Maximum is { } maximum && (node.ExclusiveMaximum ? value >= maximum : value > maximum))
        {
            if (Failing())
            {
                Report(ref reader, "maximum", new Detail(
                    (node.ExclusiveMaximum ? "Value must be less than " : "Value must be at most ") + Format(maximum), Target: Json.Of(maximum), WithValue: true));
            }
        }
    }

    private void CheckObject(ref Utf8JsonReader reader, SchemaNode node)
    {
        var objectStart = reader;
        if (node.Enum is not null)
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node)); // Kazoo's enums hold scalars only
            }
        }

        Span<bool> seen = node.Required.Count <= 32 ? stackalloc bool[32] : new bool[node.Required.Count];
        Span<char> nameBuffer = stackalloc char[StackChars];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            count++;
            var nameOffset = (int)reader.TokenStartIndex;
            var property = -1;
            for (var i = 0; i < node.Properties.Count; i++)
            {
                if (reader.ValueTextEquals(node.Properties[i].Utf8Name))
                {
                    property = i;
                    break;
                }
            }

            for (var i = 0; i < node.Required.Count; i++)
            {
                if (!seen[i] && reader.ValueTextEquals(node.RequiredUtf8[i]))
                {
                    seen[i] = true;
                }
            }

            // Member names go through the patterns as text; a long name gets a pooled buffer.
            ulong patterns = 0;
            if (node.PatternProperties.Count > 0)
            {
                var byteLength = reader.ValueSpan.Length;
                char[]? rented = null;
                var buffer = byteLength <= StackChars ? nameBuffer : (rented = ArrayPool<char>.Shared.Rent(byteLength));
                var name = buffer[..reader.CopyString(buffer)];
                for (var i = 0; i < node.PatternProperties.Count && i < 64; i++)
                {
                    if (node.PatternProperties[i].Matcher.IsMatch(name))
                    {
                        patterns |= 1UL << i;
                    }
                }

                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }

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

            Push(nameOffset, -1);
            var schemas = (property >= 0 ? 1 : 0) + System.Numerics.BitOperations.PopCount(patterns);
            if (schemas == 0)
            {
                if (!node.AdditionalPropertiesAllowed)
                {
                    var at = objectStart;
                    if (Failing())
                    {
                        Report(ref at, "additionalProperties", new Detail("Strict checking of data is enabled; only include schema-defined properties", WithValue: true));
                    }
                    SkipValue(ref reader);
                }
                else if (node.AdditionalProperties >= 0)
                {
                    Validate(ref reader, node.AdditionalProperties);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
            else if (schemas == 1)
            {
                Validate(ref reader, property >= 0 ? node.Properties[property].Schema : node.PatternProperties[System.Numerics.BitOperations.TrailingZeroCount(patterns)].Schema);
            }
            else
            {
                if (property >= 0)
                {
                    var copy = reader;
                    Validate(ref copy, node.Properties[property].Schema);
                }

                for (var i = 0; i < node.PatternProperties.Count && i < 64; i++)
                {
                    if ((patterns & (1UL << i)) != 0)
                    {
                        var copy = reader;
                        Validate(ref copy, node.PatternProperties[i].Schema);
                    }
                }

                SkipValue(ref reader);
            }

            Pop();
            if (_stop)
            {
                return; // the verdict is known; the reader is abandoned
            }
        }

        for (var i = 0; i < node.Required.Count; i++)
        {
            if (!seen[i])
            {
                var at = objectStart;
                if (Failing())
                {
                    Report(ref at, "required", new Detail("Field is required but missing", Value: Json.Of(node.Required[i])), node.Required[i]);
                }
            }
        }

        if (node.MinProperties >= 0 && count < node.MinProperties)
        {
            var at = objectStart;
            if (Failing())
            {
                Report(ref at, "minProperties", new Detail("Object must have at least " + node.MinProperties + " properties", Target: Json.Of(node.MinProperties), WithValue: true));
            }
        }

        if (node.MaxProperties >= 0 && count > node.MaxProperties)
        {
            var at = objectStart;
            if (Failing())
            {
                Report(ref at, "maxProperties", new Detail("Object must not have more than " + node.MaxProperties + " properties", Target: Json.Of(node.MaxProperties), WithValue: true));
            }
        }
    }

    private void CheckArray(ref Utf8JsonReader reader, SchemaNode node)
    {
        var arrayStart = reader;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Push(-1, count);
            if (node.Items >= 0)
            {
                Validate(ref reader, node.Items);
            }
            else
            {
                SkipValue(ref reader);
            }

            Pop();
            if (_stop)
            {
                return;
            }

            count++;
        }

        if (node.MinItems >= 0 && count < node.MinItems)
        {
            var at = arrayStart;
            if (Failing())
            {
                Report(ref at, "minItems", new Detail("The list is not at least " + node.MinItems + " items", Target: Json.Of(node.MinItems), WithValue: true));
            }
        }

        if (node.MaxItems >= 0 && count > node.MaxItems)
        {
            var at = arrayStart;
            if (Failing())
            {
                Report(ref at, "maxItems", new Detail("The list is more than " + node.MaxItems + " items", Target: Json.Of(node.MaxItems), WithValue: true));
            }
        }

        if (node.UniqueItems && !AreUnique(arrayStart))
        {
            var at = arrayStart;
            if (Failing())
            {
                Report(ref at, "uniqueItems", new Detail("List of items is not unique", Target: Json.Of(true), WithValue: true));
            }
        }
    }

    // ---- combinators ----

    private void CheckCombinators(ref Utf8JsonReader start, SchemaNode node)
    {
        if (node.OneOf.Count > 0)
        {
            CheckOneOf(ref start, node);
        }

        if (node.AnyOf.Count > 0)
        {
            var any = false;
            for (var b = 0; b < node.AnyOf.Count; b++)
            {
                var branch = node.AnyOf[b];
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

        for (var a = 0; a < node.AllOf.Count && !_stop; a++)
        {
            var schema = node.AllOf[a];
            var copy = start;
            Validate(ref copy, schema);
        }

        if (node.Not >= 0 && Quietly(start, node.Not))
        {
            var at = start;
            if (Failing())
            {
                Report(ref at, "not_schema_valid", new Detail("failed to validate", WithValue: true));
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
                    ValidateBranch(ref start, node.OneOf[i], consume);
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

        if (!Exact && node.OneOf.Count == 1)
        {
            // Exactly one of one: the branch's own errors are the precise answer (Kazoo's connections shape).
            ValidateBranch(ref start, node.OneOf[0], consume);
            return;
        }

        var candidates = ulong.MaxValue;
        if (start.TokenType == JsonTokenType.StartObject && node.ShapeOfOneOf(_set) is { } shape)
        {
            candidates = shape.Candidates(start); // the other branches fail on a member they do not declare
        }

        var matches = 0;
        for (var b = 0; b < node.OneOf.Count; b++)
        {
            var branch = node.OneOf[b];
            if (b < 64 && (candidates & (1UL << b)) == 0)
            {
                continue;
            }

            if (Quietly(start, branch, inOneOf: true))
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
                    Exact ? "failed to validate" : matches == 0 ? "failed to validate: matches none of the " + node.OneOf.Count + " allowed shapes" : "failed to validate: matches " + matches + " shapes, exactly one must match",
                    WithValue: true));
            }
        }

        SkipIf(consume, ref start);
    }

    /// <summary>Validates a oneOf branch, on the reader itself when consuming, else on a copy.</summary>
    private void ValidateBranch(ref Utf8JsonReader start, int branch, bool consume)
    {
        _inOneOf++;
        if (consume)
        {
            Validate(ref start, branch);
        }
        else
        {
            var copy = start;
            Validate(ref copy, branch);
        }

        _inOneOf--;
    }

    private static void SkipIf(bool consume, ref Utf8JsonReader reader)
    {
        if (consume)
        {
            reader.Skip();
        }
    }

    /// <summary>Validates a copy of the reader without reporting; returns whether the value is valid.</summary>
    private bool Quietly(Utf8JsonReader start, int schema, bool inOneOf = false)
    {
        _silent++;
        if (inOneOf)
        {
            _inOneOf++;
        }

        var failedBefore = _failed;
        var depthBefore = _depth;
        _failed = false;
        Validate(ref start, schema);
        var valid = !_failed;
        _failed = failedBefore;
        _stop = false; // a branch stops at its first failure; the walk goes on
        _depth = depthBefore;
        if (inOneOf)
        {
            _inOneOf--;
        }

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

    private void Report(ref Utf8JsonReader at, string code, Detail detail, string? extraKey = null)
    {
        var path = PathText(extraKey);
        var lastKey = extraKey ?? LastKey();
        var secret = lastKey is not null && SecretNames.IsSecret(lastKey);
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
                // A scalar under a secret name is masked; in objects and arrays every secret-named member is.
                using var document = JsonDocument.Parse(RawValue(at).ToArray());
                var maskScalar = secret && document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);
                writer.WritePropertyName("value");
                SecretNames.WriteMasked(writer, document.RootElement, maskScalar);
                if (detail.Cause)
                {
                    writer.WritePropertyName("cause");
                    SecretNames.WriteMasked(writer, document.RootElement, maskScalar);
                }
            }

            writer.WriteEndObject();
        }

        using var detailDocument = JsonDocument.Parse(buffer.WrittenMemory);
        (Errors ??= new ErrorSink(_options.Mode)).Add(new ValidationError(path, code, detailDocument.RootElement.Clone()));
    }

    private Detail LengthDetail(string message, int target) => new(message, Target: Json.Of(target), WithValue: true, Cause: true);

    private static Detail TypeDetail(JsonTypes types)
    {
        var names = TypeNames(types);
        return new Detail("Value did not match type(s): " + string.Join(", ", names), Target: names.Count == 1 ? Json.Of(names[0]) : Json.Of(names), WithValue: true);
    }

    private static Detail EnumDetail(SchemaNode node) =>
        new("Value not found in enumerated list of values", Target: Json.Of(node.Enum!), WithValue: true);

    private readonly ReadOnlySpan<byte> RawValue(Utf8JsonReader at)
    {
        var start = (int)at.TokenStartIndex;
        at.Skip();
        return _input[start..(int)at.BytesConsumed];
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

    private readonly string? LastKey() =>
        _depth > 0 && _depth <= _path.Length && _path[_depth - 1].NameOffset >= 0 ? NameAt(_path[_depth - 1].NameOffset) : null;

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

    private static bool EnumContains(ref Utf8JsonReader reader, IReadOnlyList<EnumValue> values, JsonTypes actual, double number, bool coerced = false)
    {
        for (var v = 0; v < values.Count; v++)
        {
            var value = values[v];
            switch (value.Kind)
            {
                case JsonTypes.String when actual == JsonTypes.String && !coerced && reader.ValueTextEquals(value.Utf8):
                case JsonTypes.Number when (actual is JsonTypes.Number or JsonTypes.Integer) && number == value.Number:
                case JsonTypes.Boolean when actual == JsonTypes.Boolean && reader.TokenType == (value.Boolean ? JsonTokenType.True : JsonTokenType.False):
                case JsonTypes.Null when actual == JsonTypes.Null:
                    return true;
            }
        }

        return false;
    }

    private static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
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

    private readonly bool AreUnique(Utf8JsonReader arrayStart)
    {
        using var document = JsonDocument.Parse(RawValue(arrayStart).ToArray());
        var items = document.RootElement.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (JsonElement.DeepEquals(items[i], items[j]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
