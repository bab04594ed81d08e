using System.Text;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Validation;

/// <summary>
/// How schema regexes are compiled: once, culture-invariant, with PCRE's meaning, and in linear time where .NET can
/// (<see cref="RegexOptions.NonBacktracking"/>), so that no input can make a match time out and change a verdict.
/// Patterns that need backtracking (back-references, look-arounds) keep it, bounded by <see cref="Timeout"/>.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class SchemaRegex
{
    /// <summary>
    /// The match timeout of a pattern that needs backtracking: a pathological pattern or input fails the rule instead of
    /// hanging. Generous, so that a busy machine (or the JIT's first call) does not turn a match into a miss.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const string Space = @"\t\n\x0B\f\r ";
    private const string SurrogatePair = @"[\uD800-\uDBFF][\uDC00-\uDFFF]";
    private const string Surrogates = @"\uD800-\uDFFF";

    /// <summary>Compiles an unanchored schema regex with Kazoo's (PCRE in UTF mode, without <c>ucp</c>) meaning.</summary>
    /// <param name="pattern">The pattern, as the schema writes it.</param>
    public static Regex Create(string pattern)
    {
        var translated = ToDotNet(pattern);
        try
        {
            return new PcreRegex(pattern, translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new PcreRegex(pattern, translated, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
    }

    /// <summary>
    /// Kazoo matches with Erlang's <c>re</c> (PCRE) in <c>unicode</c> mode without <c>ucp</c>. Rewrites a PCRE pattern so
    /// that .NET gives it that meaning: <c>\s</c>, <c>\d</c> and <c>\w</c> are ASCII only (.NET's are Unicode:
    /// <c>\s</c> matches U+00A0, U+2028 …); and a character is a code point, not a UTF-16 unit, so <c>.</c>,
    /// <c>[^…]</c>, <c>\S</c>, <c>\D</c> and <c>\W</c> consume a whole surrogate pair, and a quantifier after a
    /// character outside the BMP repeats the whole character (<c>^🐲{2}$</c> matches two dragons).
    /// </summary>
    /// <param name="pattern">A PCRE pattern.</param>
    public static string ToDotNet(string pattern) => ToDotNet(pattern, codePoints: true);

    /// <summary>The schema's own text of a regex made by <see cref="Create"/>, else the regex's text.</summary>
    /// <param name="regex">A regex.</param>
    internal static string SourceOf(Regex regex) => regex is PcreRegex pcre ? pcre.Source : regex.ToString();

    /// <summary>
    /// For a regex made by <see cref="Create"/>, the pattern translated over UTF-16 units (ASCII classes, no surrogate
    /// pairs): what the fast matcher of <see cref="SchemaPattern"/> reads, as it counts code points itself; else null.
    /// </summary>
    /// <param name="regex">A regex.</param>
    internal static string? UnitTranslationOf(Regex regex) => regex is PcreRegex pcre ? ToDotNet(pcre.Source, codePoints: false) : null;

    private static string ToDotNet(string pattern, bool codePoints)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        var negatedClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                var replacement = (next, inClass) switch
                {
                    ('s', true) => Space,
                    ('s', false) => "[" + Space + "]",
                    ('S', false) => AnyBut(Space, codePoints),
                    ('d', true) => "0-9",
                    ('d', false) => "[0-9]",
                    ('D', false) => AnyBut("0-9", codePoints),
                    ('w', true) => "A-Za-z0-9_",
                    ('w', false) => "[A-Za-z0-9_]",
                    ('W', false) => AnyBut("A-Za-z0-9_", codePoints),
                    _ => null,
                };
                builder.Append(replacement ?? "\\" + next);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                    builder.Append(negatedClass && codePoints ? Surrogates + "])" : "]");
                }
                else
                {
                    builder.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    negatedClass = i + 1 < pattern.Length && pattern[i + 1] == '^';
                    if (negatedClass)
                    {
                        builder.Append(codePoints ? "(?:" + SurrogatePair + "|[^" : "[^");
                        i++;
                    }
                    else
                    {
                        builder.Append('[');
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        builder.Append(']'); // a ']' first in a class is a literal
                        i++;
                    }

                    break;
                case '.' when codePoints:
                    builder.Append(AnyBut(@"\n", codePoints));
                    break;
                case var high when codePoints && char.IsHighSurrogate(high) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]):
                    // A quantifier after the pair would repeat its low half alone: group the pair.
                    var quantified = i + 2 < pattern.Length && pattern[i + 2] is '*' or '+' or '?' or '{';
                    builder.Append(quantified ? "(?:" : "").Append(high).Append(pattern[++i]).Append(quantified ? ")" : "");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>One character outside a set: with code points, a surrogate pair or one non-surrogate unit outside it.</summary>
    private static string AnyBut(string set, bool codePoints) =>
        codePoints ? "(?:" + SurrogatePair + "|[^" + set + Surrogates + "])" : "[^" + set + "]";

    /// <summary>A schema regex that remembers the schema's text, which errors quote as Kazoo does.</summary>
    private sealed class PcreRegex(string source, string translated, RegexOptions options)
        : Regex(translated, options, Timeout)
    {
        public string Source { get; } = source;
    }
}
