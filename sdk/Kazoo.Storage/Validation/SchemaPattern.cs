using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Validation;

/// <summary>
/// A schema regex with a fast path: the shapes Kazoo's schemas use most (<c>^_</c>, <c>^pvt_</c>,
/// <c>^[a-z0-9]{32}$</c>, <c>^[^\s]*$</c>) are matched without the regex engine, with the regex's exact meaning
/// (repetitions count code points, as PCRE in UTF mode does, and <c>$</c> matches before one final <c>\n</c>); every
/// other pattern goes to the compiled <see cref="Regex"/> with its timeout. Only regexes made by
/// <see cref="SchemaRegex.Create"/> get the fast path: their PCRE text is known.
/// </summary>
internal sealed class SchemaPattern
{
    private readonly Regex _regex;
    private readonly string? _prefix;
    private readonly SearchValues<char>? _set;
    private readonly bool _negated;
    private readonly int _min;
    private readonly int _max;

    private readonly byte[]? _prefixUtf8;
    private readonly SearchValues<byte>? _byteSet;

    private SchemaPattern(Regex regex, string? prefix, string? setChars, bool negated, int min, int max)
    {
        _regex = regex;
        Source = SchemaRegex.SourceOf(regex);
        _prefix = prefix;
        _set = setChars is null ? null : SearchValues.Create(setChars);
        _negated = negated;
        _min = min;
        _max = max;
        if (prefix is not null && Ascii.IsValid(prefix))
        {
            _prefixUtf8 = Encoding.ASCII.GetBytes(prefix);
        }
        else if (setChars is not null && Ascii.IsValid(setChars))
        {
            _byteSet = SearchValues.Create(Encoding.ASCII.GetBytes(setChars));
        }
    }

    /// <summary>
    /// Whether <see cref="IsMatchUtf8"/> can decide: the pattern is a fast-path shape over ASCII only, so matching the
    /// UTF-8 bytes is the same as matching the text.
    /// </summary>
    public bool HasUtf8Path => _prefixUtf8 is not null || _byteSet is not null;

    /// <summary>
    /// Whether a JSON string's raw bytes match, for a pattern with <see cref="HasUtf8Path"/>. The bytes must be valid
    /// UTF-8 and unescaped (so they hold no control character: <c>$</c>'s final <c>\n</c> case cannot arise).
    /// </summary>
    /// <param name="utf8">The unescaped value.</param>
    /// <param name="ascii">Whether every byte is ASCII (then the UTF-16 length is the byte count).</param>
    public bool IsMatchUtf8(ReadOnlySpan<byte> utf8, bool ascii)
    {
        if (_prefixUtf8 is not null)
        {
            return utf8.StartsWith(_prefixUtf8);
        }

        if (_min > 0 || _max < int.MaxValue)
        {
            var length = ascii ? utf8.Length : CodePoints.Count(utf8);
            if (length < _min || length > _max)
            {
                return false;
            }
        }

        // An ASCII set holds no byte of a multi-byte sequence: a non-ASCII character is outside it, as in the text.
        return _negated ? utf8.IndexOfAny(_byteSet!) < 0 : utf8.IndexOfAnyExcept(_byteSet!) < 0;
    }

    /// <summary>The regex this pattern stands for.</summary>
    public Regex Regex => _regex;

    /// <summary>The pattern as the schema writes it (what Kazoo's errors quote).</summary>
    public string Source { get; }

    /// <summary>Makes the matcher for a compiled schema regex.</summary>
    /// <param name="regex">The regex (its text is the .NET translation of the schema's pattern).</param>
    public static SchemaPattern For(Regex regex)
    {
        var text = SchemaRegex.UnitTranslationOf(regex);
        if (text is null || (regex.Options & ~(RegexOptions.Compiled | RegexOptions.CultureInvariant)) != 0)
        {
            return new(regex, null, null, false, 0, 0);
        }

        if (TryPrefix(text, out var prefix))
        {
            return new(regex, prefix, null, false, 0, 0);
        }

        if (TryRepeatedClass(text, out var setChars, out var negated, out var min, out var max))
        {
            return new(regex, null, setChars, negated, min, max);
        }

        return new(regex, null, null, false, 0, 0);
    }

    /// <summary>Whether the text matches; a regex that times out does not match.</summary>
    /// <param name="text">The text.</param>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (_prefix is not null)
        {
            return text.StartsWith(_prefix, StringComparison.Ordinal);
        }

