using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>The validation walk over numbers: bounds, exact where doubles are not, and multipleOf.</summary>
internal ref partial struct ValidationWalk
{
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
}
