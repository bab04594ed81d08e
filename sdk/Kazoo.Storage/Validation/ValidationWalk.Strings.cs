using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Validation;

/// <summary>The validation walk over strings: lengths and patterns.</summary>
internal ref partial struct ValidationWalk
{
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
}
