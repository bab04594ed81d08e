using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>The validation walk over reporting: errors in Crossbar's shape, echoed values (masked), and the path.</summary>
internal ref partial struct ValidationWalk
{
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

}
