using System.Globalization;
using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>
/// The state of one validation: the input, where the reader is (as a path of member-name offsets and indexes), and
/// the errors found. Every <c>Validate</c> call starts on a value's first token and leaves the reader on its last.
/// Sub-schemas that must look at the same value twice (combinators, several matching patterns) use copies of the
/// reader, which is a struct: no buffering, no allocation.
/// </summary>
/// <remarks>One file per keyword family: strings, numbers, objects, arrays, combinators, and the reporting of errors.</remarks>
internal ref partial struct ValidationWalk
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

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void SkipValue(ref Utf8JsonReader reader) => reader.Skip();
}
