using System.Globalization;

namespace Kazoo.Storage.Validation;

/// <summary>
/// <c>multipleOf</c> on JSON numbers. In binary floating point <c>19.99 / 0.01</c> is <c>1998.9999999999998</c> and
/// <c>0.0075 / 0.0001</c> is <c>74.99999999999999</c>, so a number and a divisor that are both exact decimals (at most
/// 28 significant digits, as System.Decimal holds) are divided in decimal, from the number's JSON text. Anything larger
/// or finer falls back to double division, whose quotient must be a finite integer.
/// </summary>
internal static class ExactNumber
{
    private const int DecimalDigits = 28;

    /// <summary>Whether a number is a multiple of a divisor.</summary>
    /// <param name="text">The number's JSON text (a coerced string's text may not be JSON: then the double decides).</param>
    /// <param name="value">The number as a double (NaN when it has none).</param>
    /// <param name="divisor">The <c>multipleOf</c> value.</param>
    /// <param name="exactDivisor">The divisor as a decimal, when it is one exactly (<see cref="DecimalOf"/>).</param>
    public static bool IsMultiple(ReadOnlySpan<byte> text, double value, double divisor, decimal? exactDivisor)
    {
        if (exactDivisor is { } exact && TryDecimal(text, out var number))
        {
            return number % exact == 0m;
        }

        var quotient = value / divisor;
        return double.IsFinite(quotient) && Math.Floor(quotient) == quotient;
    }

    /// <summary>A schema's divisor as a decimal, from its shortest round-trip text (<c>0.01</c>, not the binary value); null when not exact or zero.</summary>
    /// <param name="divisor">The divisor.</param>
    public static decimal? DecimalOf(double divisor)
    {
        Span<byte> text = stackalloc byte[32];
        return double.IsFinite(divisor) && divisor.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture)
            && TryDecimal(text[..written], out var exact) && exact != 0m
            ? exact
            : null;
    }

    /// <summary>
    /// Reads JSON number text (<c>-?digits[.digits][(e|E)[+|-]digits]</c>) as a decimal when the decimal is exactly the
    /// number: at most 28 significant digits, at most 28 decimal places, and an integer part that fits.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The number.</param>
    public static bool TryDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0m;
        var i = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var integerDigits = Digits(text, ref i);
        var fractionDigits = 0;
        if (integerDigits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            fractionDigits = Digits(text, ref i);
            if (fractionDigits == 0)
            {
                return false;
            }
        }

        var exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var negative = i < text.Length && text[i] == '-';
            i += i < text.Length && (text[i] == '-' || text[i] == '+') ? 1 : 0;
            var exponentStart = i;
            var exponentDigits = Digits(text, ref i);
            if (exponentDigits is 0 or > 6)
            {
                return false; // no exponent, or one far outside decimal's range
            }

            exponent = int.Parse(text.Slice(exponentStart, exponentDigits), NumberStyles.None, CultureInfo.InvariantCulture);
            exponent = negative ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        // The significant digits, and the power of ten of the last one.
        var start = text[0] == '-' ? 1 : 0;
        var digits = text.Slice(start, integerDigits + (fractionDigits > 0 ? fractionDigits + 1 : 0));
        var leading = 0;
        var trailing = 0;
        var significant = 0;
        foreach (var c in digits)
        {
            if (c == '.')
            {
                continue;
            }

            if (c == '0')
            {
                trailing++;
                leading += significant == 0 ? 1 : 0;
            }
            else
            {
                significant += trailing + 1 - (significant == 0 ? leading : 0);
                trailing = 0;
            }
        }

        if (significant == 0)
        {
            return true; // zero
        }

        var lastPower = exponent - fractionDigits + trailing;
        if (significant > DecimalDigits || (lastPower < 0 ? -lastPower > DecimalDigits : significant + lastPower > DecimalDigits))
        {
            return false;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static int Digits(ReadOnlySpan<byte> text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }

        return i - start;
    }
}