        if (_set is not null)
        {
            // '$' also matches before a final '\n', which the class may not contain.
            if (Matches(text))
            {
                return true;
            }

            return text.Length > 0 && text[^1] == '\n' && Matches(text[..^1]);
        }

        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // a pattern that cannot decide in time does not match
        }
    }

    private bool Matches(ReadOnlySpan<char> text)
    {
        if (_min > 0 || _max < int.MaxValue)
        {
            var length = CodePoints.Count(text);
            if (length < _min || length > _max)
            {
                return false;
            }
        }

        return _negated ? text.IndexOfAny(_set!) < 0 : text.IndexOfAnyExcept(_set!) < 0;
    }

    // "^abc": an anchored literal with no metacharacter.
    private static bool TryPrefix(string text, out string prefix)
    {
        prefix = "";
        if (text.Length < 2 || text[0] != '^')
        {
            return false;
        }

        var literal = text.AsSpan(1);
        if (literal.IndexOfAny(@"\.[](){}*+?^$|#") >= 0 || literal.ContainsAnyInRange('\0', ' '))
        {
            return false;
        }

        prefix = literal.ToString();
        return true;
    }

    // "^[set]{n}$", "^([set]){n,m}$", "^[^set]*$", "^[set]+$"
    private static bool TryRepeatedClass(string text, out string? setChars, out bool negated, out int min, out int max)
    {
        setChars = null;
        negated = false;
        min = max = 0;
        if (text.Length < 5 || text[0] != '^' || text[^1] != '$' || (text.Length >= 2 && text[^2] == '\\'))
        {
            return false;
        }

        var body = text.AsSpan(1, text.Length - 2);
        var grouped = body.StartsWith("([");
        if (grouped)
        {
            body = body[1..];
        }

        if (body.Length == 0 || body[0] != '[')
        {
            return false;
        }

        var i = 1;
        if (i < body.Length && body[i] == '^')
        {
            negated = true;
            i++;
        }

        var chars = new List<char>();
        var first = true;
        while (i < body.Length && (body[i] != ']' || first))
        {
            first = false;
            if (!TryClassChar(body, ref i, out var low))
            {
                return false;
            }

            if (i + 1 < body.Length && body[i] == '-' && body[i + 1] != ']')
            {
                i++;
                if (!TryClassChar(body, ref i, out var high) || high < low)
                {
                    return false;
                }

                for (var c = low; c <= high; c++)
                {
                    chars.Add(c);
                }
            }
            else
            {
                chars.Add(low);
            }
        }

        if (i >= body.Length || chars.Count == 0 || chars.Exists(char.IsSurrogate))
        {
            return false; // a character outside the BMP is two units: the regex knows it as one
        }

        var rest = body[(i + 1)..];
        if (grouped)
        {
            if (rest.Length == 0 || rest[0] != ')')
            {
                return false;
            }

            rest = rest[1..];
        }

        if (!TryQuantifier(rest, out min, out max))
        {
            return false;
        }

        setChars = new string(chars.Distinct().ToArray());
        return true;
    }

    private static bool TryClassChar(ReadOnlySpan<char> body, ref int i, out char c)
    {
        c = body[i];
        if (c == '[')
        {
            return false; // nested classes, [:alpha:] and the like
        }

        if (c != '\\')
        {
            i++;
            return true;
        }

        if (i + 1 >= body.Length)
        {
            return false;
        }

        var escaped = body[i + 1];
        switch (escaped)
        {
            case 't': c = '\t'; i += 2; return true;
            case 'n': c = '\n'; i += 2; return true;
            case 'f': c = '\f'; i += 2; return true;
            case 'r': c = '\r'; i += 2; return true;
            case 'x' when i + 3 < body.Length && char.IsAsciiHexDigit(body[i + 2]) && char.IsAsciiHexDigit(body[i + 3]):
                c = (char)Convert.ToInt32(body.Slice(i + 2, 2).ToString(), 16);
                i += 4;
                return true;
            default:
                if (char.IsAsciiLetterOrDigit(escaped))
                {
                    return false; // \d, \w, \b, \p{…}: not handled here
                }

                c = escaped;
                i += 2;
                return true;
        }
    }

    private static bool TryQuantifier(ReadOnlySpan<char> text, out int min, out int max)
    {
        min = 0;
        max = int.MaxValue;
        switch (text)
        {
            case "*":
                return true;
            case "+":
                min = 1;
                return true;
        }

        if (text.Length < 3 || text[0] != '{' || text[^1] != '}')
        {
            return false;
        }

        var inner = text[1..^1];
        var comma = inner.IndexOf(',');
        if (comma < 0)
        {
            if (!int.TryParse(inner, System.Globalization.NumberStyles.None, null, out min))
            {
                return false;
            }

            max = min;
            return true;
        }

        if (!int.TryParse(inner[..comma], System.Globalization.NumberStyles.None, null, out min))
        {
            return false;
        }

        var upper = inner[(comma + 1)..];
        if (upper.Length == 0)
        {
            return true;
        }

        return int.TryParse(upper, System.Globalization.NumberStyles.None, null, out max) && max >= min;
    }
}
